//! The staff side of the chat: duty, the queue, taking, hand-over, ending and blocking.

use crate::base::auth::csrf_token;
use crate::base::auth::PageStaff;
use crate::base::auth::Staff;
use crate::base::error::PageError;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::staff_page;
use crate::chat::child::last_event_id;
use crate::chat::common::chat_box;
use crate::chat::common::fail_response;
use crate::chat::common::internal;
use crate::chat::common::refused;
use crate::chat::common::seen;
use crate::chat::common::staff_csrf;
use crate::chat::common::store;
use crate::chat::common::After;
use crate::chat::common::From;
use crate::chat::common::Seen;
use crate::chat::common::Send;
use crate::chat::stream::{stream, Watcher};
use crate::chat::talk::{conversation, log, Names, Side};
use crate::now_ms;
use crate::parts::format::datetime;
use crate::parts::i18n::Lang;
use crate::service::case::event;
use crate::service::case::load_case;
use crate::service::chat::answers_queue;
use crate::service::chat::staff_chat;
use crate::App;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use maud::{html, Markup};
use serde::Deserialize;
use std::convert::Infallible;
use zeri_domain::permission::Profession;
use zeri_domain::{authorize, hours, Action, Relation, Role};
use zeri_storage::{Author, ChatStatus, NewEvent, StaffRow, StoreError};

pub(crate) async fn staff_events(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(after): Query<After>,
) -> Result<Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>>, Response> {
    let (chat, case) = staff_chat(&app, &s.user, &id).await.map_err(fail_response)?;
    app.store.record_event(&event(&s.user, &chat.report_id, "chat-viewed", None)).await.map_err(internal)?;
    let cursor = last_event_id(&headers).or(after.after).unwrap_or(0);
    let watcher = Watcher::Staff { token: s.token.clone(), staff_id: s.user.id.clone(), chat_id: chat.id.clone() };
    Ok(stream(app.clone(), watcher, chat.report_id, case.sealer, Author::Staff, cursor, lang))
}

