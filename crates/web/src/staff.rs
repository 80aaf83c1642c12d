//! The staff side: sign-in with a second factor (`/sq/staff/login`,
//! `POST /api/v1/auth/session`), setting up the second factor at the first sign-in, and
//! the work list: the cases the user may open, referrals waiting for their organisation,
//! and overdue tasks. A case itself is `cases.rs` (logic, API) and `case_page.rs` (page).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use maud::{html, Markup, PreEscaped};
use serde::{Deserialize, Serialize};
use zeri_crypto::{hash_password, verify_password, PasswordParams, Sealer, TotpSecret};
use zeri_domain::casework::Urgency;
use zeri_domain::permission::{OrgKind, Profession};
use zeri_domain::{Relation, Role};
use zeri_storage::{NewEvent, OrgRow, SessionKind, StaffRow, Store, StoreError, TaskRow};

use crate::auth::{self, csrf_ok, csrf_token, ApiStaff, PageStaff, Staff, ENROL_COOKIE, STAFF_COOKIE};
use crate::cases::{open_text, queue, sealer_for, Fail};
use crate::error::{ApiError, PageError};
use crate::extract::{ApiLang, ClientId, JsonFields, JsonObject, PageForm, PageLang};
use crate::i18n::Lang;
use crate::views::{date, datetime, staff_page};
use crate::{now_ms, wait_message, App, AppState};

pub fn router() -> Router<AppState> {
    let mut r = Router::new();
    for l in Lang::ALL.map(Lang::code) {
        r = r
            .route(&format!("/{l}/staff/login"), get(login_page).post(login_submit))
            .route(&format!("/{l}/staff/second-factor"), get(enrol_page).post(enrol_submit))
            .route(&format!("/{l}/staff/logout"), post(logout_page))
            .route(&format!("/{l}/staff"), get(queue_page));
    }
    r.route("/api/v1/auth/session", post(login_api).delete(logout_api)).route("/api/v1/tasks", get(tasks_api))
}

// ----- signing in -----

enum SignIn {
    Ok(String),
    /// Password right, no second factor yet, and the role needs one: set it up now.
    Enrol(String),
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
) -> Result<SignIn, String> {
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
    let refuse = || async {
        app.store.throttle_hit(&bucket, now, window).await.map_err(|e| e.to_string())?;
        tracing::info!("staff sign-in refused");
        Ok(SignIn::Refused)
    };
    let Some(u) = user.filter(|u| verified && !u.disabled) else { return refuse().await };
    match &u.totp_sealed {
        Some(sealed) => {
            let secret = app
                .keys
                .open(sealed, zeri_storage::context::staff_totp(&u.id).as_bytes())
                .map_err(|e| e.to_string())?;
            let secret = TotpSecret::from_bytes(&secret).ok_or("stored second factor is invalid")?;
            let step = code.and_then(|c| secret.verify(c, unix_secs(), u.totp_last_step.max(0) as u64));
            let Some(step) = step else { return refuse().await };
            // Compare-and-set: a code used once, even concurrently, is not accepted again.
            if !app.store.use_totp_step(&u.id, step as i64).await.map_err(|e| e.to_string())? {
                return refuse().await;
            }
        }
        None if u.role.needs_second_factor() => {
            let token = auth::open_session(app, SessionKind::StaffEnrol, &u.id).await.map_err(|e| e.to_string())?;
            return Ok(SignIn::Enrol(token));
        }
        None => {}
    }
    let token = auth::open_session(app, SessionKind::Staff, &u.id).await.map_err(|e| e.to_string())?;
    tracing::info!(staff = %u.id, "staff signed in");
    Ok(SignIn::Ok(token))
}

/// A new staff account. The password is hashed off the async executor; `totp` sets up the
/// second factor at once (demo accounts, tests); otherwise the user sets it up at the
/// first sign-in.
pub struct NewStaff<'a> {
    pub username: &'a str,
    pub role: Role,
    pub org_id: Option<&'a str>,
    pub profession: Option<Profession>,
    pub password: &'a str,
    pub totp: Option<&'a TotpSecret>,
}

