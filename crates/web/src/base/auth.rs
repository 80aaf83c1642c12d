//! Sessions for survivors (opened with a receipt) and staff (opened with a password).
//!
//! Tokens are random, go to the client once (an HttpOnly SameSite=Strict cookie for pages,
//! a bearer token for the API) and are stored only as digests. Both kinds end after 30
//! idle minutes. Staff forms also carry a CSRF token derived from the session.

use crate::base::error::ApiError;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::PageLang;
use crate::now_ms;
use crate::service::access::IDLE_MS;
use crate::service::receipts::BearerCheck;
use crate::App;
use crate::AppState;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use subtle::ConstantTimeEq;
use zeri_crypto::token_digest;
use zeri_storage::{SessionKind, SessionRow, StaffRow, StoreError};

pub const SURVIVOR_COOKIE: &str = "zeri_followup";

pub const STAFF_COOKIE: &str = "zeri_staff";

/// The query a page that reloads itself adds to its own address: such a reload is not
/// activity, so it never keeps a session alive.
pub const AUTO_RELOAD: &str = "auto=1";

/// Between a checked password and the code, on the sign-in page's second step.
pub const CODE_COOKIE: &str = "zeri_code";

/// The staff member whose code is asked for, from the second step's cookie (a few minutes).
pub async fn code_step(app: &App, headers: &HeaderMap) -> Result<Option<(StaffRow, String)>, StoreError> {
    let Some(token) = cookie(headers, CODE_COOKIE) else { return Ok(None) };
    let Some(session) = touch(app, token, SessionKind::StaffCode).await? else { return Ok(None) };
    Ok(app
        .store
        .staff_by_id(&session.subject)
        .await?
        .filter(|u| !u.disabled && u.totp_sealed.is_some())
        .map(|u| (u, token.to_owned())))
}

/// Between a checked password and a confirmed second factor, during enrolment.
pub const ENROL_COOKIE: &str = "zeri_enrol";

/// A session cookie: no `Max-Age`, so it also ends when the browser closes.
/// Whether a form post comes from one of our own pages, by the headers browsers add
/// (Fetch Metadata, then `Origin`). For the sign-in form, which has no session for a CSRF
/// token to hang on and sets no cookie before sign-in: another site cannot sign a browser
/// into an account of its choosing. A client that sends neither (not a browser) passes.
pub fn same_origin_post(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return matches!(site, "same-origin" | "none");
    }
    match (headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()), headers.get(header::HOST)) {
        (Some(origin), Some(host)) => {
            let host = host.to_str().unwrap_or("");
            origin.split_once("://").is_some_and(|(_, h)| !host.is_empty() && h == host)
        }
        (Some(_), None) => false,
        (None, _) => true,
    }
}

pub fn set_cookie(app: &App, name: &str, value: &str) -> (header::HeaderName, HeaderValue) {
    let secure = if app.config.secure_cookies { "; Secure" } else { "" };
    let v = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}");
    (header::SET_COOKIE, HeaderValue::from_str(&v).expect("token is base64url"))
}

pub fn clear_cookie(app: &App, name: &str) -> (header::HeaderName, HeaderValue) {
    let secure = if app.config.secure_cookies { "; Secure" } else { "" };
    let v = format!("{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}");
    (header::SET_COOKIE, HeaderValue::from_str(&v).expect("static cookie"))
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

async fn touch(app: &App, token: &str, kind: SessionKind) -> Result<Option<SessionRow>, StoreError> {
    app.store.touch_session(&token_digest(token).0, kind, now_ms(), crate::service::access::idle_ms(kind)).await
}

/// The CSRF token of a staff session, for its forms.
pub fn csrf_token(app: &App, session_token: &str) -> String {
    hex::encode(&app.keys.lookup_digest("csrf", session_token.as_bytes())[..16])
}

pub fn csrf_ok(app: &App, session_token: &str, submitted: Option<&str>) -> bool {
    submitted.is_some_and(|s| bool::from(s.as_bytes().ct_eq(csrf_token(app, session_token).as_bytes())))
}

/// The CSRF check of a staff form: 403 without the session's token.
pub fn require_csrf(app: &App, lang: crate::Lang, s: &Staff, submitted: Option<&str>) -> Result<(), PageError> {
    if csrf_ok(app, &s.token, submitted) {
        Ok(())
    } else {
        Err(PageError::new(StatusCode::FORBIDDEN, lang, "csrf"))
    }
}

/// A survivor signed in with their receipt; the subject is their report.
pub struct Survivor {
    pub report_id: String,
    pub token: String,
}

/// The survivor of a page request, if the follow-up cookie is valid.
pub async fn page_survivor(app: &App, headers: &HeaderMap) -> Result<Option<Survivor>, StoreError> {
    let Some(token) = cookie(headers, SURVIVOR_COOKIE) else { return Ok(None) };
    Ok(touch(app, token, SessionKind::Survivor)
        .await?
        .map(|s| Survivor { report_id: s.subject, token: token.to_owned() }))
}

fn unauthorized(lang: crate::Lang) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", lang)
}

