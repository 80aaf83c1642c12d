//! Reading multipart uploads (the report form and evidence) into fields and files.
//!
//! Nothing shared is held while a body arrives: text fields are read into memory (at most
//! 64 KiB in all), files are spooled, sealed, to unnamed temporary files
//! ([`crate::parts::spool`]), each read has an idle timeout and the whole body a deadline.
//! Only an upload that carries file bytes takes a place at the [`UploadGate`] (a few per
//! client, a bounded number in all), so the web form's report without files never waits
//! for anyone's upload; and a store slot is taken only once the whole body is in.

use crate::base::error::PageError;
use crate::parts::spool::{Spool, UploadGate, UploadPass};
use crate::service::evidence::Refusal;
use crate::service::evidence::Upload;
use crate::service::evidence::MAX_FIELD_BYTES;
use crate::service::evidence::MAX_FILES;
use crate::service::evidence::MAX_FILE_BYTES;
use crate::service::evidence::MAX_UPLOAD_BYTES;
use crate::service::receipts::ClientId;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::{header, StatusCode};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::{timeout, Instant};

/// A form that may carry files (`multipart/form-data`, fields plus `evidence` files) or
/// none (`application/x-www-form-urlencoded`). Holds its upload pass and store slot while it
/// lives.
pub struct WithFiles {
    pub fields: BTreeMap<String, String>,
    pub files: Vec<Upload>,
    _pass: Option<UploadPass>,
    _slot: Option<OwnedSemaphorePermit>,
}

impl WithFiles {
    /// The fields as a form struct of optional strings.
    pub fn form<T: serde::de::DeserializeOwned>(&self) -> Result<T, Refusal> {
        let map: serde_json::Map<String, serde_json::Value> =
            self.fields.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
        serde_json::from_value(serde_json::Value::Object(map)).map_err(|_| Refusal::BadForm)
    }
}

/// [`WithFiles`] for pages and the API alike: the rejection is a [`Refusal`].
pub struct Files(pub Result<WithFiles, Refusal>);

impl FromRequest<crate::AppState> for Files {
    type Rejection = PageError;

    async fn from_request(req: Request, app: &crate::AppState) -> Result<Self, Self::Rejection> {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart && req.uri().path().starts_with("/api/") {
            // The API takes files only as multipart; anything else is a 400 in JSON.
            return Ok(Files(Err(Refusal::BadForm)));
        }
        let config = &app.config;
        if !multipart {
            // A form without files is text only: bounded like every other form, whatever
            // the route's limit for files, and in time.
            let req = req.map(|b| axum::body::Body::new(http_body_util::Limited::new(b, MAX_FIELD_BYTES)));
            let read = crate::base::extract::PageForm::<BTreeMap<String, String>>::from_request(req, app);
            return match timeout(config.upload_idle, read).await {
                Ok(Ok(crate::base::extract::PageForm(fields))) => {
                    Ok(Files(Ok(WithFiles { fields, files: Vec::new(), _pass: None, _slot: None })))
                }
                Ok(Err(e)) => Err(e),
                Err(_) => Ok(Files(Err(Refusal::Slow))),
            };
        }
        let (mut parts, body) = req.into_parts();
        let ClientId(client) = match ClientId::from_request_parts(&mut parts, app).await {
            Ok(c) => c,
            Err(never) => match never {},
        };
        let req = Request::from_parts(parts, body);
        let Ok(mp) = Multipart::from_request(req, app).await else { return Ok(Files(Err(Refusal::BadForm))) };
        let reading = Reading {
            gate: &app.uploads,
            client,
            dir: &config.spool_dir,
            idle: config.upload_idle,
            until: Instant::now() + config.upload_deadline,
        };
        let (fields, spools, pass) = match reading.read(mp).await {
            Ok(read) => read,
            Err(r) => return Ok(Files(Err(r))),
        };
        if spools.is_empty() {
            return Ok(Files(Ok(WithFiles { fields, files: Vec::new(), _pass: pass, _slot: None })));
        }
        // The whole body is in: storing it is local work, so waiting for a slot is short.
        let slot = match timeout(Duration::from_secs(30), app.store_slots.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            _ => return Ok(Files(Err(Refusal::Busy))),
        };
        let mut files = Vec::with_capacity(spools.len());
        for (file_name, content_type, spool) in spools {
            match spool.finish().await {
                Ok(bytes) => files.push(Upload { file_name, content_type, bytes }),
                Err(e) => return Err(PageError::internal(crate::parts::i18n::Lang::Sq, e)),
            }
        }
        Ok(Files(Ok(WithFiles { fields, files, _pass: pass, _slot: Some(slot) })))
    }
}

