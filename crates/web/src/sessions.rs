//! Remote sessions: a psychologist or social worker offers times on the case; the child,
//! signed in with the receipt, picks one on the follow-up page, where it stays as a
//! reminder; at that time the chat goes to that professional. Voice and video are out of
//! scope: the page says so and gives the helpline's number.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde::Deserialize;
use zeri_domain::hours;
use zeri_storage::{NewEvent, SlotRow, StaffRow, StoreError};

use crate::auth;
use crate::cases::{event, invalid, permitted, Fail, Input, Outcome};
use crate::error::PageError;
use crate::extract::{PageForm, PageLang};
use crate::i18n::Lang;
use crate::views::datetime;
use crate::{now_ms, App, AppState};

/// How early before a booked session its chat goes to the professional.
const EARLY_MS: i64 = 10 * 60_000;

/// The case operation `sessions`: up to three times (`at1`…`at3`, Albanian local time) of
/// `minutes` each, in the future.
pub async fn offer(app: &App, user: &StaffRow, id: &str, input: &Input) -> Result<Outcome, Fail> {
    permitted(app, user, id, zeri_domain::Action::Reply).await?;
    let now = now_ms();
    let minutes = match input.get("minutes") {
        None => 45,
        Some(m) => m
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|m| (15..=120).contains(m))
            .ok_or_else(|| invalid("minutes", "out-of-range"))?,
    };
    let mut slots = Vec::new();
    for field in ["at1", "at2", "at3"] {
        let Some(text) = input.get(field) else { continue };
        let at = hours::parse_local(text).ok_or_else(|| invalid(field, "invalid-date"))?;
        if at <= now {
            return Err(invalid(field, "in-the-past"));
        }
        slots.push(SlotRow {
            id: uuid::Uuid::new_v4().simple().to_string(),
            report_id: id.to_owned(),
            staff_id: user.id.clone(),
            starts_at: at,
            minutes,
            status: "offered".into(),
            created_at: now,
            booked_at: None,
        });
    }
    if slots.is_empty() {
        return Err(invalid("at1", "required"));
    }
    app.store.offer_slots(&slots, &event(user, id, "session-offered", None)).await?;
    Ok(Outcome::Done)
}

/// The professional of a session booked for now (from a little before it starts to its end).
pub async fn session_now(app: &App, report_id: &str, now: i64) -> Result<Option<String>, StoreError> {
    Ok(app
        .store
        .slots(report_id)
        .await?
        .into_iter()
        .find(|s| s.status == "booked" && s.starts_at - EARLY_MS <= now && now < s.starts_at + s.minutes * 60_000)
        .map(|s| s.staff_id))
}

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
    headers: HeaderMap,
    PageForm(f): PageForm<BookForm>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let Some(s) = auth::page_survivor(&app, &headers).await.map_err(|e| PageError::internal(lang, e))? else {
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
            crate::notify::notify(&app, std::slice::from_ref(&slot.staff_id), "session", Some(&s.report_id))
                .await
                .map_err(|e| PageError::internal(lang, e))?;
        }
        Err(StoreError::Conflict { .. }) => return Err(PageError::new(StatusCode::CONFLICT, lang, "session-gone")),
        Err(e) => return Err(PageError::internal(lang, e)),
    }
    Ok(Redirect::to(&format!("/{l}/followup#sessions")).into_response())
}

/// On the case page: the times offered and booked, and the form to offer more.
pub fn case_section(lang: Lang, slots: &[SlotRow], staff: &dyn Fn(&str) -> String, form: Option<Markup>) -> Markup {
    html! {
        h2 id="sessions" { (lang.t("sessions-title")) }
        ul { @for s in slots {
            li { (datetime(s.starts_at)) " · " (s.minutes) " min · " (staff(&s.staff_id)) " · " (lang.t(&format!("sessions-status-{}", s.status))) }
        } }
        @if let Some(f) = form { (f) }
    }
}
