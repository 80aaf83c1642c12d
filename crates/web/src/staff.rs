//! The staff side: sign-in (`/sq/staff/login`, `POST /api/v1/auth/session`), the intake
//! queue, opening a report, replying and moving it to its next stage (pages under
//! `/sq/staff/…` and the API under `/api/v1/cases`).
//!
//! Every decision goes through `zeri_domain::authorize`. A report a user may not open
//! answers 404, so its existence does not leak. Every opening is recorded and shown to
//! the child by role, never by name. Contact details and names stay masked here.

use std::sync::OnceLock;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use maud::html;
use serde::{Deserialize, Serialize};
use zeri_crypto::{hash_password, verify_password, PasswordParams};
use zeri_domain::report::{validate_message, Confidential};
use zeri_domain::{authorize, Action, Relation, Stage};
use zeri_storage::{Author, EventRow, NewEvent, ReportRow, SessionKind, StaffRow, StoreError};

use crate::auth::{self, csrf_ok, csrf_token, ApiStaff, PageStaff, Staff, STAFF_COOKIE};
use crate::error::{field_messages, ApiError, PageError};
use crate::extract::{ApiLang, ClientId, JsonFields, JsonObject, PageForm, PageLang};
use crate::followup::{history_text, load_messages, store_message, Message};
use crate::i18n::Lang;
use crate::reports::report_context;
use crate::views::{datetime, staff_page};
use crate::{now_ms, wait_message, App, AppState};

pub fn router() -> Router<AppState> {
    let mut r = Router::new();
    for l in Lang::ALL.map(Lang::code) {
        r = r
            .route(&format!("/{l}/staff/login"), get(login_page).post(login_submit))
            .route(&format!("/{l}/staff/logout"), post(logout_page))
            .route(&format!("/{l}/staff"), get(queue_page))
            .route(&format!("/{l}/staff/reports/{{id}}"), get(case_page))
            .route(&format!("/{l}/staff/reports/{{id}}/messages"), post(reply_page))
            .route(&format!("/{l}/staff/reports/{{id}}/stage"), post(stage_page));
    }
    r.route("/api/v1/auth/session", post(login_api).delete(logout_api))
        .route("/api/v1/cases", get(queue_api))
        .route("/api/v1/cases/{id}", get(case_api))
        .route("/api/v1/cases/{id}/messages", post(reply_api))
        .route("/api/v1/cases/{id}/stage", post(stage_api))
}

// ----- the shared logic -----

enum SignIn {
    Ok(String),
    Refused,
    Throttled { retry_after: u64 },
}

/// Checks a password within the limits. An unknown user costs the same Argon2 work as a
/// known one, so timing does not tell which usernames exist.
async fn sign_in(app: &App, client: ClientId, username: &str, password: &str) -> Result<SignIn, String> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let cfg = app.config.throttle;
    let window = cfg.window_ms();
    let now = now_ms();
    let bucket = app.keys.lookup_digest("throttle-login", &[client.0.as_slice(), username.as_bytes()].concat());
    if app.store.throttle_count(&bucket, now, window).await.map_err(|e| e.to_string())? >= cfg.login_per_client {
        return Ok(SignIn::Throttled { retry_after: cfg.retry_after(now) });
    }
    let user = app.store.staff_by_username(username).await.map_err(|e| e.to_string())?;
    let params = app.config.password_params;
    let hash = match &user {
        Some(u) => u.password_hash.clone(),
        None => DUMMY.get_or_init(|| hash_password("zeri-dummy-password", params)).clone(),
    };
    let password = password.to_owned();
    let verified =
        tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await.map_err(|e| e.to_string())?;
    match user {
        Some(u) if verified && !u.disabled => {
            let token = auth::open_session(app, SessionKind::Staff, &u.id).await.map_err(|e| e.to_string())?;
            tracing::info!(staff = %u.id, "staff signed in");
            Ok(SignIn::Ok(token))
        }
        _ => {
            app.store.throttle_hit(&bucket, now, window).await.map_err(|e| e.to_string())?;
            tracing::info!("staff sign-in refused");
            Ok(SignIn::Refused)
        }
    }
}

