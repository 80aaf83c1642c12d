//! The staff side: sign-in with a second factor (`/sq/staff/login`,
//! `POST /api/v1/auth/session`), setting up the second factor at the first sign-in, and
//! the work list: the cases the user may open, referrals waiting for their organisation,
//! and overdue tasks. A case itself is `service::case` (rules) and `casework/` (API and pages).

use crate::base::auth::csrf_ok;
use crate::base::auth::csrf_token;
use crate::base::auth::ApiStaff;
use crate::base::auth::PageStaff;
use crate::base::auth::ENROL_COOKIE;
use crate::base::auth::STAFF_COOKIE;
use crate::base::chrome::logout_form;
use crate::base::error::wait_message;
use crate::base::error::ApiError;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::staff_page;
use crate::now_ms;
use crate::parts::format::date;
use crate::parts::format::datetime;
use crate::parts::i18n::label;
use crate::parts::i18n::Lang;
use crate::service::case::queue;
use crate::service::case::Fail;
use crate::service::receipts::ClientId;
use crate::service::staff::my_tasks;
use crate::service::staff::overdue;
use crate::App;
use crate::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use axum::Json;
use maud::{html, PreEscaped};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use zeri_crypto::{hash_password, verify_password, TotpSecret};
use zeri_domain::casework::Urgency;
use zeri_domain::{Relation, Role};
use zeri_storage::{NewEvent, SessionKind, StaffRow, TaskRow};

// ----- signing in -----

pub(crate) enum SignIn {
    Ok(String),
    /// Password right, no second factor yet, and the role needs one: set it up now.
    Enrol(String),
    /// Password (and code) right, but a second person has not confirmed the account yet.
    Unconfirmed,
    /// Password right: the code is asked for next, with this session of the second step.
    Code(String),
    Refused,
    Throttled {
        retry_after: u64,
    },
}

fn unix_secs() -> u64 {
    (now_ms() / 1000).max(0) as u64
}

/// Checks a password and a second-factor code within the limits. An unknown user costs
/// the same Argon2 work as a known one, and a wrong code gets the same answer as a wrong
/// password, so the answer tells nothing about which part was wrong.
async fn sign_in(
    app: &App,
    client: ClientId,
    username: &str,
    password: &str,
    code: Option<&str>,
    two_step: bool,
) -> Result<SignIn, String> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let attempt = match LoginAttempt::count(app, client, username).await? {
        Ok(a) => a,
        Err(retry_after) => return Ok(SignIn::Throttled { retry_after }),
    };
    let give_back = || attempt.give_back();
    let user = app.store.staff_by_username(username).await.map_err(|e| e.to_string())?;
    let params = app.config.password_params;
    let hash = match &user {
        Some(u) => u.password_hash.clone(),
        None => DUMMY.get_or_init(|| hash_password("zeri-dummy-password", params)).clone(),
    };
    let password = password.to_owned();
    let verified =
        tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await.map_err(|e| e.to_string())?;
    let refuse = || async {
        tracing::info!("staff sign-in refused");
        Ok(SignIn::Refused)
    };
    let Some(u) = user.filter(|u| verified && !u.disabled) else { return refuse().await };
    if u.confirmed_at.is_none() {
        give_back().await?;
        return Ok(SignIn::Unconfirmed);
    }
    match &u.totp_sealed {
        // The page signs in in two steps: the password checked, the code is asked for on a
        // page of its own, which can then name a wrong code.
        Some(_) if code.is_none() && two_step => {
            give_back().await?;
            let token = crate::service::access::open_session(app, SessionKind::StaffCode, &u.id)
                .await
                .map_err(|e| e.to_string())?;
            return Ok(SignIn::Code(token));
        }
        Some(_) if !code_ok(app, &u, code).await? => return refuse().await,
        Some(_) => {}
        None if u.role.needs_second_factor() => {
            give_back().await?;
            let token = crate::service::access::open_session(app, SessionKind::StaffEnrol, &u.id)
                .await
                .map_err(|e| e.to_string())?;
            return Ok(SignIn::Enrol(token));
        }
        None => {}
    }
    give_back().await?;
    let token =
        crate::service::access::open_session(app, SessionKind::Staff, &u.id).await.map_err(|e| e.to_string())?;
    tracing::info!(staff = %u.id, "staff signed in");
    Ok(SignIn::Ok(token))
}

/// One sign-in attempt (a password, or a code on the second step), counted before it is
/// checked, atomically (parallel attempts each get their own place), per account and client
/// and per account from everywhere; one that succeeds gives both counts back.
pub(crate) struct LoginAttempt<'a> {
    app: &'a App,
    buckets: [[u8; 32]; 2],
    now: i64,
    window: i64,
}

