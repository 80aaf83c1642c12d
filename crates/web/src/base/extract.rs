//! Extractors shared by the resources: the page language, the caller's language, the
//! client's throttling identity, and request bodies whose rejections become our own
//! localised errors instead of axum's English plain text.

use crate::base::error::field_message;
use crate::base::error::ApiError;
use crate::base::error::PageError;
use crate::parts::i18n::Lang;
use crate::service::receipts::ClientId;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::FormRejection;
use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use zeri_domain::{FieldError, FieldErrors};

/// The language of a page, from the first path segment (`/sq/…`, `/en/…`).
#[derive(Debug, Clone, Copy)]
pub struct PageLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Lang::from_path(parts.uri.path()).map(PageLang).ok_or_else(|| PageError::not_found(Lang::Sq))
    }
}

/// The API caller's language, from `Accept-Language` (Albanian by default).
#[derive(Debug, Clone, Copy)]
pub struct ApiLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ApiLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ApiLang(caller_lang(&parts.headers)))
    }
}

/// The caller's language from the `Accept-Language` header of a request.
pub(crate) fn caller_lang(headers: &HeaderMap) -> Lang {
    Lang::from_accept_language(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()))
}

impl<S> FromRequestParts<S> for ClientId
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = AppState::from_ref(state);
        let forwarded = app
            .config
            .trust_forwarded_for
            .then(|| parts.headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()))
            .flatten()
            .and_then(|v| v.split(',').next())
            .map(|s| s.trim().to_owned());
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
        let addr = forwarded.or(peer).unwrap_or_default();
        Ok(ClientId(app.keys.lookup_digest("client", addr.as_bytes())))
    }
}

/// A form body whose rejection (too large, malformed) is a page in the page's language.
pub struct PageForm<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for PageForm<T> {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_path(req.uri().path()).unwrap_or(Lang::Sq);
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(v)) => Ok(PageForm(v)),
            Err(FormRejection::BytesRejection(r)) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(PageError::new(StatusCode::PAYLOAD_TOO_LARGE, lang, "too-large"))
            }
            Err(_) => Err(PageError::new(StatusCode::BAD_REQUEST, lang, "bad-form")),
        }
    }
}

/// A JSON object body. Anything else (no JSON content type, invalid JSON, an array, too
/// large) is a 4xx in the caller's language.
pub struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = caller_lang(req.headers());
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"));
        if !is_json {
            return Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "not-json", lang));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|r| {
            if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too-large", lang)
            } else {
                ApiError::new(StatusCode::BAD_REQUEST, "invalid-json", lang)
            }
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::new(StatusCode::BAD_REQUEST, "empty-body", lang));
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => Ok(JsonObject(map)),
            Ok(_) => Err(ApiError::new(StatusCode::BAD_REQUEST, "not-an-object", lang)),
            Err(_) => Err(ApiError::new(StatusCode::BAD_REQUEST, "invalid-json", lang)),
        }
    }
}

/// Reads typed fields out of a [`JsonObject`], collecting a field error for every wrong
/// type and every field we do not know (a typo must not silently drop data).
pub struct JsonFields {
    map: Map<String, Value>,
    errors: BTreeMap<String, FieldError>,
}

impl JsonFields {
    pub fn new(JsonObject(map): JsonObject, known: &[&str]) -> Self {
        let errors = map
            .keys()
            .filter(|k| !known.contains(&k.as_str()))
            .map(|k| (k.chars().take(64).collect(), FieldError::new("unknown-field")))
            .collect();
        Self { map, errors }
    }

    /// A text field: a string, or absent/null.
    pub fn text(&mut self, field: &str) -> Option<String> {
        match self.map.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.errors.insert(field.to_owned(), FieldError::new("must-be-text"));
                None
            }
        }
    }

    /// A yes/no field: a boolean, or absent/null (no). Returned as the form's "true"/"false".
    pub fn flag(&mut self, field: &str) -> Option<String> {
        match self.map.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(b.to_string()),
            Some(_) => {
                self.errors.insert(field.to_owned(), FieldError::new("must-be-boolean"));
                None
            }
        }
    }

    /// The API error for this body, if there is any error in it or in `domain`.
    pub fn finish(self, lang: Lang, domain: Option<&FieldErrors>) -> Option<ApiError> {
        let mut all: BTreeMap<String, String> =
            domain.into_iter().flatten().map(|(k, v)| ((*k).to_owned(), field_message(lang, v))).collect();
        // Type errors explain more than what validation made of the missing value.
        all.extend(self.errors.iter().map(|(k, v)| (k.clone(), field_message(lang, v))));
        if all.is_empty() {
            return None;
        }
        Some(ApiError::invalid(lang, all))
    }
}