/// Creates a staff account; the password is hashed off the async executor.
pub async fn create_staff(
    store: &dyn zeri_storage::Store,
    username: &str,
    role: zeri_domain::Role,
    password: &str,
    params: PasswordParams,
) -> Result<StaffRow, StoreError> {
    let password = password.to_owned();
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password, params))
        .await
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let row = StaffRow {
        id: uuid::Uuid::new_v4().simple().to_string(),
        username: username.to_owned(),
        role,
        password_hash,
        created_at: now_ms(),
        disabled: false,
    };
    store.insert_staff(&row).await?;
    Ok(row)
}

enum Fail {
    /// Unknown, or not theirs to see: the same answer.
    NotFound,
    Forbidden,
    /// Someone else moved it first.
    Conflict,
    /// Not a stage this report can move to.
    BadStage,
    Invalid(zeri_domain::FieldErrors),
    Internal(String),
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Self {
        Fail::Internal(e.to_string())
    }
}

impl Fail {
    fn api(self, lang: Lang) -> ApiError {
        match self {
            Fail::NotFound => ApiError::not_found(lang),
            Fail::Forbidden => ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang),
            Fail::Conflict => ApiError::new(StatusCode::CONFLICT, "stage-conflict", lang),
            Fail::BadStage => ApiError::validation(
                lang,
                &zeri_domain::FieldErrors::from([("stage", zeri_domain::FieldError::new("stage-not-allowed"))]),
            ),
            Fail::Invalid(e) => ApiError::validation(lang, &e),
            Fail::Internal(e) => ApiError::internal(lang, e),
        }
    }

    fn page(self, lang: Lang) -> PageError {
        match self {
            Fail::NotFound => PageError::not_found(lang),
            Fail::Forbidden => PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"),
            Fail::Conflict => PageError::new(StatusCode::CONFLICT, lang, "stage-conflict"),
            Fail::BadStage | Fail::Invalid(_) => PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "bad-form"),
            Fail::Internal(e) => PageError::internal(lang, e),
        }
    }
}

fn relation(staff: &StaffRow, report: &ReportRow) -> Relation {
    match &report.assigned_to {
        None => Relation::Unassigned,
        Some(id) if *id == staff.id => Relation::Assigned,
        Some(_) => Relation::Other,
    }
}

fn event(staff: &StaffRow, report_id: &str, action: &'static str, detail: Option<&str>) -> NewEvent {
    NewEvent {
        report_id: report_id.to_owned(),
        at: now_ms(),
        staff_id: Some(staff.id.clone()),
        role: Some(staff.role),
        action,
        detail: detail.map(String::from),
    }
}

/// The report, if this user may do `action` on it; 404 otherwise.
async fn permitted(app: &App, staff: &StaffRow, id: &str, action: Action) -> Result<ReportRow, Fail> {
    let report = app.store.report(id).await?.ok_or(Fail::NotFound)?;
    if !authorize(staff.role, relation(staff, &report), action).allowed() {
        return Err(Fail::NotFound);
    }
    Ok(report)
}

async fn queue(app: &App, staff: &StaffRow) -> Result<Vec<ReportRow>, Fail> {
    if !authorize(staff.role, Relation::None, Action::ListReports).allowed() {
        return Err(Fail::Forbidden);
    }
    let reports = app.store.list_reports(None, 200).await?;
    // Only what this user could open: the shared intake and their own.
    Ok(reports
        .into_iter()
        .filter(|r| authorize(staff.role, relation(staff, r), Action::ReadReport).allowed())
        .collect())
}

struct CaseView {
    report: ReportRow,
    confidential: Confidential,
    messages: Vec<Message>,
    events: Vec<EventRow>,
}

