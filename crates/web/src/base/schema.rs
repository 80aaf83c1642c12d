//! OpenAPI schemas of the JSON request bodies.
//!
//! The handlers read their bodies field by field (`JsonFields`: unknown fields and wrong
//! types are named in the error), so the bodies are not serde types to derive from. Each
//! body's schema is built here from the same lists the handlers and the domain use (the
//! values of a choice come from the domain's `ALL`), so the document cannot drift from what
//! is accepted; each carries an example that a test sends and expects a 2xx for.

use serde_json::Value;
use utoipa::openapi::schema::{AdditionalProperties, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::RefOr;

/// A text field.
pub fn text(description: &str) -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::String).description(Some(description)).into()
}

/// A text field that is one of `values`.
pub fn choice<'a>(description: &str, values: impl IntoIterator<Item = &'a str>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .enum_values(Some(values.into_iter().map(str::to_owned)))
        .into()
}

/// A yes/no field.
pub fn flag(description: &str) -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(Type::Boolean).description(Some(description)).into()
}

/// A whole number field.
pub fn integer(description: &str) -> RefOr<Schema> {
    ObjectBuilder::new().schema_type(SchemaType::from(Type::Integer)).description(Some(description)).into()
}

/// A list whose entries are `item`, at most `max` of them.
pub fn list(description: &str, item: RefOr<Schema>, max: usize) -> RefOr<Schema> {
    utoipa::openapi::schema::ArrayBuilder::new().items(item).max_items(Some(max)).description(Some(description)).into()
}

/// An object of text fields, all required, nothing else allowed (an entry of a list).
pub fn record(fields: Vec<(&str, RefOr<Schema>)>) -> RefOr<Schema> {
    let mut b = ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(AdditionalProperties::FreeForm(false)));
    for (name, schema) in fields {
        b = b.property(name, schema).required(name);
    }
    b.into()
}

/// An object of `fields` (name, schema, required), nothing else allowed, with an example.
pub fn body(description: &str, fields: Vec<(&str, RefOr<Schema>, bool)>, example: Value) -> RefOr<Schema> {
    let mut b = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(description))
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
        .examples([example]);
    for (name, schema, required) in fields {
        b = b.property(name, schema);
        if required {
            b = b.required(name);
        }
    }
    b.into()
}

/// Declares a request body type whose schema is `$schema` (an expression of this module's
/// builders); used as `request_body(content = $name, …)` in `#[utoipa::path]`.
macro_rules! request_body {
    ($(#[$m:meta])* $name:ident => $schema:expr) => {
        $(#[$m])*
        pub struct $name;
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                #[allow(unused_imports)]
                use $crate::base::schema::*;
                $schema
            }
        }
        impl utoipa::ToSchema for $name {}
    };
}
pub(crate) use request_body;