/// Why an account cannot be created as asked.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("the username must be 3 to 64 letters, digits, dots, hyphens or underscores")]
    Username,
    #[error("the role {0} belongs to an organisation of kind {1}")]
    Organisation(&'static str, String),
    #[error("unknown organisation")]
    UnknownOrganisation,
    #[error("that username is taken")]
    Taken,
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub async fn create_staff(
    store: &dyn Store,
    keys: &zeri_crypto::Keyring,
    new: NewStaff<'_>,
    params: PasswordParams,
    by: Option<&StaffRow>,
) -> Result<StaffRow, StaffError> {
    let ok_name = (3..=64).contains(&new.username.len())
        && new.username.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !ok_name {
        return Err(StaffError::Username);
    }
    let kinds = new.role.org_kinds();
    let org = match new.org_id {
        Some(id) => Some(store.organisation(id).await?.ok_or(StaffError::UnknownOrganisation)?),
        None => None,
    };
    if !kinds.is_empty() && !org.as_ref().is_some_and(|o| kinds.contains(&o.kind)) {
        let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        return Err(StaffError::Organisation(new.role.as_str(), names.join(" or ")));
    }
    let password = new.password.to_owned();
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password, params))
        .await
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let row = StaffRow {
        totp_sealed: new.totp.map(|t| keys.seal(t.as_bytes(), zeri_storage::context::staff_totp(&id).as_bytes())),
        id,
        username: new.username.to_owned(),
        role: new.role,
        password_hash,
        created_at: now_ms(),
        disabled: false,
        org_id: org.map(|o| o.id),
        profession: new.profession,
        totp_pending: None,
        totp_last_step: 0,
    };
    match store.insert_staff(&row).await {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => return Err(StaffError::Taken),
        Err(e) => return Err(e.into()),
    }
    let event = NewEvent {
        at: now_ms(),
        staff_id: by.map(|b| b.id.clone()),
        role: by.map(|b| b.role),
        org_id: by.and_then(|b| b.org_id.clone()),
        action: "staff-created",
        detail: Some(format!("{}:{}", row.id, row.role.as_str())),
        ..NewEvent::default()
    };
    store.record_event(&event).await?;
    Ok(row)
}

// ----- shared bits of staff pages -----

pub fn label(lang: Lang, prefix: &str, value: &str) -> String {
    lang.t(&format!("{prefix}-{}", value.replace('_', "-")))
}

/// An organisation's name as shown: Child Protection Units by their municipality in the
/// page's language, demonstration organisations marked as such.
pub fn org_name(lang: Lang, org: &OrgRow) -> String {
    let name = match (org.kind, &org.municipality) {
        (OrgKind::ChildProtectionUnit, Some(m)) => lang.t_args("org-cpu", &[("municipality", m.clone().into())]),
        _ => org.name.clone(),
    };
    if org.demo {
        format!("{name} ({})", lang.t("demo-marker"))
    } else {
        name
    }
}

pub fn logout_form(app: &App, lang: Lang, s: &Staff) -> Markup {
    html! {
        form method="post" action={ "/" (lang.code()) "/staff/logout" } class="logout" {
            input type="hidden" name="csrf" value=(csrf_token(app, &s.token));
            span class="small" { (lang.t(&s.user.role.public_name_key())) " · " (s.user.username) " " }
            @if s.user.role.works_on_cases() {
                a href={ "/" (lang.code()) "/staff/chats" } { (lang.t("staff-chats-link")) } " "
            }
            @if matches!(s.user.role, Role::Counsellor | Role::HotlineAnalyst) {
                a href={ "/" (lang.code()) "/staff/phone" } { (lang.t("phone-link")) } " "
            }
            a href={ "/" (lang.code()) "/staff/notifications" } { (lang.t("staff-notifications-link")) } " "
            @if s.user.role == Role::Admin {
                a href={ "/" (lang.code()) "/staff/admin" } { (lang.t("admin-title")) } " "
                a href={ "/" (lang.code()) "/staff/directory" } { (lang.t("dir-admin-title")) } " "
                a href={ "/" (lang.code()) "/staff/hash-lists" } { (lang.t("hashlists-title")) } " "
                a href={ "/" (lang.code()) "/staff/chats/blocked" } { (lang.t("chat-blocked-title")) } " "
            }
            @if matches!(s.user.role, Role::Admin | Role::Statistician) {
                a href={ "/" (lang.code()) "/statistics" } { (lang.t("stats-title")) } " "
                a href={ "/" (lang.code()) "/staff/surveys" } { (lang.t("survey-admin-title")) } " "
            }
            @if s.user.role == Role::HotlineAnalyst {
                a href={ "/" (lang.code()) "/staff/takedowns" } { (lang.t("takedowns-title")) } " "
            }
            a href={ "/" (lang.code()) "/coverage" } { (lang.t("coverage-title")) } " "
            a href={ "/" (lang.code()) "/staff/guides" } { (lang.t("guides-link")) } " "
            button type="submit" { (lang.t("staff-logout")) }
        }
    }
}

// ----- pages -----