/// Opens a report: assigns an unassigned one to the reader, moves a new one into review,
/// and records the opening (once per half hour of reading) for the child's access log.
async fn open_case(app: &App, staff: &StaffRow, id: &str) -> Result<CaseView, Fail> {
    let mut report = permitted(app, staff, id, Action::ReadReport).await?;
    if report.assigned_to.is_none() {
        match app.store.assign(id, &staff.id, &event(staff, id, "assigned", None)).await {
            Ok(()) => report.assigned_to = Some(staff.id.clone()),
            // A colleague took it a moment ago: it is theirs now.
            Err(StoreError::Conflict { .. }) => return Err(Fail::NotFound),
            Err(e) => return Err(e.into()),
        }
    }
    let recent =
        app.store.events(id).await?.iter().rev().any(|e| {
            e.action == "opened" && e.staff_id.as_deref() == Some(&staff.id) && now_ms() - e.at < auth::IDLE_MS
        });
    if !recent {
        app.store.record_event(&event(staff, id, "opened", None)).await?;
        tracing::info!(staff = %staff.id, "report opened");
    }
    if report.stage == Stage::Received {
        let to = Stage::InReview;
        match app.store.change_stage(id, Stage::Received, to, &event(staff, id, "stage", Some(to.as_str()))).await {
            Ok(()) => report.stage = to,
            Err(StoreError::Conflict { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let plain =
        app.keys.open(&report.sealed, report_context(id).as_bytes()).map_err(|e| Fail::Internal(e.to_string()))?;
    // A decoding error could quote the plaintext, so it is never passed on to the log.
    let confidential: Confidential =
        serde_json::from_slice(&plain).map_err(|_| Fail::Internal("sealed report does not decode".into()))?;
    let messages = load_messages(app, id, Author::Staff).await.map_err(Fail::Internal)?;
    let events = app.store.events(id).await?;
    Ok(CaseView { report, confidential, messages, events })
}

async fn reply(app: &App, staff: &StaffRow, id: &str, body: Option<&str>) -> Result<(), Fail> {
    let report = permitted(app, staff, id, Action::Reply).await?;
    let body = validate_message(body).map_err(Fail::Invalid)?;
    store_message(app, &report.id, Author::Staff, Some(&staff.id), &body, now_ms()).await?;
    app.store.record_event(&event(staff, id, "replied", None)).await?;
    Ok(())
}

async fn move_stage(app: &App, staff: &StaffRow, id: &str, to: Option<&str>) -> Result<Stage, Fail> {
    let report = permitted(app, staff, id, Action::ChangeStage).await?;
    let to = to.and_then(Stage::parse).ok_or(Fail::BadStage)?;
    if !report.stage.can_move_to(to) {
        return Err(Fail::BadStage);
    }
    match app.store.change_stage(id, report.stage, to, &event(staff, id, "stage", Some(to.as_str()))).await {
        Ok(()) => Ok(to),
        Err(StoreError::Conflict { .. }) => Err(Fail::Conflict),
        Err(e) => Err(e.into()),
    }
}

/// "+355 69 123 4567" → "••• •• 67"; "ana@example.al" → "a•••@•••.al". Enough to
/// recognise, not enough to use.
fn mask(value: &str) -> String {
    if let Some((local, domain)) = value.split_once('@') {
        let first = local.chars().next().unwrap_or('•');
        let tld = domain.rsplit('.').next().unwrap_or("");
        format!("{first}•••@•••.{tld}")
    } else {
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        let tail = &digits[digits.len().saturating_sub(2)..];
        format!("••• •• {tail}")
    }
}

fn label(lang: Lang, prefix: &str, value: &str) -> String {
    lang.t(&format!("{prefix}-{}", value.replace('_', "-")))
}

// ----- pages -----

#[derive(Deserialize)]
struct LoginForm {
    username: Option<String>,
    password: Option<String>,
}

#[derive(Deserialize)]
struct CsrfForm {
    csrf: Option<String>,
    body: Option<String>,
    stage: Option<String>,
}

fn login_view(lang: Lang, error: Option<String>) -> Html<String> {
    staff_page(
        lang,
        &lang.t("staff-login-title"),
        html! {
            h1 { (lang.t("staff-login-title")) }
            form method="post" action={ "/" (lang.code()) "/staff/login" } {
                @if let Some(e) = &error { p class="field-error" role="alert" { (e) } }
                label for="username" { (lang.t("staff-username")) }
                input type="text" id="username" name="username" autocomplete="username" maxlength="64" required;
                label for="password" { (lang.t("staff-password")) }
                input type="password" id="password" name="password" autocomplete="current-password" maxlength="256" required;
                p { button class="primary" type="submit" { (lang.t("staff-login")) } }
            }
        },
    )
}

async fn login_page(PageLang(lang): PageLang) -> Html<String> {
    login_view(lang, None)
}

async fn login_submit(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    client: ClientId,
    PageForm(form): PageForm<LoginForm>,
) -> Result<Response, PageError> {
    let (username, password) = (form.username.unwrap_or_default(), form.password.unwrap_or_default());
    if username.len() > 64 || password.len() > 256 {
        return Ok((StatusCode::UNAUTHORIZED, login_view(lang, Some(lang.t("error-login-refused")))).into_response());
    }
    match sign_in(&app, client, username.trim(), &password).await.map_err(|e| PageError::internal(lang, e))? {
        SignIn::Ok(token) => {
            Ok(([auth::set_cookie(&app, STAFF_COOKIE, &token)], Redirect::to(&format!("/{}/staff", lang.code())))
                .into_response())
        }
        SignIn::Refused => {
            Ok((StatusCode::UNAUTHORIZED, login_view(lang, Some(lang.t("error-login-refused")))).into_response())
        }
        SignIn::Throttled { retry_after } => {
            Ok((StatusCode::TOO_MANY_REQUESTS, login_view(lang, Some(wait_message(lang, retry_after)))).into_response())
        }
    }
}

async fn logout_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    if let Some(token) = auth::staff_cookie(&headers) {
        auth::close_session(&app, token).await.map_err(|e| PageError::internal(lang, e))?;
    }
    Ok(([auth::clear_cookie(&app, STAFF_COOKIE)], Redirect::to(&format!("/{}/staff/login", lang.code())))
        .into_response())
}

fn logout_form(app: &App, lang: Lang, s: &Staff) -> maud::Markup {
    html! {
        form method="post" action={ "/" (lang.code()) "/staff/logout" } class="logout" {
            input type="hidden" name="csrf" value=(csrf_token(app, &s.token));
            span class="small" { (lang.t(s.user.role.public_name_key())) " · " (s.user.username) " " }
            button type="submit" { (lang.t("staff-logout")) }
        }
    }
}

async fn queue_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Response, PageError> {
    let l = lang.code();
    let reports = match queue(&app, &s.user).await {
        Ok(r) => r,
        Err(Fail::Forbidden) => {
            return Ok(staff_page(
                lang,
                &lang.t("staff-queue-title"),
                html! { (logout_form(&app, lang, &s)) h1 { (lang.t("staff-queue-title")) } p { (lang.t("staff-admin-no-cases")) } },
            )
            .into_response())
        }
        Err(e) => return Err(e.page(lang)),
    };
    Ok(staff_page(
        lang,
        &lang.t("staff-queue-title"),
        html! {
            (logout_form(&app, lang, &s))
            h1 { (lang.t("staff-queue-title")) }
            @if reports.is_empty() { p { (lang.t("staff-queue-empty")) } }
            @else {
                table {
                    thead { tr {
                        th { (lang.t("staff-col-case")) } th { (lang.t("staff-col-received")) } th { (lang.t("staff-col-category")) }
                        th { (lang.t("staff-col-age")) } th { (lang.t("staff-col-municipality")) } th { (lang.t("staff-col-stage")) }
                    } }
                    tbody {
                        @for r in &reports {
                            tr {
                                td {
                                    a href={ "/" (l) "/staff/reports/" (r.id) } { (r.case_ref) }
                                    @if r.awaiting_reply { " " span class="badge" { (lang.t("staff-awaiting-reply")) } }
                                }
                                td { (datetime(r.created_at)) }
                                td { (label(lang, "category", r.category.as_str())) }
                                td { (label(lang, "age-band", r.age_band.as_str())) }
                                td { (r.municipality.as_deref().unwrap_or("—")) }
                                td { (lang.t(&r.stage.name_key())) }
                            }
                        }
                    }
                }
            }
        },
    )
    .into_response())
}

fn case_view(app: &App, lang: Lang, s: &Staff, c: &CaseView, error: Option<String>) -> Html<String> {
    let l = lang.code();
    let r = &c.report;
    let d = &c.confidential;
    let base = format!("/{l}/staff/reports/{}", r.id);
    let csrf = csrf_token(app, &s.token);
    let yes_no = |b: bool| lang.t(if b { "yes" } else { "no" });
    staff_page(
        lang,
        &r.case_ref,
        html! {
            (logout_form(app, lang, s))
            p { a href={ "/" (l) "/staff" } { "← " (lang.t("staff-queue-title")) } }
            h1 { (r.case_ref) " " span class="stage" { (lang.t(&r.stage.name_key())) } }
            @if let Some(e) = &error { p class="field-error" role="alert" { (e) } }
            table class="facts" {
                tr { th { (lang.t("staff-col-received")) } td { (datetime(r.created_at)) } }
                tr { th { (lang.t("field-reporter")) } td { (label(lang, "reporter", r.reporter.as_str())) } }
                tr { th { (lang.t("field-category")) } td { (label(lang, "category", r.category.as_str())) } }
                tr { th { (lang.t("field-age_band")) } td { (label(lang, "age-band", r.age_band.as_str())) } }
                tr { th { (lang.t("field-when")) } td { (label(lang, "when", d.when.as_str())) } }
                tr { th { (lang.t("field-location")) } td {
                    (r.municipality.as_deref().unwrap_or("—"))
                    @if d.place.is_some() { " · " span class="masked" { (lang.t("staff-place-hidden")) } }
                } }
                tr { th { (lang.t("field-platform")) } td { (d.platform.as_deref().unwrap_or("—")) } }
                tr { th { (lang.t("field-contact_method")) } td {
                    (label(lang, "contact", r.contact_method.as_str()))
                    @if let Some(c) = &d.contact { " · " span class="masked" { (mask(c)) } }
                    @if d.name.is_some() { br; span class="masked" { (lang.t("staff-name-hidden")) } }
                } }
                tr { th { (lang.t("staff-consent-cpo")) } td { (yes_no(r.consent_cpo)) } }
                tr { th { (lang.t("staff-consent-police")) } td { (yes_no(r.consent_police)) } }
            }
            p class="small" { (lang.t("staff-masked-note")) }
            h2 { (lang.t("field-description")) }
            div class="card description" { @for line in d.description.lines() { (line) br; } }
            @if !d.links.is_empty() {
                h2 { (lang.t("field-links")) }
                p class="hint" { (lang.t("staff-links-warning")) }
                ul { @for link in &d.links { li { code { (link) } } } }
            }
            h2 id="messages" { (lang.t("followup-messages")) }
            ul class="messages" {
                @for m in &c.messages {
                    li class=(if m.mine { "mine" } else { "theirs" }) {
                        span class="meta" { (if m.mine { lang.t("message-from-team") } else { lang.t("message-from-child") }) " · " (datetime(m.at)) }
                        (m.body)
                    }
                }
            }
            form method="post" action={ (base) "/messages" } {
                input type="hidden" name="csrf" value=(csrf);
                label for="body" { (lang.t("staff-reply")) small { (lang.t("staff-reply-hint")) } }
                textarea id="body" name="body" maxlength="4000" required {}
                p { button class="primary" type="submit" { (lang.t("staff-send-reply")) } }
            }
            h2 { (lang.t("staff-move-stage")) }
            form method="post" action={ (base) "/stage" } {
                input type="hidden" name="csrf" value=(csrf);
                label for="stage" { (lang.t("staff-next-stage")) }
                select id="stage" name="stage" {
                    @for st in r.stage.next() { option value=(st.as_str()) { (lang.t(&st.name_key())) } }
                }
                p class="hint" { (lang.t("staff-stage-hint")) }
                p { button type="submit" { (lang.t("staff-move")) } }
            }
            h2 { (lang.t("staff-history")) }
            ul { @for e in &c.events { li { span class="meta" { (datetime(e.at)) } (history_text(lang, e)) } } }
        },
    )
}

async fn case_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    let c = open_case(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
    Ok(case_view(&app, lang, &s, &c, None))
}

fn check_csrf(app: &App, lang: Lang, s: &Staff, form: &CsrfForm) -> Result<(), PageError> {
    if csrf_ok(app, &s.token, form.csrf.as_deref()) {
        Ok(())
    } else {
        Err(PageError::new(StatusCode::FORBIDDEN, lang, "csrf"))
    }
}

async fn reply_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(form): PageForm<CsrfForm>,
) -> Result<Response, PageError> {
    check_csrf(&app, lang, &s, &form)?;
    match reply(&app, &s.user, &id, form.body.as_deref()).await {
        Ok(()) => Ok(Redirect::to(&format!("/{}/staff/reports/{id}#messages", lang.code())).into_response()),
        Err(Fail::Invalid(errors)) => {
            let c = open_case(&app, &s.user, &id).await.map_err(|f| f.page(lang))?;
            let msg = field_messages(lang, &errors).remove("body");
            Ok((StatusCode::UNPROCESSABLE_ENTITY, case_view(&app, lang, &s, &c, msg)).into_response())
        }
        Err(f) => Err(f.page(lang)),
    }
}

async fn stage_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(form): PageForm<CsrfForm>,
) -> Result<Response, PageError> {
    check_csrf(&app, lang, &s, &form)?;
    move_stage(&app, &s.user, &id, form.stage.as_deref()).await.map_err(|f| f.page(lang))?;
    Ok(Redirect::to(&format!("/{}/staff/reports/{id}", lang.code())).into_response())
}

// ----- API -----

#[derive(Serialize, utoipa::ToSchema)]
pub struct Token {
    token: String,
}

/// Staff sign-in.
#[utoipa::path(post, path = "/api/v1/auth/session", tag = "staff",
    request_body(content = Object, description = "{\"username\": \"…\", \"password\": \"…\"}", content_type = "application/json"),
    responses((status = 201, body = Token), (status = 401), (status = 422), (status = 429)))]