impl<'a> LoginAttempt<'a> {
    /// Counts an attempt for `username`; `Ok(Err(retry_after))` beyond a limit.
    pub(crate) async fn count(app: &'a App, client: ClientId, username: &str) -> Result<Result<Self, u64>, String> {
        let cfg = app.config.throttle;
        let (window, now) = (cfg.window_ms(), now_ms());
        let here = app.keys.lookup_digest("throttle-login", &[client.0.as_slice(), username.as_bytes()].concat());
        let everywhere = app.keys.lookup_digest("throttle-login-account", username.as_bytes());
        let n_here = app.store.throttle_hit(&here, now, window).await.map_err(|e| e.to_string())?;
        let n_everywhere = app.store.throttle_hit(&everywhere, now, window).await.map_err(|e| e.to_string())?;
        if n_here > cfg.login_per_client || n_everywhere > cfg.login_per_account {
            return Ok(Err(cfg.retry_after(now)));
        }
        Ok(Ok(Self { app, buckets: [here, everywhere], now, window }))
    }

    /// The attempt succeeded: its counts are given back.
    pub(crate) async fn give_back(&self) -> Result<(), String> {
        for b in &self.buckets {
            self.app.store.throttle_release(b, self.now, self.window).await.map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

/// Whether `code` is the account's current code, not used before. Compare-and-set: a code
/// used once, even concurrently, is not accepted again.
pub(crate) async fn code_ok(app: &App, u: &StaffRow, code: Option<&str>) -> Result<bool, String> {
    let Some(sealed) = &u.totp_sealed else { return Ok(false) };
    let secret =
        app.keys.open(sealed, zeri_storage::context::staff_totp(&u.id).as_bytes()).map_err(|e| e.to_string())?;
    let secret = TotpSecret::from_bytes(&secret).ok_or("stored second factor is invalid")?;
    let Some(step) = code.and_then(|c| secret.verify(c, unix_secs(), u.totp_last_step.max(0) as u64)) else {
        return Ok(false);
    };
    app.store.use_totp_step(&u.id, step as i64).await.map_err(|e| e.to_string())
}

// ----- pages -----

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    username: Option<String>,
    password: Option<String>,
    code: Option<String>,
}

/// The first step of signing in: name and password (the name kept after a refusal). The
/// code follows on a page of its own (`staff::code`).
fn login_view(lang: Lang, error: Option<String>, username: &str) -> Html<String> {
    staff_page(
        lang,
        &lang.t("staff-login-title"),
        html! {
            h1 { (lang.t("staff-login-title")) }
            form method="post" action={ "/" (lang.code()) "/staff/login" } {
                @if let Some(e) = &error { p class="field-error" role="alert" { (e) } }
                label for="username" { (lang.t("staff-username")) }
                input type="text" id="username" name="username" autocomplete="username" maxlength="64" value=(username) required;
                label for="password" { (lang.t("staff-password")) }
                input type="password" id="password" name="password" autocomplete="current-password" maxlength="256" required;
                p { button class="primary" type="submit" { (lang.t("staff-login-next")) } }
            }
        },
    )
}

pub(crate) async fn login_page(PageLang(lang): PageLang) -> Html<String> {
    login_view(lang, None, "")
}

pub(crate) async fn login_submit(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    client: ClientId,
    headers: HeaderMap,
    PageForm(form): PageForm<LoginForm>,
) -> Result<Response, PageError> {
    // Posted from another site's page: a fresh form, nothing checked.
    if !crate::base::auth::same_origin_post(&headers) {
        return Ok((StatusCode::FORBIDDEN, login_view(lang, Some(lang.t("error-login-elsewhere")), "")).into_response());
    }
    let (username, password) = (form.username.unwrap_or_default(), form.password.unwrap_or_default());
    let kept = if username.len() <= 64 { username.trim() } else { "" };
    let refused =
        || (StatusCode::UNAUTHORIZED, login_view(lang, Some(lang.t("error-login-refused")), kept)).into_response();
    if username.len() > 64 || password.len() > 256 || form.code.as_ref().is_some_and(|c| c.len() > 16) {
        return Ok(refused());
    }
    let code = form.code.as_deref().filter(|c| !c.trim().is_empty());
    let l = lang.code();
    let answer = sign_in(&app, client, username.trim(), &password, code, true).await;
    match answer.map_err(|e| PageError::internal(lang, e))? {
        SignIn::Ok(token) => {
            Ok(([crate::base::auth::set_cookie(&app, STAFF_COOKIE, &token)], Redirect::to(&format!("/{l}/staff")))
                .into_response())
        }
        SignIn::Enrol(token) => Ok((
            [crate::base::auth::set_cookie(&app, ENROL_COOKIE, &token)],
            Redirect::to(&format!("/{l}/staff/second-factor")),
        )
            .into_response()),
        SignIn::Code(token) => Ok((
            [crate::base::auth::set_cookie(&app, crate::base::auth::CODE_COOKIE, &token)],
            Redirect::to(&format!("/{l}/staff/login/code")),
        )
            .into_response()),
        SignIn::Refused => Ok(refused()),
        SignIn::Unconfirmed => {
            Ok((StatusCode::FORBIDDEN, login_view(lang, Some(lang.t("error-login-unconfirmed")), kept)).into_response())
        }
        SignIn::Throttled { retry_after } => {
            Ok((StatusCode::TOO_MANY_REQUESTS, login_view(lang, Some(wait_message(lang, retry_after)), kept))
                .into_response())
        }
    }
}

fn qr_svg(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => code.render::<qrcode::render::svg::Color>().min_dimensions(220, 220).build(),
        Err(_) => String::new(),
    }
}

/// Setting up the second factor: a new secret for this account, shown once as a QR code
/// and as text, confirmed with a code from the app.
async fn enrol_view(
    app: &App,
    lang: Lang,
    user: &StaffRow,
    token: &str,
    error: Option<String>,
) -> Result<Html<String>, PageError> {
    let secret = TotpSecret::generate();
    let sealed = app.keys.seal(secret.as_bytes(), zeri_storage::context::staff_totp(&user.id).as_bytes());
    app.store.set_totp_pending(&user.id, Some(&sealed)).await.map_err(|e| PageError::internal(lang, e))?;
    let uri = secret.uri(&user.username);
    Ok(staff_page(
        lang,
        &lang.t("enrol-title"),
        html! {
            h1 { (lang.t("enrol-title")) }
            p { (lang.t("enrol-why")) }
            ol {
                li { (lang.t("enrol-step-app")) }
                li { (lang.t("enrol-step-scan")) div class="qr" { (PreEscaped(qr_svg(&uri))) } }
                li { (lang.t("enrol-step-text")) br; code class="secret" { (secret.base32()) } }
                li { (lang.t("enrol-step-code")) }
            }
            form method="post" action={ "/" (lang.code()) "/staff/second-factor" } {
                @if let Some(e) = &error { p class="field-error" role="alert" { (e) } }
                input type="hidden" name="csrf" value=(csrf_token(app, token));
                label for="code" { (lang.t("staff-code")) }
                input type="text" id="code" name="code" autocomplete="one-time-code" inputmode="numeric" maxlength="8" required;
                p { button class="primary" type="submit" { (lang.t("enrol-confirm")) } }
            }
        },
    ))
}

pub(crate) async fn enrol_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    match crate::base::auth::enrolling(&app, &headers).await.map_err(|e| PageError::internal(lang, e))? {
        Some((user, token)) => Ok(enrol_view(&app, lang, &user, &token, None).await?.into_response()),
        None => Ok(Redirect::to(&format!("/{}/staff/login", lang.code())).into_response()),
    }
}

