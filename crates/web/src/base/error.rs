//! Errors as the client sees them.
//!
//! API errors are JSON `{"error": {"code", "message", "fields"}}` with a 4xx status, the
//! message in the caller's language. Page errors are a page in the page's language. A 5xx
//! never shows internals: the cause goes to the log (without personal data), the client
//! gets a generic message.

use crate::parts::i18n::Lang;
use crate::service::case::Fail;
use axum::http::header;
use axum::http::StatusCode;
use axum::http::Uri;
use axum::response::IntoResponse;
use axum::response::Response;
use axum::Json;
use fluent_bundle::FluentValue;
use serde_json::json;
use std::collections::BTreeMap;
use std::fmt::Display;
use zeri_domain::wellbeing::Stop;
use zeri_domain::FieldError;
use zeri_domain::FieldErrors;

/// The message for one field error, in `lang`.
pub fn field_message(lang: Lang, e: &FieldError) -> String {
    let key = format!("field-error-{}", e.code);
    let mut args: Vec<(&str, FluentValue)> = Vec::new();
    if let Some(limit) = e.limit {
        args.push(("limit", limit.into()));
    }
    if !e.options.is_empty() {
        args.push(("options", e.options.join(", ").into()));
    }
    lang.t_args(&key, &args)
}

pub fn field_messages(lang: Lang, errors: &FieldErrors) -> BTreeMap<String, String> {
    errors.iter().map(|(k, v)| ((*k).to_owned(), field_message(lang, v))).collect()
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub fields: BTreeMap<String, String>,
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error whose message is the Fluent message `error-<code>`.
    pub fn new(status: StatusCode, code: &'static str, lang: Lang) -> Self {
        Self { status, code, message: lang.t(&format!("error-{code}")), fields: BTreeMap::new(), retry_after: None }
    }

    pub fn validation(lang: Lang, errors: &FieldErrors) -> Self {
        Self::invalid(lang, field_messages(lang, errors))
    }

    /// A 422 with messages already translated, by field.
    pub fn invalid(lang: Lang, fields: BTreeMap<String, String>) -> Self {
        Self { fields, ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, "validation", lang) }
    }

    pub fn not_found(lang: Lang) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", lang)
    }

    pub fn too_many(lang: Lang, retry_after: u64) -> Self {
        Self { retry_after: Some(retry_after), ..Self::new(StatusCode::TOO_MANY_REQUESTS, "too-many-attempts", lang) }
    }

    /// Logs `cause` (which must carry no personal data) and answers a bare 500.
    pub fn internal(lang: Lang, cause: impl Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", lang)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({"error": {"code": self.code, "message": self.message}});
        if !self.fields.is_empty() {
            body["error"]["fields"] = json!(self.fields);
        }
        let mut res = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            res.headers_mut().insert(header::RETRY_AFTER, secs.into());
        }
        res
    }
}

/// An error page in the page's language.
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub lang: Lang,
    pub code: &'static str,
}

impl PageError {
    pub fn new(status: StatusCode, lang: Lang, code: &'static str) -> Self {
        Self { status, lang, code }
    }

    pub fn not_found(lang: Lang) -> Self {
        Self::new(StatusCode::NOT_FOUND, lang, "not-found")
    }

    pub fn internal(lang: Lang, cause: impl Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, lang, "internal")
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let lang = self.lang;
        let title = lang.t(&format!("error-{}", self.code));
        let body = maud::html! {
            h1 { (title) }
            p { a href={ "/" (lang.code()) } { (lang.t("back-home")) } }
        };
        (self.status, crate::base::layout::page(lang, &title, body)).into_response()
    }
}

/// Unknown paths: JSON under `/api`, a page elsewhere (in the path's language).
pub async fn not_found(uri: Uri) -> Response {
    let path = uri.path();
    if path.starts_with("/api/") {
        ApiError::not_found(Lang::Sq).into_response()
    } else {
        let lang = Lang::from_path(path).unwrap_or(Lang::Sq);
        PageError::not_found(lang).into_response()
    }
}