pub async fn login_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    client: ClientId,
    body: JsonObject,
) -> Result<(StatusCode, Json<Token>), ApiError> {
    let mut f = JsonFields::new(body, &["username", "password", "totp"]);
    let username = f.text("username");
    let password = f.text("password");
    let _ = f.text("totp");
    let mut missing = zeri_domain::FieldErrors::new();
    for (field, v) in [("username", &username), ("password", &password)] {
        if v.as_deref().is_none_or(str::is_empty) {
            missing.insert(field, zeri_domain::FieldError::new("required"));
        }
    }
    if let Some(err) = f.finish(lang, Some(&missing)) {
        return Err(err);
    }
    let (username, password) = (username.unwrap_or_default(), password.unwrap_or_default());
    if username.len() > 64 || password.len() > 256 {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "login-refused", lang));
    }
    match sign_in(&app, client, username.trim(), &password).await.map_err(|e| ApiError::internal(lang, e))? {
        SignIn::Ok(token) => Ok((StatusCode::CREATED, Json(Token { token }))),
        SignIn::Refused => Err(ApiError::new(StatusCode::UNAUTHORIZED, "login-refused", lang)),
        SignIn::Throttled { retry_after } => Err(ApiError::too_many(lang, retry_after)),
    }
}

/// Staff sign-out.
#[utoipa::path(delete, path = "/api/v1/auth/session", tag = "staff", responses((status = 204), (status = 401)), security(("bearer" = [])))]
pub async fn logout_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
) -> Result<StatusCode, ApiError> {
    auth::close_session(&app, &s.token).await.map_err(|e| ApiError::internal(lang, e))?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseSummary {
    id: String,
    case_ref: String,
    #[schema(value_type = String)]
    stage: Stage,
    category: String,
    age_band: String,
    municipality: Option<String>,
    created_at: i64,
    updated_at: i64,
    awaiting_reply: bool,
    assigned_to_me: bool,
}

fn summary(staff: &StaffRow, r: &ReportRow) -> CaseSummary {
    CaseSummary {
        id: r.id.clone(),
        case_ref: r.case_ref.clone(),
        stage: r.stage,
        category: r.category.as_str().to_owned(),
        age_band: r.age_band.as_str().to_owned(),
        municipality: r.municipality.clone(),
        created_at: r.created_at,
        updated_at: r.updated_at,
        awaiting_reply: r.awaiting_reply,
        assigned_to_me: r.assigned_to.as_deref() == Some(&staff.id),
    }
}

/// The reports this user may open (no free text).
#[utoipa::path(get, path = "/api/v1/cases", tag = "staff", responses((status = 200, body = [CaseSummary]), (status = 401), (status = 403)),
    security(("bearer" = [])))]
