//! The HSDS export validated against the official Open Referral HSDS 3.0 JSON Schema
//! (`data/hsds-3.0/schema/compiled/service.json`), with format validation on so that every
//! `format: uuid` id, `uri` and `email` is checked.

use serde_json::{json, Value};
use zeri_domain::directory::{shipped, Channel, Point, Service, ServiceKind, ServiceStatus, Verified};
use zeri_domain::hsds::{export, import};
use zeri_domain::Gazetteer;

const COMPILED_SERVICE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/hsds-3.0/schema/compiled/service.json");
const SERVICE_LIST: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/hsds-3.0/schema/compiled/service_list.json");

fn load(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every `$ref` in a schema (the crate is built without remote or file resolution, so
/// the schema must be self-contained).
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r.clone());
            }
            m.values().for_each(|x| refs(x, out));
        }
        Value::Array(items) => items.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

fn validator(path: &str) -> jsonschema::Validator {
    let schema = load(path);
    let mut found = Vec::new();
    refs(&schema, &mut found);
    assert!(found.is_empty(), "{path} is not self-contained: {found:?}");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("{path} does not compile: {e}"))
}

/// Every validation error of every record, each with the record and the instance path.
fn errors(v: &jsonschema::Validator, records: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (i, record) in records.as_array().expect("an array").iter().enumerate() {
        for e in v.iter_errors(record) {
            out.push(format!("record {} ({}) at {}: {e}", i + 1, record["name"], e.instance_path()));
        }
    }
    out
}

fn full() -> Service {
    Service {
        id: "6f1c7d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f".into(),
        organization_id: "0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e".into(),
        organization_name: "Qendra Shpresa".into(),
        name: "Këshillim për vajza".into(),
        alternate_name: Some("Counselling for girls".into()),
        description: "Counselling and legal aid.\nBy appointment.".into(),
        kinds: vec![ServiceKind::Psychological, ServiceKind::Legal, ServiceKind::Helpline],
        channels: vec![Channel::InPerson, Channel::Phone, Channel::Online],
        free: true,
        fees_description: Some("Free for children; adults pay 500 lekë.".into()),
        phone: Some("+355 22 123 456".into()),
        email: Some("info@shpresa.example.al".into()),
        url: Some("https://shpresa.example.al/keshillim".into()),
        hours: Some("Mon–Fri 8:00–16:00".into()),
        languages: vec!["sq".into(), "en".into(), "el".into()],
        minimum_age: Some(12),
        maximum_age: Some(17),
        eligibility: Some("girls and young women".into()),
        municipality: Some("Gjirokastër".into()),
        address: Some("Rruga Ismail Kadare, Nr. 3".into()),
        location: Some(Point { lat: 40.0758, lon: 20.1389 }),
        last_checked: Some("2026-10-30".into()),
        verified: Some(Verified { by: "admin@zeri.al".into(), on: "2026-11-02".into() }),
        source_url: Some("https://shpresa.example.al/rreth-nesh".into()),
        demo: true,
        status: ServiceStatus::Retired,
    }
}

#[test]
fn the_export_of_the_shipped_data_is_valid_hsds() {
    let v = validator(COMPILED_SERVICE);
    let services = shipped(Gazetteer::albania());
    let file = export(&services);
    assert_eq!(file.as_array().map(Vec::len), Some(services.len()));
    let errs = errors(&v, &file);
    assert!(errs.is_empty(), "{} schema errors:\n{}", errs.len(), errs.join("\n"));
    // The list form of a service (what GET /services pages contain) accepts it too.
    let errs = errors(&validator(SERVICE_LIST), &file);
    assert!(errs.is_empty(), "{} schema errors:\n{}", errs.len(), errs.join("\n"));
}

#[test]
fn the_export_of_a_full_service_is_valid_hsds_and_round_trips() {
    let v = validator(COMPILED_SERVICE);
    let remote = Service {
        id: "7a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d".into(),
        location: None,
        municipality: None,
        channels: vec![Channel::Phone],
        status: ServiceStatus::Active,
        ..full()
    };
    let services = vec![full(), remote];
    let file = export(&services);
    let errs = errors(&v, &file);
    assert!(errs.is_empty(), "{} schema errors:\n{}", errs.len(), errs.join("\n"));
    // Every nested object is there.
    let first = &file[0];
    for key in ["phones", "schedules", "languages", "cost_options", "service_at_locations", "attributes"] {
        assert!(!first[key].as_array().unwrap().is_empty(), "{key}");
    }
    assert!(!first["service_at_locations"][0]["location"]["addresses"].as_array().unwrap().is_empty());
    assert_eq!(import(&serde_json::to_vec(&file).unwrap()), Ok(services));
}

#[test]
fn the_validator_can_fail() {
    let v = validator(COMPILED_SERVICE);
    let good = export(&[full()])[0].clone();
    assert!(v.is_valid(&good));

    let mut bad_id = good.clone();
    bad_id["id"] = json!("service-1");
    assert!(!v.is_valid(&bad_id), "a non-UUID id");

    let mut no_name = good.clone();
    no_name.as_object_mut().unwrap().remove("name");
    assert!(!v.is_valid(&no_name), "no name");

    let mut nested = good.clone();
    nested["attributes"][0]["taxonomy_term"]["id"] = json!("psychological");
    assert!(!v.is_valid(&nested), "a non-UUID id deep inside");

    let mut address = good.clone();
    address["service_at_locations"][0]["location"]["addresses"][0].as_object_mut().unwrap().remove("postal_code");
    assert!(!v.is_valid(&address), "an address without a postal code");

    let mut status = good;
    status["status"] = json!("retired");
    assert!(!v.is_valid(&status), "a status HSDS does not know");
}