/// A form post's failure: a refused form (its fields' messages, for showing the page again
/// with `422`) or anything else, answered as its error page.
pub trait FormFail: Sized {
    /// The refused fields, or else the failure as it was.
    fn invalid(self) -> Result<FieldErrors, Self>;
    fn error_page(self, lang: Lang) -> PageError;

    /// Each refused field with its message, or else the failure's error page.
    fn refused(self, lang: Lang) -> Result<BTreeMap<String, String>, PageError> {
        match self.invalid() {
            Ok(e) => Ok(field_messages(lang, &e)),
            Err(f) => Err(f.error_page(lang)),
        }
    }
}

/// A page shown again because its form was refused: `422`.
pub fn refused_page(page: axum::response::Html<String>) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

impl FormFail for Fail {
    fn invalid(self) -> Result<FieldErrors, Self> {
        match self {
            Fail::Invalid(e) => Ok(e),
            f => Err(f),
        }
    }
    fn error_page(self, lang: Lang) -> PageError {
        self.page(lang)
    }
}

impl FormFail for crate::service::hosting::HostingFail {
    fn invalid(self) -> Result<FieldErrors, Self> {
        match self {
            Self::Invalid(e) => Ok(e),
            f => Err(f),
        }
    }
    fn error_page(self, lang: Lang) -> PageError {
        self.page(lang)
    }
}

impl Fail {
    pub fn api(self, lang: Lang) -> ApiError {
        match self {
            Fail::NotFound => ApiError::not_found(lang),
            Fail::Forbidden => ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang),
            Fail::Conflict(code) => ApiError::new(StatusCode::CONFLICT, code, lang),
            Fail::Invalid(e) => ApiError::validation(lang, &e),
            Fail::Erased(_) => ApiError::new(StatusCode::GONE, "case-erased", lang),
            Fail::Stopped(stop) => stopped_api(lang, stop),
            Fail::Internal(e) => ApiError::internal(lang, e),
        }
    }
}

impl Fail {
    pub fn page(self, lang: Lang) -> PageError {
        match self {
            Fail::NotFound => PageError::not_found(lang),
            Fail::Forbidden => PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"),
            Fail::Conflict(code) => PageError::new(StatusCode::CONFLICT, lang, code),
            Fail::Invalid(_) => PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "bad-form"),
            Fail::Erased(_) => PageError::new(StatusCode::GONE, lang, "case-erased"),
            Fail::Stopped(stop) => {
                let (status, code) = stopped_status(&stop);
                PageError::new(status, lang, code)
            }
            Fail::Internal(e) => PageError::internal(lang, e),
        }
    }
}

/// The status and code of an opening stopped to protect the person opening it: the daily
/// limit is 429 (with `Retry-After`: the next day), a break due or a matched file waiting
/// for a further step 409 (send `confirm_break` or `show_matched`).
pub fn stopped_status(stop: &Stop) -> (StatusCode, &'static str) {
    match stop {
        Stop::OverLimit { .. } => (StatusCode::TOO_MANY_REQUESTS, "exposure-limit"),
        Stop::BreakDue { .. } => (StatusCode::CONFLICT, "break-due"),
        Stop::MatchedHidden => (StatusCode::CONFLICT, "matched-hidden"),
    }
}

/// Why an opening was stopped, in words: what happened, what to do, where to find support.
pub fn stopped_message(lang: Lang, stop: &Stop) -> String {
    use crate::parts::format::duration;
    match *stop {
        Stop::OverLimit { exposed_s, limit_s, wait_s, .. } => lang.t_args(
            "exposure-limit-text",
            &[
                ("exposed", duration(lang, exposed_s).into()),
                ("limit", duration(lang, limit_s).into()),
                ("wait", duration(lang, wait_s).into()),
            ],
        ),
        Stop::BreakDue { since_break_s } => {
            lang.t_args("break-due-text", &[("since", duration(lang, since_break_s).into())])
        }
        Stop::MatchedHidden => lang.t("matched-hidden-text"),
    }
}