#[derive(Deserialize)]
struct LoginForm {
    username: Option<String>,
    password: Option<String>,
    code: Option<String>,
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
                label for="code" { (lang.t("staff-code")) small { (lang.t("staff-code-hint")) } }
                input type="text" id="code" name="code" autocomplete="one-time-code" inputmode="numeric" maxlength="8";
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
    let refused = || (StatusCode::UNAUTHORIZED, login_view(lang, Some(lang.t("error-login-refused")))).into_response();
    if username.len() > 64 || password.len() > 256 || form.code.as_ref().is_some_and(|c| c.len() > 16) {
        return Ok(refused());
    }
    let code = form.code.as_deref().filter(|c| !c.trim().is_empty());
    let l = lang.code();
    match sign_in(&app, client, username.trim(), &password, code).await.map_err(|e| PageError::internal(lang, e))? {
        SignIn::Ok(token) => {
            Ok(([auth::set_cookie(&app, STAFF_COOKIE, &token)], Redirect::to(&format!("/{l}/staff"))).into_response())
        }
        SignIn::Enrol(token) => {
            Ok(([auth::set_cookie(&app, ENROL_COOKIE, &token)], Redirect::to(&format!("/{l}/staff/second-factor")))
                .into_response())
        }
        SignIn::Refused => Ok(refused()),
        SignIn::Throttled { retry_after } => {
            Ok((StatusCode::TOO_MANY_REQUESTS, login_view(lang, Some(wait_message(lang, retry_after)))).into_response())
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

async fn enrol_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    match auth::enrolling(&app, &headers).await.map_err(|e| PageError::internal(lang, e))? {
        Some((user, token)) => Ok(enrol_view(&app, lang, &user, &token, None).await?.into_response()),
        None => Ok(Redirect::to(&format!("/{}/staff/login", lang.code())).into_response()),
    }
}

#[derive(Deserialize)]
struct CodeForm {
    csrf: Option<String>,
    code: Option<String>,
}

async fn enrol_submit(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
    PageForm(form): PageForm<CodeForm>,
) -> Result<Response, PageError> {
    let l = lang.code();
    let Some((user, token)) = auth::enrolling(&app, &headers).await.map_err(|e| PageError::internal(lang, e))? else {
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
    app.store.set_totp(&user.id, Some(&sealed), step as i64, &event).await.map_err(|e| PageError::internal(lang, e))?;
    auth::close_session(&app, &token).await.map_err(|e| PageError::internal(lang, e))?;
    let session =
        auth::open_session(&app, SessionKind::Staff, &user.id).await.map_err(|e| PageError::internal(lang, e))?;
    tracing::info!(staff = %user.id, "second factor set up");
    Ok((
        AppendHeaders([auth::set_cookie(&app, STAFF_COOKIE, &session), auth::clear_cookie(&app, ENROL_COOKIE)]),
        Redirect::to(&format!("/{l}/staff")),
    )
        .into_response())
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

/// Open tasks of the user and their organisation, with their titles.
async fn my_tasks(app: &App, user: &StaffRow) -> Result<Vec<(TaskRow, String)>, Fail> {
    let tasks = app.store.open_tasks(&user.id, user.org_id.as_deref()).await?;
    let mut out = Vec::with_capacity(tasks.len());
    let mut sealers: BTreeMap<String, Sealer> = BTreeMap::new();
    for t in tasks {
        if !sealers.contains_key(&t.report_id) {
            sealers.insert(t.report_id.clone(), sealer_for(app, &t.report_id).await?);
        }
        let title = open_text(&sealers[&t.report_id], &zeri_storage::context::task(&t.id), &t.sealed)?;
        out.push((t, title));
    }
    Ok(out)
}

fn overdue(t: &TaskRow) -> bool {
    t.due_on < now_ms().div_euclid(86_400_000)
}

async fn queue_page(
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
    let late: Vec<&(TaskRow, String)> = tasks.iter().filter(|(t, _)| overdue(t)).collect();
    let case_ref = |id: &str| cases.iter().find(|(r, _)| r.id == id).map(|(r, _)| r.case_ref.clone());
    Ok(staff_page(
        lang,
        &lang.t("staff-queue-title"),
        html! {
            (logout_form(&app, lang, &s))
            h1 { (lang.t("staff-queue-title")) }
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

// ----- API -----

#[derive(Serialize, utoipa::ToSchema)]
pub struct Token {
    token: String,
}

/// Staff sign-in: password and, for every role that can see identities or export, a
/// six-digit code from the authenticator app. Accounts without a second factor yet set it
/// up in the web interface first (403 `second-factor-setup`).
#[utoipa::path(post, path = "/api/v1/auth/session", tag = "staff",
    request_body(content = Object, description = "{\"username\": \"…\", \"password\": \"…\", \"totp\": \"123456\"}", content_type = "application/json"),
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
    match sign_in(&app, client, username.trim(), &password, totp.as_deref())
        .await
        .map_err(|e| ApiError::internal(lang, e))?
    {
        SignIn::Ok(token) => Ok((StatusCode::CREATED, Json(Token { token }))),
        SignIn::Enrol(token) => {
            auth::close_session(&app, &token).await.map_err(|e| ApiError::internal(lang, e))?;
            Err(ApiError::new(StatusCode::FORBIDDEN, "second-factor-setup", lang))
        }
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