pub(crate) async fn staff_send(
    State(app): State<AppState>,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(m): Json<Send>,
) -> Response {
    let lang = crate::base::extract::caller_lang(&headers);
    if !staff_csrf(&app, &s, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let (chat, case) = match staff_chat(&app, &s.user, &id).await {
        Ok(c) => c,
        Err(f) => return fail_response(f),
    };
    if chat.status != ChatStatus::Active || chat.staff_id.as_deref() != Some(s.user.id.as_str()) {
        return refused(StatusCode::CONFLICT, "not-yours", lang);
    }
    let from =
        From { report_id: &chat.report_id, chat_id: &chat.id, author: Author::Staff, staff_id: Some(&s.user.id) };
    let response = store(&app, &case.sealer, from, &m, lang).await;
    if response.status() == StatusCode::CREATED {
        if let Err(e) = app.store.record_event(&event(&s.user, &chat.report_id, "replied", Some("chat"))).await {
            return internal(e);
        }
    }
    response
}

pub(crate) async fn staff_typing(
    State(app): State<AppState>,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !staff_csrf(&app, &s, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    match staff_chat(&app, &s.user, &id).await {
        Ok((chat, _)) => {
            app.chat.typing(&chat.report_id, Author::Staff);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(f) => fail_response(f),
    }
}

pub(crate) async fn staff_seen(
    State(app): State<AppState>,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(x): Json<Seen>,
) -> Response {
    if !staff_csrf(&app, &s, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    match staff_chat(&app, &s.user, &id).await {
        Ok((chat, _)) => seen(&app, &chat.report_id, Author::Survivor, x.seq).await,
        Err(f) => fail_response(f),
    }
}

pub(crate) async fn queue_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Response, PageError> {
    let l = lang.code();
    let now = now_ms();
    let err = |e: StoreError| PageError::internal(lang, e);
    let duty = app.store.on_duty().await.map_err(err)?;
    let on = duty.iter().any(|(id, _)| *id == s.user.id);
    let my_hours = app.store.hours(&s.user.id).await.map_err(err)?;
    let mut rows = Vec::new();
    for chat in app.store.live_chats().await.map_err(err)? {
        let mine = chat.staff_id.as_deref() == Some(s.user.id.as_str())
            || chat.routed_to.as_deref() == Some(s.user.id.as_str());
        if !(mine || answers_queue(&s.user)) {
            continue;
        }
        let Ok(case) = load_case(&app, &s.user, &chat.report_id).await else { continue };
        if case.may(&s.user, Action::Reply) {
            rows.push((chat, case.report.case_ref.clone()));
        }
    }
    let names = app.store.list_staff().await.map_err(err)?;
    let name = |id: &Option<String>| {
        id.as_ref().and_then(|id| names.iter().find(|s| s.id == *id)).map(|s| s.username.clone()).unwrap_or_default()
    };
    let csrf = csrf_token(&app, &s.token);
    let body = html! {
        (crate::base::chrome::logout_form(&app, lang, &s))
        h1 { (lang.t("chat-queue-title")) }
        form method="post" action={ "/" (l) "/staff/chats/duty" } class="card" {
            input type="hidden" name="csrf" value=(csrf);
            p role="status" { (lang.t(if on { "chat-on-duty" } else { "chat-off-duty" })) }
            input type="hidden" name="on" value=(if on { "0" } else { "1" });
            button type="submit" { (lang.t(if on { "chat-duty-stop" } else { "chat-duty-start" })) }
            " " span class="small" { (lang.t_args("chat-on-duty-count", &[("count", (duty.len() as i64).into())])) }
        }
        @if s.user.profession == Some(Profession::Psychologist) {
            form method="post" action={ "/" (l) "/staff/chats/hours" } class="card" {
                input type="hidden" name="csrf" value=(csrf);
                label for="hours" { (lang.t("chat-your-hours")) small { (lang.t("chat-hours-hint")) } }
                input id="hours" name="hours" value=(hours::format(&my_hours)) maxlength="300";
                p { button type="submit" { (lang.t("chat-hours-save")) } }
            }
        }
        div data-live={ "/" (l) "/staff/chats?" (crate::base::auth::AUTO_RELOAD) } data-live-seconds="10" {
        @if rows.is_empty() { p { (lang.t("chat-queue-empty")) } }
        table class="chats" {
            thead { tr { th { (lang.t("chat-col-case")) } th { (lang.t("chat-col-state")) } th { (lang.t("chat-col-waiting")) } th { (lang.t("chat-col-who")) } th {} } }
            tbody {
                @for (chat, case_ref) in &rows {
                    tr data-chat-row=(chat.id) {
                        td { (case_ref) }
                        td { (lang.t(&format!("chat-{}", chat.status.as_str()))) }
                        td { @if chat.status == ChatStatus::Waiting { (lang.t_args("chat-minutes", &[("minutes", ((now - chat.opened_at) / 60_000).into())])) } }
                        td { (name(&chat.staff_id)) @if chat.routed_to.is_some() && chat.staff_id.is_none() { (lang.t_args("chat-routed-to", &[("name", name(&chat.routed_to).into())])) } }
                        td {
                            @if chat.status == ChatStatus::Waiting {
                                form method="post" action={ "/" (l) "/staff/chats/" (chat.id) "/take" } {
                                    input type="hidden" name="csrf" value=(csrf);
                                    button class="primary" type="submit" { (lang.t("chat-take")) }
                                }
                            } @else {
                                a href={ "/" (l) "/staff/chats/" (chat.id) } { (lang.t("chat-open-chat")) }
                            }
                        }
                    }
                }
            }
        }
        }
    };
    // The queue's table is fetched again every 10 seconds (`app.js`, `data-live`; the whole
    // page reloads without a script); marked so it does not count as activity (an
    // unattended desk signs out after 30 idle minutes).
    let refresh = format!("10; url=/{}/staff/chats?{}", lang.code(), crate::base::auth::AUTO_RELOAD);
    let page = staff_page(
        lang,
        &lang.t("chat-queue-title"),
        html! { noscript { meta http-equiv="refresh" content=(refresh); } (body) },
    );
    Ok(([(header::CACHE_CONTROL, "no-store")], page).into_response())
}

#[derive(Deserialize)]
pub(crate) struct DutyForm {
    csrf: Option<String>,
    on: String,
}

pub(crate) async fn duty_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(f): PageForm<DutyForm>,
) -> Result<Response, PageError> {
    crate::base::auth::require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    if !answers_queue(&s.user) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let on = f.on == "1";
    app.store.set_on_duty(&s.user.id, on, now_ms()).await.map_err(|e| PageError::internal(lang, e))?;
    Ok(Redirect::to(&format!("/{}/staff/chats", lang.code())).into_response())
}

#[derive(Deserialize)]
pub(crate) struct HoursForm {
    csrf: Option<String>,
    hours: Option<String>,
}

/// A psychologist sets when they answer the chats of the cases referred to them.
pub(crate) async fn hours_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(f): PageForm<HoursForm>,
) -> Result<Response, PageError> {
    crate::base::auth::require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    if s.user.profession != Some(Profession::Psychologist) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let spans = hours::parse(f.hours.as_deref().unwrap_or(""))
        .map_err(|_| PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "chat-bad-hours"))?;
    app.store.set_hours(&s.user.id, &spans).await.map_err(|e| PageError::internal(lang, e))?;
    Ok(Redirect::to(&format!("/{}/staff/chats", lang.code())).into_response())
}

#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    csrf: Option<String>,
}