/// One multipart body being read.
struct Reading<'a> {
    gate: &'a Arc<UploadGate>,
    client: [u8; 32],
    dir: &'a std::path::Path,
    idle: Duration,
    until: Instant,
}

type Spooled = (String, String, Spool);

impl Reading<'_> {
    /// Waits for the next piece of the body, within the idle timeout and the deadline.
    async fn next<T>(
        &self,
        step: impl std::future::Future<Output = Result<T, axum::extract::multipart::MultipartError>>,
    ) -> Result<T, Refusal> {
        let wait = self.idle.min(self.until.saturating_duration_since(Instant::now()));
        match timeout(wait, step).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(Refusal::TooLarge),
            Ok(Err(_)) => Err(Refusal::BadForm),
            Err(_) => Err(Refusal::Slow),
        }
    }

    /// Reads text fields and `evidence` files within the limits. Parts with an empty file
    /// name and no bytes (a file input left empty) are skipped and need no pass.
    async fn read(
        &self,
        mut mp: Multipart,
    ) -> Result<(BTreeMap<String, String>, Vec<Spooled>, Option<UploadPass>), Refusal> {
        let mut fields = BTreeMap::new();
        let mut files: Vec<Spooled> = Vec::new();
        let mut pass = None;
        let (mut field_bytes, mut total) = (0usize, 0usize);
        while let Some(mut field) = self.next(mp.next_field()).await? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == "evidence" {
                let file_name = field.file_name().unwrap_or_default().to_owned();
                let content_type = field.content_type().unwrap_or("application/octet-stream").to_owned();
                let mut spool = None;
                while let Some(chunk) = self.next(field.chunk()).await? {
                    if chunk.is_empty() {
                        continue;
                    }
                    if pass.is_none() {
                        pass = Some(self.gate.enter(self.client).ok_or(Refusal::Busy)?);
                    }
                    if spool.is_none() {
                        if files.len() == MAX_FILES {
                            return Err(Refusal::TooMany);
                        }
                        spool = Some(Spool::new(self.dir).map_err(|_| Refusal::Busy)?);
                    }
                    let s = spool.as_mut().expect("made above");
                    total += chunk.len();
                    if s.len() + chunk.len() > MAX_FILE_BYTES || total > MAX_UPLOAD_BYTES {
                        return Err(Refusal::TooLarge);
                    }
                    s.write(&chunk).await.map_err(|_| Refusal::Busy)?;
                }
                match spool {
                    Some(s) => files.push((file_name, content_type, s)),
                    None if file_name.is_empty() => {}
                    None => return Err(Refusal::Empty),
                }
            } else if name.len() <= 64 {
                let value = self.next(field.text()).await?;
                field_bytes += value.len();
                if field_bytes > MAX_FIELD_BYTES {
                    return Err(Refusal::TooLarge);
                }
                fields.insert(name, value);
            }
        }
        Ok((fields, files, pass))
    }
}

/// A short text part (a CSRF token) read up to `max` bytes: `None` when it is longer, not
/// UTF-8 or broken. For checks that must come before the rest of a large body is read.
pub async fn small_text(mut field: axum::extract::multipart::Field<'_>, max: usize) -> Option<String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.ok()? {
        if bytes.len() + chunk.len() > max {
            return None;
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).ok()
}