#[derive(Deserialize)]
pub(crate) struct CodeForm {
    csrf: Option<String>,
    code: Option<String>,
}

pub(crate) async fn enrol_submit(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
    PageForm(form): PageForm<CodeForm>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let Some((user, token)) =
        crate::base::auth::enrolling(&app, &headers).await.map_err(|e| PageError::internal(lang, e))?
    else {
        return Ok(Redirect::to(&format!("/{l}/staff/login")).into_response());
    };
    if !csrf_ok(&app, &token, form.csrf.as_deref()) {
        return Err(PageError::new(StatusCode::FORBIDDEN, lang, "csrf"));
    }
    let secret = user
        .totp_pending
        .as_ref()
        .and_then(|s| app.keys.open(s, zeri_storage::context::staff_totp(&user.id).as_bytes()).ok())
        .and_then(|b| TotpSecret::from_bytes(&b));
    let step = secret.as_ref().zip(form.code.as_deref()).and_then(|(s, c)| s.verify(c, unix_secs(), 0));
    let (Some(secret), Some(step)) = (secret, step) else {
        let view = enrol_view(&app, lang, &user, &token, Some(lang.t("enrol-wrong-code"))).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response());
    };
    let sealed = app.keys.seal(secret.as_bytes(), zeri_storage::context::staff_totp(&user.id).as_bytes());
    let event = NewEvent {
        at: now_ms(),
        staff_id: Some(user.id.clone()),
        role: Some(user.role),
        org_id: user.org_id.clone(),
        action: "second-factor-set",
        ..NewEvent::default()
    };
    match app.store.enrol_totp(&user.id, &sealed, step as i64, &event).await {
        Ok(()) => {}
        // Set up meanwhile by another enrolment: this one is over.
        Err(zeri_storage::StoreError::NotFound) => {
            return Ok(Redirect::to(&format!("/{l}/staff/login")).into_response())
        }
        Err(e) => return Err(PageError::internal(lang, e)),
    }
    crate::service::access::close_session(&app, &token).await.map_err(|e| PageError::internal(lang, e))?;
    let session = crate::service::access::open_session(&app, SessionKind::Staff, &user.id)
        .await
        .map_err(|e| PageError::internal(lang, e))?;
    tracing::info!(staff = %user.id, "second factor set up");
    Ok((
        AppendHeaders([
            crate::base::auth::set_cookie(&app, STAFF_COOKIE, &session),
            crate::base::auth::clear_cookie(&app, ENROL_COOKIE),
        ]),
        Redirect::to(&format!("/{l}/staff")),
    )
        .into_response())
}

