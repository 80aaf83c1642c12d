//! Recording a contact when it ends (a chat, from its page; a phone call, from the phone
//! page), and the yearly CHI export as CSV.

use crate::base::auth::{csrf_token, require_csrf, PageStaff};
use crate::base::error::PageError;
use crate::base::extract::{PageForm, PageLang};
use crate::base::layout::staff_page;
use crate::parts::i18n::Lang;
use crate::service::contacts::{chat_to_record, record_chat, record_phone, suggested, ContactInput};
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde::Deserialize;
use zeri_domain::chi::{ChiCategory, Disposition, Gender, Sub};

/// The fields of a contact record: disposition, CHI sub-category and gender.
fn fields(lang: Lang, chosen: Option<Sub>, data_only: bool) -> Markup {
    html! {
        fieldset {
            legend { (lang.t("sup-disposition")) }
            @for d in Disposition::ALL {
                @if !data_only || d.is_data() {
                    label class="choice" {
                        input type="radio" name="disposition" value=(d.as_str()) required checked[d.is_data()];
                        " " (lang.t(&format!("chi-disposition-{}", d.as_str().replace('_', "-"))))
                    }
                }
            }
        }
        label for="category" { (lang.t("sup-category")) small { (lang.t("sup-category-hint")) } }
        select id="category" name="category" {
            @for m in ChiCategory::ALL {
                optgroup label=(lang.t(&format!("chi-{}", m.as_str().replace('_', "-")))) {
                    @for s in Sub::ALL.iter().filter(|s| s.main() == *m) {
                        option value=(s.as_str()) selected[chosen == Some(*s)] { (lang.t(&format!("chi-sub-{}", s.as_str().replace('_', "-")))) }
                    }
                }
            }
        }
        label for="gender" { (lang.t("sup-gender")) small { (lang.t("sup-gender-hint")) } }
        select id="gender" name="gender" {
            @for g in Gender::ALL {
                option value=(g.as_str()) selected[*g == Gender::Unknown] { (lang.t(&format!("chi-gender-{}", g.as_str()))) }
            }
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct RecordForm {
    csrf: Option<String>,
    disposition: Option<String>,
    category: Option<String>,
    gender: Option<String>,
    report: Option<String>,
}

impl RecordForm {
    /// A non-data contact carries no category, whatever the select still shows.
    fn input(&self) -> ContactInput<'_> {
        let disposition = self.disposition.as_deref().unwrap_or("");
        let data = disposition == Disposition::Data.as_str();
        ContactInput {
            disposition,
            sub: self.category.as_deref().filter(|_| data),
            gender: self.gender.as_deref().filter(|_| data),
        }
    }
}

pub(crate) async fn chat_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(chat): Path<String>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let (chat, case, done) = chat_to_record(&app, &s.user, &chat).await.map_err(|f| f.page(lang))?;
    let body = html! {
        (crate::base::chrome::logout_form(&app, lang, &s))
        p { a href={ "/" (l) "/staff/chats" } { (lang.t("chat-queue-title")) } }
        h1 { (lang.t("sup-record-title")) " · " (case.report.case_ref) }
        @if let Some(r) = done {
            p class="card" role="status" data-recorded=(r.disposition) { (lang.t("sup-recorded")) }
        } @else {
            p { (lang.t("sup-record-intro")) }
            form method="post" action={ "/" (l) "/staff/contacts/chat/" (chat.id) } class="card" {
                input type="hidden" name="csrf" value=(csrf_token(&app, &s.token));
                (fields(lang, Some(suggested(&case.report)), false))
                p { button class="primary" type="submit" { (lang.t("sup-record-save")) } }
            }
        }
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], staff_page(lang, &lang.t("sup-record-title"), body)).into_response())
}

pub(crate) async fn chat_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(chat): Path<String>,
    PageForm(f): PageForm<RecordForm>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    record_chat(&app, &s.user, &chat, &f.input()).await.map_err(|f| f.page(lang))?;
    Ok(Redirect::to(&format!("/{}/staff/contacts/chat/{chat}", lang.code())).into_response())
}

#[derive(Deserialize)]
pub(crate) struct Recorded {
    recorded: Option<String>,
}

/// A phone contact: about a case (its reference id), or a non-data call about none.
pub(crate) async fn phone_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Query(q): Query<Recorded>,
) -> Result<Response, PageError> {
    let l = lang.code();
    if !zeri_domain::authorize(s.user.role, zeri_domain::Relation::None, false, zeri_domain::Action::RecordContact)
        .allowed()
    {
        return Err(PageError::new(axum::http::StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let body = html! {
        (crate::base::chrome::logout_form(&app, lang, &s))
        h1 { (lang.t("sup-phone-title")) }
        @if q.recorded.is_some() { p class="card" role="status" { (lang.t("sup-recorded")) } }
        p { (lang.t("sup-phone-intro")) }
        form method="post" action={ "/" (l) "/staff/contacts/phone" } class="card" {
            input type="hidden" name="csrf" value=(csrf_token(&app, &s.token));
            label for="report" { (lang.t("sup-phone-case")) small { (lang.t("sup-phone-case-hint")) } }
            input id="report" name="report" maxlength="64" autocomplete="off";
            (fields(lang, None, false))
            p { button class="primary" type="submit" { (lang.t("sup-record-save")) } }
        }
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], staff_page(lang, &lang.t("sup-phone-title"), body)).into_response())
}

pub(crate) async fn phone_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(f): PageForm<RecordForm>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    record_phone(&app, &s.user, f.report.as_deref(), &f.input()).await.map_err(|f| f.page(lang))?;
    Ok(Redirect::to(&format!("/{}/staff/contacts/phone?recorded=1", lang.code())).into_response())
}

#[derive(Deserialize)]
pub(crate) struct Year {
    year: Option<String>,
}

/// `GET /{lang}/staff/contacts/chi.csv?year=2025`: the CHI export of an ended year.
pub(crate) async fn chi_csv(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Query(q): Query<Year>,
) -> Result<Response, PageError> {
    let today = crate::now_ms().div_euclid(86_400_000);
    let csv = crate::service::chi::export(&app, &s.user, q.year.as_deref().unwrap_or(""), today)
        .await
        .map_err(|f| f.page(lang))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"zeri-chi.csv\""),
        ],
        csv,
    )
        .into_response())
}
