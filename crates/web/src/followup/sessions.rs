//! The remote sessions on the follow-up page: the child books a time.

use crate::base::auth::PageSurvivor;
use crate::base::error::PageError;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::now_ms;
use crate::parts::format::datetime;
use crate::parts::i18n::Lang;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde::Deserialize;
use zeri_storage::{NewEvent, SlotRow, StoreError};

/// On the follow-up page: the times offered to choose from, and the booked session.
pub fn followup_section(lang: Lang, slots: &[SlotRow]) -> Markup {
    let l = lang.code();
    let booked: Vec<&SlotRow> = slots.iter().filter(|s| s.status == "booked").collect();
    let offered: Vec<&SlotRow> = slots.iter().filter(|s| s.status == "offered").collect();
    html! {
        section class="card" id="sessions" {
            h2 { (lang.t("sessions-title")) }
            @for s in &booked {
                p role="status" class="reminder" { strong { (lang.t_args("sessions-booked", &[("when", datetime(s.starts_at).into()), ("minutes", s.minutes.into())])) } }
                p { (lang.t("sessions-how")) " " a href={ "/" (l) "/followup/chat" } { (lang.t("chat-now")) } }
            }
            @if !offered.is_empty() {
                p { (lang.t("sessions-offered")) }
                @for s in &offered {
                    form method="post" action={ "/" (l) "/followup/sessions" } class="inline" {
                        input type="hidden" name="slot" value=(s.id);
                        button type="submit" { (lang.t_args("sessions-choose", &[("when", datetime(s.starts_at).into()), ("minutes", s.minutes.into())])) }
                    }
                }
            }
            p class="hint" { (lang.t("sessions-text-only")) }
        }
    }
}

#[derive(Deserialize)]
pub struct BookForm {
    slot: String,
}

/// The child picks a time (the survivor session's cookie is SameSite=Strict, so another
/// site cannot post this form); the professional is told.
pub async fn book_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageSurvivor(survivor): PageSurvivor,
    PageForm(f): PageForm<BookForm>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let Some(s) = survivor else {
        return Ok(Redirect::to(&format!("/{l}/followup")).into_response());
    };
    let e = NewEvent {
        report_id: Some(s.report_id.clone()),
        at: now_ms(),
        action: "child-session-booked",
        ..NewEvent::default()
    };
    match app.store.book_slot(&f.slot, &s.report_id, now_ms(), &e).await {
        Ok(slot) => {
            crate::service::notify::notify(&app, std::slice::from_ref(&slot.staff_id), "session", Some(&s.report_id))
                .await
                .map_err(|e| PageError::internal(lang, e))?;
        }
        Err(StoreError::Conflict { .. }) => return Err(PageError::new(StatusCode::CONFLICT, lang, "session-gone")),
        Err(e) => return Err(PageError::internal(lang, e)),
    }
    Ok(Redirect::to(&format!("/{l}/followup#sessions")).into_response())
}