pub(crate) async fn logout_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    if let Some(token) = crate::base::auth::staff_cookie(&headers) {
        crate::service::access::close_session(&app, token).await.map_err(|e| PageError::internal(lang, e))?;
    }
    Ok(([crate::base::auth::clear_cookie(&app, STAFF_COOKIE)], Redirect::to(&format!("/{}/staff/login", lang.code())))
        .into_response())
}

pub(crate) async fn queue_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Response, PageError> {
    let l = lang.code();
    let cases = match queue(&app, &s.user).await {
        Ok(r) => r,
        Err(Fail::Forbidden) => {
            let key =
                if s.user.role == Role::Statistician { "staff-statistician-no-cases" } else { "staff-admin-no-cases" };
            return Ok(staff_page(
                lang,
                &lang.t("staff-queue-title"),
                html! {
                    (logout_form(&app, lang, &s)) h1 { (lang.t("staff-queue-title")) } p { (lang.t(key)) }
                    @if s.user.role == Role::Admin { p { a class="button" href={ "/" (l) "/staff/admin" } { (lang.t("admin-title")) } } }
                },
            )
            .into_response());
        }
        Err(e) => return Err(e.page(lang)),
    };
    let tasks = my_tasks(&app, &s.user).await.map_err(|f| f.page(lang))?;
    let exposure = match crate::service::wellbeing::may_open_material(s.user.role) {
        true => Some(crate::service::wellbeing::today(&app, &s.user).await.map_err(|f| f.page(lang))?),
        false => None,
    };
    let late: Vec<&(TaskRow, String)> = tasks.iter().filter(|(t, _)| overdue(t)).collect();
    let case_ref = |id: &str| cases.iter().find(|(r, _)| r.id == id).map(|(r, _)| r.case_ref.clone());
    Ok(staff_page(
        lang,
        &lang.t("staff-queue-title"),
        html! {
            (logout_form(&app, lang, &s))
            h1 { (lang.t("staff-queue-title")) }
            @if let Some(t) = &exposure {
                div class="card exposure-today" id="exposure" {
                    (crate::base::exposure::exposure_line(lang, t))
                    p class="small" { a href={ "/" (l) "/staff/wellbeing" } { (lang.t("wellbeing-title")) } }
                }
            }
            @if !late.is_empty() {
                section class="card overdue" id="overdue" {
                    h2 { (lang.t("tasks-overdue-title")) }
                    ul { @for (t, title) in &late {
                        li {
                            span class="badge" { (lang.t("tasks-overdue")) } " " strong { (title) } " · " (lang.t("tasks-due")) " " (date(t.due_on * 86_400_000))
                            @if let Some(cr) = case_ref(&t.report_id) { " · " a href={ "/" (l) "/staff/reports/" (t.report_id) "#tasks" } { (cr) } }
                        }
                    } }
                }
            }
            @if cases.is_empty() { p { (lang.t("staff-queue-empty")) } }
            @else {
                table {
                    thead { tr {
                        th { (lang.t("staff-col-case")) } th { (lang.t("staff-col-received")) } th { (lang.t("staff-col-category")) }
                        th { (lang.t("staff-col-age")) } th { (lang.t("staff-col-municipality")) } th { (lang.t("staff-col-stage")) }
                    } }
                    tbody {
                        @for (r, rel) in &cases {
                            tr {
                                td {
                                    a href={ "/" (l) "/staff/reports/" (r.id) } { (r.case_ref) }
                                    @if r.urgency != Urgency::Normal { " " span class="badge" { (label(lang, "urgency", r.urgency.as_str())) } }
                                    @if r.awaiting_reply && matches!(rel, Relation::Assigned | Relation::SameOrg) { " " span class="badge" { (lang.t("staff-awaiting-reply")) } }
                                    @if *rel == Relation::ReferralPending { " " span class="badge" { (lang.t("referral-incoming")) } }
                                    @if *rel != Relation::SameOrg { br; span class="meta" { (lang.t(&format!("relation-{}", rel.as_str().replace('_', "-")))) } }
                                }
                                td { (datetime(r.created_at)) }
                                td { (label(lang, "category", r.category.as_str())) }
                                td { (label(lang, "age-band", r.age_band.as_str())) }
                                td { (r.municipality.as_deref().unwrap_or("—")) }
                                td { (lang.t(&r.stage.staff_name_key())) }
                            }
                        }
                    }
                }
            }
        },
    )
    .into_response())
}

