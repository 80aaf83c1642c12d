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
use std::net::IpAddr;
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
        let forwarded: Vec<&str> =
            parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let addr = client_address(&forwarded.join(","), peer, app.config.trusted_proxies);
        let group = addr.map(client_group).unwrap_or_default();
        Ok(ClientId(app.keys.lookup_digest("client", group.as_bytes())))
    }
}

/// The client's address behind `trusted` proxies: each proxy appends the address it saw to
/// `X-Forwarded-For`, so the entry `trusted` places from the right is the one the outermost
/// trusted proxy saw; everything left of it was written by the client and is never believed.
/// Without trusted proxies (or with fewer entries than proxies), the peer address.
pub(crate) fn client_address(forwarded: &str, peer: Option<IpAddr>, trusted: usize) -> Option<IpAddr> {
    if trusted == 0 {
        return peer;
    }
    let entries: Vec<&str> = forwarded.split(',').map(str::trim).filter(|e| !e.is_empty()).collect();
    match entries.len().checked_sub(trusted).map(|i| entries[i]) {
        Some(entry) => entry.parse::<IpAddr>().ok().or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip())),
        None => peer,
    }
}

/// What counts as one client for limits: an IPv4 address, or an IPv6 /64 (one household or
/// phone gets a whole /64, so single IPv6 addresses would give a guesser endless buckets).
pub(crate) fn client_group(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
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

    /// A whole-number field: an integer, or absent/null.
    pub fn integer(&mut self, field: &str) -> Option<i64> {
        match self.map.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) if n.as_i64().is_some() => n.as_i64(),
            Some(_) => {
                self.errors.insert(field.to_owned(), FieldError::new("must-be-integer"));
                None
            }
        }
    }

    /// A list of texts: an array of strings, or absent/null (empty).
    pub fn texts(&mut self, field: &str) -> Vec<String> {
        match self.map.get(field) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
                items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
            }
            Some(_) => {
                self.errors.insert(field.to_owned(), FieldError::new("must-be-list-of-text"));
                Vec::new()
            }
        }
    }

    /// A list of objects with the text fields `a` and `b` (nothing else), as pairs; absent
    /// or null is empty.
    pub fn pairs(&mut self, field: &str, a: &str, b: &str) -> Vec<(String, String)> {
        let pair = |v: &Value| {
            let o = v.as_object().filter(|o| o.keys().all(|k| k == a || k == b))?;
            Some((o.get(a)?.as_str()?.to_owned(), o.get(b)?.as_str()?.to_owned()))
        };
        match self.map.get(field) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => match items.iter().map(pair).collect::<Option<Vec<_>>>() {
                Some(pairs) => pairs,
                None => {
                    self.errors.insert(field.to_owned(), FieldError::new("must-be-list-of-pairs"));
                    Vec::new()
                }
            },
            Some(_) => {
                self.errors.insert(field.to_owned(), FieldError::new("must-be-list-of-pairs"));
                Vec::new()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_what_the_trusted_proxies_saw() {
        let peer: Option<IpAddr> = Some("127.0.0.1".parse().unwrap());
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        // The client wrote "6.6.6.6"; nginx appended the address it saw.
        assert_eq!(client_address("6.6.6.6, 203.0.113.7", peer, 1), ip("203.0.113.7"));
        assert_eq!(client_address("6.6.6.6, 203.0.113.7, 10.0.0.2", peer, 2), ip("203.0.113.7"));
        assert_eq!(client_address("6.6.6.6, 203.0.113.7", peer, 0), peer, "not believed without proxies");
        assert_eq!(client_address("", peer, 1), peer, "fewer entries than proxies");
        assert_eq!(client_address("garbage", peer, 1), None);
        assert_eq!(client_group("2001:db8:1:2:aaaa::1".parse().unwrap()), "2001:db8:1:2::/64");
        assert_eq!(
            client_group("2001:db8:1:2:ffff::9".parse().unwrap()),
            client_group("2001:db8:1:2::1".parse().unwrap()),
            "one /64, one client"
        );
        assert_eq!(client_group("::ffff:192.0.2.1".parse().unwrap()), "192.0.2.1");
    }
}