/// The app, the caller's language and the bearer token of an API request; 401 without one.
async fn api_bearer<S>(parts: &mut Parts, state: &S) -> Result<(AppState, crate::Lang, String), ApiError>
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    let ApiLang(lang) = ApiLang::from_request_parts(parts, state).await.unwrap_or(ApiLang(crate::Lang::Sq));
    let token = bearer(&parts.headers).ok_or_else(|| unauthorized(lang))?.to_owned();
    Ok((AppState::from_ref(state), lang, token))
}

/// A survivor on the API (bearer token); 401 otherwise.
pub struct ApiSurvivor(pub Survivor);

impl<S> FromRequestParts<S> for ApiSurvivor
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let (app, lang, token) = api_bearer(parts, state).await?;
        match touch(&app, &token, SessionKind::Survivor).await {
            Ok(Some(s)) => Ok(ApiSurvivor(Survivor { report_id: s.subject, token })),
            Ok(None) => Err(unauthorized(lang)),
            Err(e) => Err(ApiError::internal(lang, e)),
        }
    }
}

/// A signed-in, enabled staff member.
pub struct Staff {
    pub user: StaffRow,
    pub token: String,
}

async fn staff_for(app: &App, token: &str) -> Result<Option<Staff>, StoreError> {
    staff_of(app, token, true).await
}

/// The staff member of a session; `touch`: the request counts as activity. A page that
/// reloads itself (the chat queue) does not, so an unattended desk still signs out after
/// the idle time.
async fn staff_of(app: &App, token: &str, touch_it: bool) -> Result<Option<Staff>, StoreError> {
    let subject = if touch_it {
        touch(app, token, SessionKind::Staff).await?.map(|s| s.subject)
    } else {
        app.store.session_subject(&token_digest(token).0, SessionKind::Staff, now_ms(), IDLE_MS).await?
    };
    let Some(subject) = subject else { return Ok(None) };
    Ok(app
        .store
        .staff_by_id(&subject)
        .await?
        // A new account is usable once a second person has confirmed it.
        .filter(|u| !u.disabled && u.confirmed_at.is_some())
        .map(|user| Staff { user, token: token.to_owned() }))
}

/// The survivor of a page (the follow-up cookie), if their session is valid: `None` when
/// there is none, so the page can ask for the receipt.
pub struct PageSurvivor(pub Option<Survivor>);

impl<S> FromRequestParts<S> for PageSurvivor
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppState::from_ref(state);
        let lang = crate::Lang::from_path(parts.uri.path()).unwrap_or(crate::Lang::Sq);
        page_survivor(&app, &parts.headers).await.map(PageSurvivor).map_err(|e| PageError::internal(lang, e))
    }
}

/// Staff on a page (cookie); without a session, a redirect to the sign-in page.
pub struct PageStaff(pub Staff);

pub enum PageStaffRejection {
    Login(crate::Lang),
    Error(PageError),
}

impl IntoResponse for PageStaffRejection {
    fn into_response(self) -> Response {
        match self {
            PageStaffRejection::Login(lang) => Redirect::to(&format!("/{}/staff/login", lang.code())).into_response(),
            PageStaffRejection::Error(e) => e.into_response(),
        }
    }
}

impl<S> FromRequestParts<S> for PageStaff
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = PageStaffRejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppState::from_ref(state);
        let PageLang(lang) = PageLang::from_request_parts(parts, state).await.map_err(PageStaffRejection::Error)?;
        let token = cookie(&parts.headers, STAFF_COOKIE).ok_or(PageStaffRejection::Login(lang))?;
        // `?auto=1`: the page's own reload, not the person: the session is not touched.
        let by_person = !parts.uri.query().is_some_and(|q| q.split('&').any(|p| p == AUTO_RELOAD));
        match staff_of(&app, token, by_person).await {
            Ok(Some(s)) => Ok(PageStaff(s)),
            Ok(None) => Err(PageStaffRejection::Login(lang)),
            Err(e) => Err(PageStaffRejection::Error(PageError::internal(lang, e))),
        }
    }
}

/// Staff on the API (bearer token); 401 otherwise.
pub struct ApiStaff(pub Staff);