// ----- API -----

#[derive(Serialize, utoipa::ToSchema)]
pub struct Token {
    token: String,
}

/// Staff sign-in: password and, for every role that can see identities or export, a
/// six-digit code from the authenticator app. Accounts without a second factor yet set it
/// up in the web interface first (403 `second-factor-setup`).
#[utoipa::path(post, path = "/api/v1/auth/session", tag = "staff",
    request_body(content = LoginBody, content_type = "application/json"),
    responses((status = 201, body = Token), (status = 400), (status = 401), (status = 403), (status = 415), (status = 422), (status = 429)))]
pub async fn login_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    client: ClientId,
    body: JsonObject,
) -> Result<(StatusCode, Json<Token>), ApiError> {
    let mut f = JsonFields::new(body, &["username", "password", "totp"]);
    let username = f.text("username");
    let password = f.text("password");
    let totp = f.text("totp");
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
    if username.len() > 64 || password.len() > 256 || totp.as_ref().is_some_and(|t| t.len() > 16) {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "login-refused", lang));
    }
    match sign_in(&app, client, username.trim(), &password, totp.as_deref(), false)
        .await
        .map_err(|e| ApiError::internal(lang, e))?
    {
        SignIn::Ok(token) => Ok((StatusCode::CREATED, Json(Token { token }))),
        SignIn::Enrol(token) => {
            crate::service::access::close_session(&app, &token).await.map_err(|e| ApiError::internal(lang, e))?;
            Err(ApiError::new(StatusCode::FORBIDDEN, "second-factor-setup", lang))
        }
        SignIn::Refused => Err(ApiError::new(StatusCode::UNAUTHORIZED, "login-refused", lang)),
        SignIn::Unconfirmed => Err(ApiError::new(StatusCode::FORBIDDEN, "login-unconfirmed", lang)),
        // Not asked for by the API (it takes the code with the password).
        SignIn::Code(token) => {
            crate::service::access::close_session(&app, &token).await.map_err(|e| ApiError::internal(lang, e))?;
            Err(ApiError::new(StatusCode::UNAUTHORIZED, "login-refused", lang))
        }
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
    crate::service::access::close_session(&app, &s.token).await.map_err(|e| ApiError::internal(lang, e))?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OpenTask {
    id: String,
    case_id: String,
    title: String,
    /// Days since 1970-01-01.
    due_on: i64,
    overdue: bool,
    mine: bool,
}

/// Open tasks of the user and their organisation, overdue first.
#[utoipa::path(get, path = "/api/v1/tasks", tag = "cases", responses((status = 200, body = [OpenTask]), (status = 401)),
    security(("bearer" = [])))]
pub async fn tasks_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
) -> Result<Json<Vec<OpenTask>>, ApiError> {
    // Administrators and statisticians have no case and so no case tasks.
    if !s.user.role.works_on_cases() {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang));
    }
    let tasks = my_tasks(&app, &s.user).await.map_err(|f| f.api(lang))?;
    Ok(Json(
        tasks
            .into_iter()
            .map(|(t, title)| OpenTask {
                overdue: overdue(&t),
                mine: t.owner_id == s.user.id,
                id: t.id,
                case_id: t.report_id,
                title,
                due_on: t.due_on,
            })
            .collect(),
    ))
}

crate::base::schema::request_body!(
    /// `POST /api/v1/auth/session`.
    LoginBody => body("A staff sign-in",
        vec![("username", text("The staff username"), true), ("password", text("The password"), true),
            ("totp", text("The current second-factor code, for roles that need one"), false)],
        serde_json::json!({"username": "counsellor", "password": "a long test password", "totp": "123456"}))
);
