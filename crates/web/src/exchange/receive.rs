//! `POST /api/v1/exchange/items`: a partner hotline hands us an item hosted here, as a
//! `zeri-exchange/1` document, with the key we gave it (`Authorization: Bearer`). Checked
//! whole before anything is stored; the same reference twice is one item.

use crate::base::auth::ApiPartner;
use crate::base::error::ApiError;
use crate::base::extract::ApiLang;
use crate::service::exchange::receive;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use zeri_domain::hotline::{AgeGroup, ContentType, HashKind, OtherHarm, SiteType, Verdict};

#[derive(Serialize, utoipa::ToSchema)]
pub struct ExchangeTaken {
    /// Our id of the item: the reference to keep.
    reference: String,
    /// The item was known here already (its address or a hash).
    joined: bool,
    /// This document's item was received from you before: nothing new was stored.
    already_received: bool,
}

/// Receive an item from a partner hotline: 201 when stored, 200 when it was received
/// before; 400 with what is wrong for a document that is not `zeri-exchange/1`; 401 for a
/// missing, wrong or revoked key.
#[utoipa::path(post, path = "/api/v1/exchange/items", tag = "exchange", operation_id = "receive_exchange_item",
    request_body(content = ExchangeDocumentBody, content_type = "application/json"),
    responses((status = 201, body = ExchangeTaken), (status = 200, body = ExchangeTaken), (status = 400),
        (status = 401), (status = 413), (status = 429)),
    security(("bearer" = [])))]
pub async fn receive_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiPartner(partner): ApiPartner,
    body: Bytes,
) -> Result<(StatusCode, Json<ExchangeTaken>), ApiError> {
    let t = receive(&app, &partner, &body).await.map_err(|f| f.api(lang))?;
    let status = if t.again { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, Json(ExchangeTaken { reference: t.item_id, joined: t.joined, already_received: t.again })))
}

/// An object of `fields` (name, schema, required), nothing else allowed.
fn object(fields: Vec<(&str, RefOr<Schema>, bool)>) -> RefOr<Schema> {
    let mut b = ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    for (name, schema, required) in fields {
        b = b.property(name, schema);
        if required {
            b = b.required(name);
        }
    }
    b.into()
}

crate::base::schema::request_body!(
    /// `POST /api/v1/exchange/items`: a `zeri-exchange/1` document (docs/EXCHANGE.md; the
    /// JSON Schema is docs/exchange.schema.json). No field may be added: nothing about a
    /// reporter can travel.
    ExchangeDocumentBody => body("A zeri-exchange/1 document",
        vec![
            ("format", text("zeri-exchange/1"), true),
            ("sent_at", text("RFC 3339"), true),
            ("sender", object(vec![("name", text("The sending hotline"), true), ("country", text("ISO 3166-1 alpha-2"), true)]), true),
            ("item", object(vec![
                ("reference", text("The sender's id of the item"), true),
                ("urls", list("Its URLs, its own first", text("http(s) URL"), 10), true),
                ("first_reported_at", text("RFC 3339"), true),
                ("times_reported", integer("How often it was reported to the sender"), true),
            ]), true),
            ("classification", object(vec![
                ("verdict", choice("ICCAM verdict", Verdict::ALL.iter().map(|v| v.as_str())), true),
                ("content_type", choice("What the material is", ContentType::ALL.iter().map(|v| v.as_str())), true),
                ("age_group", choice("Apparent age group", AgeGroup::ALL.iter().map(|v| v.as_str())), false),
                ("site_type", choice("Kind of site", SiteType::ALL.iter().map(|v| v.as_str())), true),
                ("other_harm", choice("For material that is not illegal", OtherHarm::ALL.iter().map(|v| v.as_str())), false),
                ("assessed_at", text("RFC 3339"), true),
            ]), true),
            ("hosting", object(vec![
                ("country", text("ISO 3166-1 alpha-2"), true),
                ("addresses", list("Its addresses", object(vec![("address", text("IPv4 or IPv6"), true), ("country", text("ISO 3166-1 alpha-2"), false)]), 32), false),
                ("checked_at", text("RFC 3339"), true),
                ("host", text("The URL's host name"), false),
            ]), true),
            ("hashes", list("Content hashes", object(vec![("kind", choice("sha256 | md5 | pdq", HashKind::ALL.iter().map(|v| v.as_str())), true), ("value", text("lower-case hex"), true)]), 50), false),
        ],
        zeri_domain::exchange::example())
);
