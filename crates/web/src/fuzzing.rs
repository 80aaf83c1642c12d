//! Entry points for coverage-guided fuzzing (`fuzz/`, `cargo fuzz`) and its regression test
//! (`tests/fuzz_corpus.rs`): one function per target, each feeding arbitrary bytes to the
//! production code that parses untrusted input, exactly as the server does, and ignoring
//! the result. None of them may panic on any input: a panic, an out-of-memory or a hang
//! found here is a bug in the code it calls.
//!
//! Not part of the service's API (`#[doc(hidden)]`); nothing here is reachable from a
//! request.

use crate::base::error::field_messages;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::base::extract::PageForm;
use crate::parts::i18n::Lang;
use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use axum::response::IntoResponse;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::sync::OnceLock;
use zeri_domain::report::{validate_message, ReportForm};
use zeri_domain::{FieldErrors, Gazetteer, Receipt};
use zeri_hashing::decode::{hash_image, image_media_type, looks_like_image, Limits, Options};

/// The report as the server reads it: the JSON body of `POST /api/v1/reports` and the
/// urlencoded body of `POST /{lang}/report`, then `ReportForm::validate` and the
/// translated errors.
pub fn report_form(data: &[u8]) {
    if let Some(map) = json_object(data) {
        for lang in Lang::ALL {
            // As `reporting::pages::submit_api` reads the object.
            let mut f = JsonFields::new(JsonObject(map.clone()), ReportForm::FIELDS);
            let form = crate::reporting::pages::form_from_json(&mut f);
            let validated = form.validate(Gazetteer::albania());
            if let Some(err) = f.finish(lang, validated.as_ref().err()) {
                drop(err.into_response());
            }
        }
    }
    if let Some(form) = page_form::<ReportForm>(data) {
        if let Err(errors) = form.validate(Gazetteer::albania()) {
            translate(&errors);
        }
    }
}

/// A follow-up message: the JSON body of `POST /api/v1/followup/messages` and the form of
/// `POST /{lang}/followup/messages`, then `validate_message` and the translated errors.
pub fn message(data: &[u8]) {
    use crate::followup::pages::MessageForm;
    if let Some(map) = json_object(data) {
        for lang in Lang::ALL {
            // As `followup::message_api` reads the object.
            let mut f = JsonFields::new(JsonObject(map.clone()), &["body"]);
            let text = f.text("body");
            let validated = validate_message(text.as_deref());
            if let Some(err) = f.finish(lang, validated.as_ref().err()) {
                drop(err.into_response());
            }
        }
    }
    if let Some(form) = page_form::<MessageForm>(data) {
        if let Err(errors) = validate_message(form.body.as_deref()) {
            translate(&errors);
        }
    }
}

/// An evidence file as intake inspects it: kind sniffed from the bytes, digests, archives'
/// directories checked for bombs, images decoded within the production limits and hashed.
pub fn evidence(data: &[u8]) {
    let _ = crate::service::evidence::inspect(data, 1);
}

/// The image decoder and PDQ (with its dihedrals) directly, under tighter limits than
/// intake's so that the fuzzer spends its time in the decoders rather than on large
/// images: 4096 px a side, 4 megapixels, 64 MiB.
pub fn image_decode(data: &[u8]) {
    let _ = looks_like_image(data);
    let _ = image_media_type(data);
    let limits = Limits { max_side: 4096, max_pixels: 4 * 1024 * 1024, max_alloc: 64 * 1024 * 1024 };
    let _ = hash_image(data, &Options { dihedral: true, full_size: false, limits });
}

/// An HSDS 3.0 file as `zeri directory import` reads it, with its error messages.
pub fn hsds_import(data: &[u8]) {
    if let Err(errors) = zeri_domain::hsds::import(data) {
        for e in errors {
            let _ = e.to_string();
        }
    }
}

/// A hash list (CSV) as `POST /api/v1/admin/hash-lists` and the staff page parse it.
pub fn hashlist_import(data: &[u8]) {
    let _ = crate::evidence::hashlists::parse(data);
}

/// A receipt as a child types it (follow-up and take-down request). What parses must
/// parse again, unchanged, from the grouped form the child is shown.
pub fn receipt(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    if let Some(r) = Receipt::parse(&input) {
        assert_eq!(Receipt::parse(&r.display_grouped()).as_ref(), Some(&r), "a receipt must survive its display form");
    }
}

/// The body as the server's `JsonObject` extractor reads it (`Content-Type:
/// application/json`); `None` when it refuses it.
fn json_object(data: &[u8]) -> Option<serde_json::Map<String, serde_json::Value>> {
    let req = request(data, "application/json");
    block_on(JsonObject::from_request(req, &())).ok().map(|JsonObject(map)| map)
}

/// A urlencoded page form as the server reads it: `PageForm` into text fields, then into
/// the form struct the same way `evidence::WithFiles::form` does.
fn page_form<T: DeserializeOwned>(data: &[u8]) -> Option<T> {
    let req = request(data, "application/x-www-form-urlencoded");
    let PageForm(fields) = block_on(PageForm::<BTreeMap<String, String>>::from_request(req, &())).ok()?;
    let map: serde_json::Map<String, serde_json::Value> =
        fields.into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect();
    serde_json::from_value(serde_json::Value::Object(map)).ok()
}

fn request(data: &[u8], content_type: &str) -> Request {
    axum::http::Request::post("/sq/report")
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(data.to_vec()))
        .expect("a valid request")
}

/// Field errors as both languages show them.
fn translate(errors: &FieldErrors) {
    for lang in Lang::ALL {
        let _ = field_messages(lang, errors);
    }
}

/// Runs an extractor's future to completion (bodies are in memory: no real waiting).
fn block_on<F: std::future::Future>(f: F) -> F::Output {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| tokio::runtime::Builder::new_current_thread().build().expect("a runtime")).block_on(f)
}