fn stopped_api(lang: Lang, stop: Stop) -> ApiError {
    let (status, code) = stopped_status(&stop);
    let next = match stop {
        Stop::OverLimit { .. } => lang.t("exposure-support"),
        Stop::BreakDue { .. } => lang.t("break-due-api"),
        Stop::MatchedHidden => lang.t("matched-hidden-api"),
    };
    let retry_after = match stop {
        Stop::OverLimit { wait_s, .. } => Some(wait_s.max(1) as u64),
        _ => None,
    };
    ApiError {
        message: format!("{} {next}", stopped_message(lang, &stop)),
        retry_after,
        ..ApiError::new(status, code, lang)
    }
}

/// "Too many attempts, try again in N minutes", in `lang`.
pub fn wait_message(lang: Lang, retry_after: u64) -> String {
    lang.t_args("error-too-many-attempts-wait", &[("minutes", retry_after.div_ceil(60).into())])
}

impl crate::service::evidence::Refusal {
    pub fn status(&self) -> StatusCode {
        match self {
            crate::service::evidence::Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            crate::service::evidence::Refusal::Busy => StatusCode::SERVICE_UNAVAILABLE,
            crate::service::evidence::Refusal::Slow => StatusCode::REQUEST_TIMEOUT,
            crate::service::evidence::Refusal::BadForm => StatusCode::BAD_REQUEST,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

impl crate::service::evidence::Refusal {
    /// A refused upload as the API answers it: the status of the refusal, the reason in words.
    pub fn api(self, lang: Lang) -> ApiError {
        ApiError { message: self.message(lang), ..ApiError::new(self.status(), "evidence-refused", lang) }
    }
}

impl crate::service::intake::SubmitError {
    /// A report or message that could not be stored, as the API answers it.
    pub fn api(self, lang: Lang) -> ApiError {
        use crate::service::intake::SubmitError;
        match self {
            SubmitError::Refused(r) => r.api(lang),
            SubmitError::Erased => ApiError::new(StatusCode::GONE, "report-erased", lang),
            SubmitError::AlreadyReceived => ApiError::new(StatusCode::CONFLICT, "already-received", lang),
            SubmitError::Internal(e) => ApiError::internal(lang, e),
        }
    }

    /// The same on a page; a refused file is answered by the page itself (it shows the form
    /// again with the reason), so it is not expected here.
    pub fn page(self, lang: Lang) -> PageError {
        use crate::service::intake::SubmitError;
        match self {
            SubmitError::Erased => PageError::new(StatusCode::GONE, lang, "report-erased"),
            SubmitError::Refused(r) => PageError::new(r.status(), lang, "evidence-refused"),
            SubmitError::AlreadyReceived => PageError::new(StatusCode::CONFLICT, lang, "already-received"),
            SubmitError::Internal(e) => PageError::internal(lang, e),
        }
    }
}

impl crate::service::notices::NoticeFail {
    /// A take-down step answers as the item's steps do, or as a hosting lookup does.
    pub fn api(self, lang: Lang) -> ApiError {
        use crate::service::notices::NoticeFail;
        match self {
            NoticeFail::Item(f) => f.api(lang),
            NoticeFail::Hosting(f) => f.api(lang),
        }
    }

    pub fn page(self, lang: Lang) -> PageError {
        use crate::service::notices::NoticeFail;
        match self {
            NoticeFail::Item(f) => f.page(lang),
            NoticeFail::Hosting(f) => f.page(lang),
        }
    }
}

impl crate::service::hosting::HostingFail {
    /// A hosting request as the API answers it: a bad URL or a name that does not resolve
    /// is the `url` field's error (422); a resolver that does not answer in time is 504; no
    /// IP-to-country database configured is 409 (the installation, not the request).
    pub fn api(self, lang: Lang) -> ApiError {
        use crate::parts::hosting::HostingError;
        use crate::service::hosting::HostingFail;
        let url_field = |code: &'static str| ApiError {
            fields: BTreeMap::from([("url".to_owned(), lang.t(&format!("field-error-{code}")))]),
            ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, lang)
        };
        match self {
            HostingFail::Forbidden => ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang),
            HostingFail::NotFound => ApiError::not_found(lang),
            HostingFail::Invalid(e) => ApiError::validation(lang, &e),
            HostingFail::Lookup(HostingError::BadUrl) => url_field("bad-url"),
            HostingFail::Lookup(HostingError::NoSuchHost) => url_field("no-such-host"),
            HostingFail::Lookup(HostingError::Timeout(d)) => ApiError {
                message: lang.t_args("error-hosting-timeout", &[("seconds", (d.as_secs_f64().ceil() as i64).into())]),
                ..ApiError::new(StatusCode::GATEWAY_TIMEOUT, "hosting-timeout", lang)
            },
            HostingFail::Lookup(HostingError::NotConfigured) => {
                ApiError::new(StatusCode::CONFLICT, "hosting-not-configured", lang)
            }
            HostingFail::Internal(e) => ApiError::internal(lang, e),
        }
    }