pub(crate) async fn take_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(f): PageForm<CsrfForm>,
) -> Result<Response, PageError> {
    crate::base::auth::require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    let (chat, _) = staff_chat(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    let allowed = match &chat.routed_to {
        Some(to) => *to == s.user.id || answers_queue(&s.user),
        None => answers_queue(&s.user),
    };
    if !allowed {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let now = now_ms();
    match app.store.take_chat(&chat.id, &s.user.id, now, &event(&s.user, &chat.report_id, "chat-taken", None)).await {
        Ok(()) => app.chat.wake(&chat.report_id),
        Err(StoreError::Conflict { .. }) => return Err(PageError::new(StatusCode::CONFLICT, lang, "chat-taken")),
        Err(e) => return Err(PageError::internal(lang, e)),
    }
    Ok(Redirect::to(&format!("/{}/staff/chats/{}", lang.code(), chat.id)).into_response())
}

pub(crate) async fn staff_page_handler(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let (chat, case) = staff_chat(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    let csrf = csrf_token(&app, &s.token);
    let mine = chat.status == ChatStatus::Active && chat.staff_id.as_deref() == Some(s.user.id.as_str());
    let note = chat.sealed.as_ref().filter(|_| chat.ended_at.is_none()).and_then(|n| {
        crate::service::case::open_text(&case.sealer, &zeri_storage::context::chat_note(&chat.id), n).ok()
    });
    let colleagues: Vec<StaffRow> = app
        .store
        .list_staff()
        .await
        .map_err(|e| PageError::internal(lang, e))?
        .into_iter()
        .filter(|u| {
            u.id != s.user.id && !u.disabled && (answers_queue(u) || u.profession == Some(Profession::Psychologist))
        })
        .collect();
    let hours = app.store.hours(&s.user.id).await.map_err(|e| PageError::internal(lang, e))?;
    let now = now_ms();
    let mut names = Names::new(lang, Some(&s.user.id));
    let lines = conversation(&app, &chat.report_id, &case.sealer, Author::Staff, &mut names, now)
        .await
        .map_err(|e| PageError::internal(lang, e))?;
    let supervision = crate::chat::supervise::for_counsellor(&app, lang, &chat, &case)
        .await
        .map_err(|e| PageError::internal(lang, e))?;
    let body = html! {
        (crate::base::chrome::logout_form(&app, lang, &s))
        p { a href={ "/" (l) "/staff/chats" } { (lang.t("chat-queue-title")) } " · "
            a href={ "/" (l) "/staff/reports/" (chat.report_id) } { (case.report.case_ref) } }
        h1 { (lang.t("chat-title")) " · " (case.report.case_ref) }
        @if let Some(n) = note { p class="card" { strong { (lang.t("chat-handover-note")) ": " } (n) } }
        @if !mine { p class="hint" { (lang.t("chat-not-yours")) } }
        (supervision)
        (chat_box(lang, Side::Staff, &format!("/{l}/staff/chats/{}", chat.id), Some(&csrf), log(lang, Side::Staff, &lines, now)))
        @if mine {
            details class="card" {
                summary { (lang.t("chat-handover")) }
                form method="post" action={ "/" (l) "/staff/chats/" (chat.id) "/handover" } {
                    input type="hidden" name="csrf" value=(csrf);
                    label for="to" { (lang.t("chat-handover-to")) }
                    select id="to" name="to" {
                        option value="" { (lang.t("chat-handover-queue")) }
                        @for c in &colleagues { option value=(c.id) { (c.username) } }
                    }
                    label for="note" { (lang.t("chat-handover-note")) }
                    textarea id="note" name="note" maxlength="1000" {}
                    p { button type="submit" { (lang.t("chat-handover-send")) } }
                }
            }
            form method="post" action={ "/" (l) "/staff/chats/" (chat.id) "/end" } class="card" {
                input type="hidden" name="csrf" value=(csrf);
                p { button type="submit" name="block" value="0" { (lang.t("chat-end")) } }
                label for="reason" { (lang.t("chat-block-reason")) }
                input id="reason" name="reason" maxlength="500";
                p { button type="submit" name="block" value="1" { (lang.t("chat-block")) } }
            }
        }
        @if s.user.profession == Some(Profession::Psychologist) {
            p class="small" { (lang.t("chat-your-hours")) ": " (if hours.is_empty() { lang.t("chat-no-hours") } else { hours::format(&hours) }) }
        }
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], staff_page(lang, &lang.t("chat-title"), body)).into_response())
}

#[derive(Deserialize)]
pub(crate) struct HandoverForm {
    csrf: Option<String>,
    to: Option<String>,
    note: Option<String>,
}

pub(crate) async fn handover_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(f): PageForm<HandoverForm>,
) -> Result<Response, PageError> {
    crate::base::auth::require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    let (chat, case) = staff_chat(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    let to = f.to.filter(|t| !t.trim().is_empty());
    if let Some(to) = &to {
        let colleague = app.store.staff_by_id(to).await.map_err(|e| PageError::internal(lang, e))?;
        let Some(colleague) = colleague.filter(|c| !c.disabled) else {
            return Err(PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "bad-form"));
        };
        // A warm hand-over only to someone who may answer this child.
        match load_case(&app, &colleague, &chat.report_id).await {
            Ok(c) if c.may(&colleague, Action::Reply) => {}
            _ => return Err(PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "chat-cannot-hand-over")),
        }
    }
    let note = f.note.map(|n| n.trim().chars().take(1000).collect::<String>()).filter(|n| !n.is_empty());
    let sealed = note.map(|n| case.sealer.seal(n.as_bytes(), zeri_storage::context::chat_note(&chat.id).as_bytes()));
    let kind = if to.is_some() { "warm" } else { "cold" };
    let e = event(&s.user, &chat.report_id, "chat-handed-over", Some(kind));
    match app.store.hand_over(&chat.id, &s.user.id, to.as_deref(), sealed.as_deref(), &e).await {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => return Err(PageError::new(StatusCode::CONFLICT, lang, "chat-taken")),
        Err(e) => return Err(PageError::internal(lang, e)),
    }
    let notify_to = match &to {
        Some(t) => vec![t.clone()],
        None => {
            app.store.on_duty().await.map_err(|e| PageError::internal(lang, e))?.into_iter().map(|(id, _)| id).collect()
        }
    };
    crate::service::notify::notify(&app, &notify_to, "chat", Some(&chat.report_id))
        .await
        .map_err(|e| PageError::internal(lang, e))?;
    app.chat.wake(&chat.report_id);
    Ok(Redirect::to(&format!("/{}/staff/chats", lang.code())).into_response())
}