pub async fn queue_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
) -> Result<Json<Vec<CaseSummary>>, ApiError> {
    let reports = queue(&app, &s.user).await.map_err(|f| f.api(lang))?;
    Ok(Json(reports.iter().map(|r| summary(&s.user, r)).collect()))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseDetail {
    #[serde(flatten)]
    summary: CaseSummary,
    reporter: String,
    description: String,
    platform: Option<String>,
    links: Vec<String>,
    when: String,
    contact_method: String,
    /// Masked: revealing identities is a separate, audited action.
    contact_masked: Option<String>,
    has_name: bool,
    has_place: bool,
    consent_cpo: bool,
    consent_police: bool,
    #[schema(value_type = Vec<String>)]
    next_stages: Vec<Stage>,
    messages: Vec<CaseMessage>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseMessage {
    /// `child` or `team`.
    from: &'static str,
    at: i64,
    body: String,
}

/// Open a report (recorded in the child's access log). 404 when it is not yours to open.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "staff", params(("id" = String, Path)),
    responses((status = 200, body = CaseDetail), (status = 401), (status = 404)), security(("bearer" = [])))]
pub async fn case_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<Json<CaseDetail>, ApiError> {
    let c = open_case(&app, &s.user, &id).await.map_err(|f| f.api(lang))?;
    let d = c.confidential;
    Ok(Json(CaseDetail {
        summary: summary(&s.user, &c.report),
        reporter: c.report.reporter.as_str().to_owned(),
        description: d.description,
        platform: d.platform,
        links: d.links,
        when: d.when.as_str().to_owned(),
        contact_method: c.report.contact_method.as_str().to_owned(),
        contact_masked: d.contact.as_deref().map(mask),
        has_name: d.name.is_some(),
        has_place: d.place.is_some(),
        consent_cpo: c.report.consent_cpo,
        consent_police: c.report.consent_police,
        next_stages: c.report.stage.next().to_vec(),
        messages: c
            .messages
            .into_iter()
            .map(|m| CaseMessage { from: if m.mine { "team" } else { "child" }, at: m.at, body: m.body })
            .collect(),
    }))
}