impl<S> FromRequestParts<S> for ApiStaff
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let (app, lang, token) = api_bearer(parts, state).await?;
        match staff_for(&app, &token).await {
            Ok(Some(s)) => Ok(ApiStaff(s)),
            Ok(None) => Err(unauthorized(lang)),
            Err(e) => Err(ApiError::internal(lang, e)),
        }
    }
}

/// A platform on the hash-sharing API (its bearer token); a missing, wrong or revoked
/// token gets the same bare 401, attempts are limited per client (429 with `Retry-After`).
pub struct ApiPlatform(pub zeri_storage::PlatformRow);

impl<S> FromRequestParts<S> for ApiPlatform
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let (app, lang, client) = machine_client(parts, state).await;
        let checked = crate::service::sharing::check_platform(&app, client, bearer(&parts.headers)).await;
        machine_answer(lang, checked).map(ApiPlatform)
    }
}

/// A partner hotline on the exchange API (its bearer key); a missing, wrong or revoked key
/// gets the same bare 401, attempts are limited per client (429 with `Retry-After`).
pub struct ApiPartner(pub zeri_storage::PartnerRow);

impl<S> FromRequestParts<S> for ApiPartner
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let (app, lang, client) = machine_client(parts, state).await;
        let checked = crate::service::exchange::check_partner(&app, client, bearer(&parts.headers)).await;
        machine_answer(lang, checked).map(ApiPartner)
    }
}

/// What a machine client's request brings for its bearer check: the app, the language of
/// its errors (English unless it asks) and who is asking, for throttling.
async fn machine_client<S>(parts: &mut Parts, state: &S) -> (AppState, crate::Lang, crate::service::receipts::ClientId)
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    let ApiLang(lang) = ApiLang::from_request_parts(parts, state).await.unwrap_or(ApiLang(crate::Lang::En));
    let client =
        crate::service::receipts::ClientId::from_request_parts(parts, state).await.unwrap_or_else(|e| match e {});
    (AppState::from_ref(state), lang, client)
}

/// A machine client's bearer check as the API answers it: the same bare 401 for every
/// refusal, 429 with `Retry-After` when throttled.
fn machine_answer<T>(lang: crate::Lang, checked: Result<BearerCheck<T>, StoreError>) -> Result<T, ApiError> {
    match checked {
        Ok(BearerCheck::Found(t)) => Ok(t),
        Ok(BearerCheck::Refused) => Err(unauthorized(lang)),
        Ok(BearerCheck::Throttled { retry_after }) => Err(ApiError::too_many(lang, retry_after)),
        Err(e) => Err(ApiError::internal(lang, e)),
    }
}

/// The account whose second factor is being set up, from the enrolment cookie.
pub async fn enrolling(app: &App, headers: &HeaderMap) -> Result<Option<(StaffRow, String)>, StoreError> {
    let Some(token) = cookie(headers, ENROL_COOKIE) else { return Ok(None) };
    let Some(session) = touch(app, token, SessionKind::StaffEnrol).await? else { return Ok(None) };
    // An account whose factor is set up since has nothing to enrol: an old enrolment session
    // must not replace it.
    Ok(app
        .store
        .staff_by_id(&session.subject)
        .await?
        .filter(|u| !u.disabled && u.totp_sealed.is_none())
        .map(|u| (u, token.to_owned())))
}

/// The follow-up session's token from its cookie (checked by whoever uses it).
pub fn survivor_cookie(headers: &HeaderMap) -> Option<&str> {
    cookie(headers, SURVIVOR_COOKIE)
}

/// Names the report form just sent, so its receipt page can show the receipt for a few
/// minutes (the value is the form's one-time token, stored only as a digest).
pub const RECEIPT_COOKIE: &str = "zeri_receipt";

/// The form token of the receipt page's cookie.
pub fn receipt_cookie(headers: &HeaderMap) -> Option<&str> {
    cookie(headers, RECEIPT_COOKIE)
}

/// Names the link report form just sent, for its receipt page (the form's one-time token,
/// stored only as a digest), as [`RECEIPT_COOKIE`] does for a child's report.
pub const LINK_RECEIPT_COOKIE: &str = "zeri_link_receipt";

/// The form token of the link receipt page's cookie.
pub fn link_receipt_cookie(headers: &HeaderMap) -> Option<&str> {
    cookie(headers, LINK_RECEIPT_COOKIE)
}

/// The page cookie of a staff request, for sign-out.
pub fn staff_cookie(headers: &HeaderMap) -> Option<&str> {
    cookie(headers, STAFF_COOKIE)
}