#[derive(Deserialize)]
pub(crate) struct EndForm {
    csrf: Option<String>,
    block: Option<String>,
    reason: Option<String>,
}

pub(crate) async fn end_form(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(f): PageForm<EndForm>,
) -> Result<Response, PageError> {
    crate::base::auth::require_csrf(&app, lang, &s, f.csrf.as_deref())?;
    let (chat, case) = staff_chat(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    if chat.staff_id.as_deref() != Some(s.user.id.as_str()) {
        return Err(PageError::new(StatusCode::CONFLICT, lang, "chat-taken"));
    }
    let block = f.block.as_deref() == Some("1");
    let reason = f.reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    if block && reason.as_ref().is_none_or(|r| r.chars().count() < 10) {
        return Err(PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "chat-block-needs-reason"));
    }
    let sealed = reason
        .filter(|_| block)
        .map(|r| case.sealer.seal(r.as_bytes(), zeri_storage::context::chat_note(&chat.id).as_bytes()));
    let (by, action) = if block { ("blocked", "chat-blocked") } else { ("staff", "chat-ended") };
    let now = now_ms();
    match app.store.end_chat(&chat.id, by, sealed.as_deref(), now, &event(&s.user, &chat.report_id, action, None)).await
    {
        Ok(()) | Err(StoreError::Conflict { .. }) => {}
        Err(e) => return Err(PageError::internal(lang, e)),
    }
    if block {
        tracing::warn!(staff = %s.user.id, "a chat was ended and blocked; a supervisor can review it");
    }
    app.chat.wake(&chat.report_id);
    // The helpline records every contact when it ends (disposition and CHI category).
    if authorize(s.user.role, Relation::None, false, Action::RecordContact).allowed() {
        return Ok(Redirect::to(&format!("/{}/staff/contacts/chat/{}", lang.code(), chat.id)).into_response());
    }
    Ok(Redirect::to(&format!("/{}/staff/chats", lang.code())).into_response())
}