/// Reply to the child.
#[utoipa::path(post, path = "/api/v1/cases/{id}/messages", tag = "staff", params(("id" = String, Path)),
    request_body(content = Object, description = "{\"body\": \"…\"}", content_type = "application/json"),
    responses((status = 201), (status = 401), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn reply_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
    body: JsonObject,
) -> Result<StatusCode, ApiError> {
    let mut f = JsonFields::new(body, &["body"]);
    let text = f.text("body");
    if let Some(err) = f.finish(lang, None) {
        return Err(err);
    }
    reply(&app, &s.user, &id, text.as_deref()).await.map_err(|f| f.api(lang))?;
    Ok(StatusCode::CREATED)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct StageChanged {
    #[schema(value_type = String)]
    stage: Stage,
}

/// Move the report to one of its next stages.
#[utoipa::path(post, path = "/api/v1/cases/{id}/stage", tag = "staff", params(("id" = String, Path)),
    request_body(content = Object, description = "{\"stage\": \"referred_for_support\"}", content_type = "application/json"),
    responses((status = 200, body = StageChanged), (status = 401), (status = 404), (status = 409), (status = 422)),
    security(("bearer" = [])))]
pub async fn stage_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
    body: JsonObject,
) -> Result<Json<StageChanged>, ApiError> {
    let mut f = JsonFields::new(body, &["stage"]);
    let stage = f.text("stage");
    if let Some(err) = f.finish(lang, None) {
        return Err(err);
    }
    let stage = move_stage(&app, &s.user, &id, stage.as_deref()).await.map_err(|f| f.api(lang))?;
    Ok(Json(StageChanged { stage }))
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_contacts() {
        assert_eq!(mask("+355 69 123 4567"), "••• •• 67");
        assert_eq!(mask("ana@example.al"), "a•••@•••.al");
        assert!(!mask("0691234567").contains("123"));
    }
}