    pub fn page(self, lang: Lang) -> PageError {
        use crate::parts::hosting::HostingError;
        use crate::service::hosting::HostingFail;
        match self {
            HostingFail::Forbidden => PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"),
            HostingFail::NotFound => PageError::not_found(lang),
            HostingFail::Invalid(_) | HostingFail::Lookup(HostingError::BadUrl | HostingError::NoSuchHost) => {
                PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "bad-form")
            }
            HostingFail::Lookup(HostingError::Timeout(_)) => {
                PageError::new(StatusCode::GATEWAY_TIMEOUT, lang, "hosting-timeout-page")
            }
            HostingFail::Lookup(HostingError::NotConfigured) => {
                PageError::new(StatusCode::CONFLICT, lang, "hosting-not-configured")
            }
            HostingFail::Internal(e) => PageError::internal(lang, e),
        }
    }
}

impl crate::service::exchange::ExchangeFail {
    /// An exchange request as the API answers it: a partner's document that is not
    /// `zeri-exchange/1` is 400 with what is wrong (the version, the parser's message naming
    /// the field, or each bad value by its path); a partner that did not take a forwarded
    /// item is 502 (recorded: try again); locating the host answers as a lookup does.
    pub fn api(self, lang: Lang) -> ApiError {
        use crate::service::exchange::ExchangeFail;
        use zeri_domain::exchange::ExchangeError;
        match self {
            ExchangeFail::Fail(f) => f.api(lang),
            ExchangeFail::Hosting(h) => h.api(lang),
            ExchangeFail::Document(ExchangeError::Version(found)) => ApiError {
                message: lang.t_args(
                    "error-exchange-unsupported-version",
                    &[("found", found.into()), ("supported", zeri_domain::exchange::FORMAT.into())],
                ),
                ..ApiError::new(StatusCode::BAD_REQUEST, "exchange-unsupported-version", lang)
            },
            ExchangeFail::Document(ExchangeError::Shape(detail)) => ApiError {
                message: lang.t_args("error-exchange-bad-document", &[("detail", detail.into())]),
                ..ApiError::new(StatusCode::BAD_REQUEST, "exchange-bad-document", lang)
            },
            ExchangeFail::Document(ExchangeError::Invalid(fields)) => ApiError {
                fields: fields.into_iter().map(|(p, code)| (p, field_message(lang, &FieldError::new(code)))).collect(),
                ..ApiError::new(StatusCode::BAD_REQUEST, "exchange-invalid-values", lang)
            },
            ExchangeFail::SendFailed(code) => ApiError {
                message: lang.t_args("error-exchange-send-failed", &[("reason", code.into())]),
                ..ApiError::new(StatusCode::BAD_GATEWAY, "exchange-send-failed", lang)
            },
        }
    }

    pub fn page(self, lang: Lang) -> PageError {
        use crate::service::exchange::ExchangeFail;
        match self {
            ExchangeFail::Fail(f) => f.page(lang),
            ExchangeFail::Hosting(h) => h.page(lang),
            ExchangeFail::Document(_) => PageError::new(StatusCode::BAD_REQUEST, lang, "exchange-bad-document"),
            ExchangeFail::SendFailed(_) => PageError::new(StatusCode::BAD_GATEWAY, lang, "exchange-send-failed"),
        }
    }
}
