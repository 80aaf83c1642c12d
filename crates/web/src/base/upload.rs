//! Reading multipart uploads (the report form and evidence) into fields and files.

use crate::base::error::PageError;
use crate::service::evidence::Refusal;
use crate::service::evidence::Upload;
use crate::service::evidence::MAX_FIELD_BYTES;
use crate::service::evidence::MAX_FILES;
use crate::service::evidence::MAX_FILE_BYTES;
use crate::service::evidence::MAX_UPLOAD_BYTES;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, StatusCode};
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::sync::OwnedSemaphorePermit;

/// A form that may carry files (`multipart/form-data`, fields plus `evidence` files) or
/// none (`application/x-www-form-urlencoded`). Holds an upload slot while it lives.
pub struct WithFiles {
    pub fields: BTreeMap<String, String>,
    pub files: Vec<Upload>,
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
        if !multipart {
            let crate::base::extract::PageForm(fields) =
                crate::base::extract::PageForm::<BTreeMap<String, String>>::from_request(req, app).await?;
            return Ok(Files(Ok(WithFiles { fields, files: Vec::new(), _slot: None })));
        }
        let slot = match tokio::time::timeout(Duration::from_secs(10), app.upload_slots.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            _ => return Ok(Files(Err(Refusal::Busy))),
        };
        let Ok(mp) = Multipart::from_request(req, app).await else { return Ok(Files(Err(Refusal::BadForm))) };
        Ok(Files(read_multipart(mp).await.map(|(fields, files)| WithFiles { fields, files, _slot: Some(slot) })))
    }
}

/// Reads text fields and `evidence` files within the limits. Parts with an empty file
/// name and no bytes (a file input left empty) are skipped.
async fn read_multipart(mut mp: Multipart) -> Result<(BTreeMap<String, String>, Vec<Upload>), Refusal> {
    let mut fields = BTreeMap::new();
    let mut files = Vec::new();
    let (mut field_bytes, mut total) = (0usize, 0usize);
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Refusal::TooLarge
        } else {
            Refusal::BadForm
        }
    };
    while let Some(mut field) = mp.next_field().await.map_err(too_large)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "evidence" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let content_type = field.content_type().unwrap_or("application/octet-stream").to_owned();
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(too_large)? {
                bytes.extend_from_slice(&chunk);
                total += chunk.len();
                if bytes.len() > MAX_FILE_BYTES || total > MAX_UPLOAD_BYTES {
                    return Err(Refusal::TooLarge);
                }
            }
            if bytes.is_empty() && file_name.is_empty() {
                continue;
            }
            if bytes.is_empty() {
                return Err(Refusal::Empty);
            }
            if files.len() == MAX_FILES {
                return Err(Refusal::TooMany);
            }
            files.push(Upload { file_name, content_type, bytes });
        } else if name.len() <= 64 {
            let value = field.text().await.map_err(too_large)?;
            field_bytes += value.len();
            if field_bytes > MAX_FIELD_BYTES {
                return Err(Refusal::TooLarge);
            }
            fields.insert(name, value);
        }
    }
    Ok((fields, files))
}