pub(crate) async fn blocked_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Response, PageError> {
    if s.user.role != Role::Admin {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"));
    }
    let review = blocked_review(&app, &s, lang).await.map_err(|e| PageError::internal(lang, e))?;
    let body =
        html! { (crate::base::chrome::logout_form(&app, lang, &s)) h1 { (lang.t("chat-blocked-title")) } (review) };
    Ok(([(header::CACHE_CONTROL, "no-store")], staff_page(lang, &lang.t("chat-blocked-title"), body)).into_response())
}

/// Blocked chats for an administrator to review: when, which case, who blocked it and why.
/// Reading a reason is recorded on the case.
async fn blocked_review(app: &App, admin: &Staff, lang: Lang) -> Result<Markup, StoreError> {
    let chats = app.store.blocked_chats(100).await?;
    let mut rows = Vec::new();
    for chat in chats {
        let Some(report) = app.store.report(&chat.report_id).await? else { continue };
        let reason = match (&chat.sealed, crate::service::case::sealer(app, &report).await) {
            (Some(s), Ok(sealer)) => {
                crate::service::case::open_text(&sealer, &zeri_storage::context::chat_note(&chat.id), s).ok()
            }
            _ => None,
        };
        let by = app
            .store
            .events(&chat.report_id)
            .await?
            .into_iter()
            .rev()
            .find(|e| e.action == "chat-blocked")
            .and_then(|e| e.staff_id);
        rows.push((chat, report.case_ref, by, reason));
    }
    if !rows.is_empty() {
        let ids: Vec<&str> = rows.iter().map(|(c, ..)| c.report_id.as_str()).collect();
        for id in ids {
            let e = NewEvent {
                report_id: Some(id.to_owned()),
                at: now_ms(),
                staff_id: Some(admin.user.id.clone()),
                role: Some(admin.user.role),
                org_id: admin.user.org_id.clone(),
                action: "chat-block-reviewed",
                ..NewEvent::default()
            };
            app.store.record_event(&e).await?;
        }
    }
    let staff = app.store.list_staff().await?;
    let name = |id: &Option<String>| {
        id.as_ref().and_then(|id| staff.iter().find(|s| s.id == *id)).map(|s| s.username.clone()).unwrap_or_default()
    };
    Ok(html! {
        @if rows.is_empty() { p { (lang.t("chat-blocked-none")) } }
        ul { @for (chat, case_ref, by, reason) in &rows {
            li { (datetime(chat.ended_at.unwrap_or(chat.opened_at))) " · " (case_ref) " · " (name(by)) @if let Some(r) = reason { " · " (r) } }
        } }
    })
}
