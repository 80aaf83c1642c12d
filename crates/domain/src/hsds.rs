//! Open Referral HSDS 3.0 (Human Services Data Specification): the directory exported as
//! a list of compiled services, and a file of compiled services imported back.
//!
//! The export is a JSON array of HSDS "compiled service" objects (the schema
//! `data/hsds-3.0/schema/compiled/service.json`). What HSDS has a field for goes there
//! (name, status, phones, schedules, languages, cost options, locations, `assured_date`);
//! the rest of a [`Service`] travels as HSDS attributes, each a taxonomy term of one of
//! three vocabularies (`taxonomy_term.taxonomy`):
//!
//! * [`KIND_VOCABULARY`] (`zeri-service-kind`): the kinds of help, code = [`ServiceKind::as_str`];
//! * [`CHANNEL_VOCABULARY`] (`zeri-channel`): how the service is reached, code = [`Channel::as_str`];
//! * [`FACT_VOCABULARY`] (`zeri`): facts with a `value`: `last_checked`, `demo`, `source_url`,
//!   `municipality`, `verified_by`, `verified_on`.
//!
//! Every nested object gets a stable UUID v5 derived from the service id, so exporting twice
//! gives the same file. Importing an export gives back exactly the same services.
//!
//! Import is all-or-nothing: one bad record and nothing is imported; every problem of every
//! record is reported, with the record's position in the list.

use std::collections::HashMap;
use std::fmt;

use serde_json::{json, Map, Value};
use uuid::Uuid;

use crate::directory::{Channel, Point, Service, ServiceKind, ServiceStatus, Verified};
use crate::places::Gazetteer;

/// The vocabulary (`taxonomy_term.taxonomy`) of the kinds of help.
pub const KIND_VOCABULARY: &str = "zeri-service-kind";
/// The vocabulary of the channels.
pub const CHANNEL_VOCABULARY: &str = "zeri-channel";
/// The vocabulary of Zëri's own facts about a service, each carried in the attribute's `value`.
pub const FACT_VOCABULARY: &str = "zeri";

/// The statuses HSDS allows for a service.
pub const HSDS_STATUSES: &[&str] = &["active", "inactive", "defunct", "temporarily closed"];

/// Longest accepted values, in characters.
pub mod limits {
    pub const NAME: usize = 300;
    pub const DESCRIPTION: usize = 4000;
    /// Fees and eligibility descriptions.
    pub const NOTE: usize = 1000;
    /// Opening hours, address, who verified.
    pub const SHORT: usize = 300;
    pub const MUNICIPALITY: usize = 100;
    pub const PHONE: usize = 50;
    pub const EMAIL: usize = 254;
    pub const URL: usize = 2000;
    /// Highest accepted age, years.
    pub const AGE: u8 = 150;
}

const ORGANIZATION_DESCRIPTION: &str =
    "An organization providing services listed in Zëri, the directory of child protection services in Albania.";

// ----- export -----

/// One service as an HSDS 3.0 compiled service object.
pub fn to_hsds(s: &Service) -> Value {
    let mut o = Map::new();
    let mut put = |k: &str, v: Value| {
        o.insert(k.to_string(), v);
    };
    put("id", json!(s.id));
    put("organization_id", json!(s.organization_id));
    put("name", json!(s.name));
    if let Some(v) = &s.alternate_name {
        put("alternate_name", json!(v));
    }
    if !s.description.is_empty() {
        put("description", json!(s.description));
    }
    if let Some(v) = &s.url {
        put("url", json!(v));
    }
    if let Some(v) = &s.email {
        put("email", json!(v));
    }
    put("status", json!(s.status.as_str()));
    if let Some(v) = &s.fees_description {
        put("fees_description", json!(v));
    }
    if let Some(v) = &s.eligibility {
        put("eligibility_description", json!(v));
    }
    if let Some(v) = s.minimum_age {
        put("minimum_age", json!(v));
    }
    if let Some(v) = s.maximum_age {
        put("maximum_age", json!(v));
    }
    if let Some(v) = &s.verified {
        put("assured_date", json!(v.on));
    }
    put(
        "organization",
        json!({"id": s.organization_id, "name": s.organization_name, "description": ORGANIZATION_DESCRIPTION}),
    );
    let phones: Vec<Value> =
        s.phone.iter().map(|n| json!({"id": sub_id(&s.id, "phone"), "number": n, "type": "voice"})).collect();
    put("phones", Value::Array(phones));
    let schedules: Vec<Value> =
        s.hours.iter().map(|h| json!({"id": sub_id(&s.id, "schedule"), "description": h})).collect();
    put("schedules", Value::Array(schedules));
    let languages: Vec<Value> = s
        .languages
        .iter()
        .map(|code| {
            json!({
                "id": sub_id(&s.id, &format!("language/{code}")),
                "name": language_name(code).unwrap_or(code),
                "code": code,
            })
        })
        .collect();
    put("languages", Value::Array(languages));
    let costs: Vec<Value> = s
        .free
        .then(|| json!({"id": sub_id(&s.id, "cost_option/free"), "option": "Free", "amount": 0, "currency": "ALL"}))
        .into_iter()
        .collect();
    put("cost_options", Value::Array(costs));
    put("service_at_locations", Value::Array(service_at_location(s).into_iter().collect()));
    put("attributes", Value::Array(attributes(s)));
    Value::Object(o)
}

/// The export file: a JSON array of compiled services.
pub fn export(services: &[Service]) -> Value {
    Value::Array(services.iter().map(to_hsds).collect())
}

/// A stable UUID for an object nested in a service.
fn sub_id(service_id: &str, what: &str) -> String {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("https://zeri.al/hsds/service/{service_id}/{what}").as_bytes())
        .to_string()
}

fn vocabulary_id(vocabulary: &str) -> String {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("https://zeri.al/hsds/taxonomy/{vocabulary}").as_bytes()).to_string()
}

fn term_id(vocabulary: &str, code: &str) -> String {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("https://zeri.al/hsds/taxonomy/{vocabulary}/{code}").as_bytes())
        .to_string()
}

/// The place where the service is met (with an address, if known); none for remote-only
/// services without an address.
fn service_at_location(s: &Service) -> Option<Value> {
    if s.location.is_none() && s.address.is_none() {
        return None;
    }
    let mut loc = Map::new();
    loc.insert("id".into(), json!(sub_id(&s.id, "location")));
    loc.insert("location_type".into(), json!("physical"));
    loc.insert("name".into(), json!(s.municipality.as_deref().unwrap_or(&s.name)));
    if let Some(p) = s.location {
        loc.insert("latitude".into(), json!(p.lat));
        loc.insert("longitude".into(), json!(p.lon));
    }
    if let Some(address) = &s.address {
        let city = s.municipality.clone().unwrap_or_default();
        // Albania's first-level division is the county (qark); fall back to the municipality.
        let county = s
            .municipality
            .as_deref()
            .and_then(|m| Gazetteer::albania().municipality(m))
            .map(|m| m.county.clone())
            .unwrap_or_else(|| city.clone());
        loc.insert(
            "addresses".into(),
            json!([{
                "id": sub_id(&s.id, "address"),
                "address_1": address,
                "city": city,
                "state_province": county,
                "postal_code": "",
                "country": "AL",
                "address_type": "physical",
            }]),
        );
    }
    Some(json!({"id": sub_id(&s.id, "service_at_location"), "location": Value::Object(loc)}))
}

struct Term {
    vocabulary: &'static str,
    code: &'static str,
    name: &'static str,
    description: &'static str,
}

fn kind_term(k: ServiceKind) -> Term {
    let (name, description) = match k {
        ServiceKind::Helpline => ("Helpline", "Listens and advises by phone or chat, anonymously if wished."),
        ServiceKind::Reporting => ("Reporting", "Receives reports of harm to a child and passes them on."),
        ServiceKind::Psychological => ("Psychological support", "Counselling and therapy for children and families."),
        ServiceKind::Social => ("Social services", "Assesses the child's needs and arranges social protection."),
        ServiceKind::Legal => ("Legal aid", "Advice and representation in legal matters."),
        ServiceKind::Medical => ("Medical care", "Medical examination and treatment."),
        ServiceKind::Police => ("Police", "Receives criminal complaints and investigates."),
        ServiceKind::ForensicInterview => {
            ("Forensic interview", "Forensic interview of the child in a child-friendly setting (Barnahus).")
        }
        ServiceKind::Coordination => ("Case coordination", "Coordinates the services that protect a child."),
    };
    Term { vocabulary: KIND_VOCABULARY, code: k.as_str(), name, description }
}

fn channel_term(c: Channel) -> Term {
    let (name, description) = match c {
        Channel::InPerson => ("In person", "Met in person at a place."),
        Channel::Phone => ("Phone", "Reached by phone."),
        Channel::Online => ("Online", "Reached by chat, website, app or e-mail."),
    };
    Term { vocabulary: CHANNEL_VOCABULARY, code: c.as_str(), name, description }
}

/// Zëri's own facts about a service, each an attribute with a value.
const FACTS: &[(&str, &str, &str)] = &[
    ("last_checked", "Last checked", "The date (YYYY-MM-DD) the details were last compared with their source."),
    ("demo", "Demonstration", "\"true\": a demonstration service, not a real one."),
    ("source_url", "Source", "Where the details come from."),
    ("municipality", "Municipality", "The Albanian municipality (bashkia) where the service is based."),
    ("verified_by", "Verified by", "The administrator who verified the details."),
    ("verified_on", "Verified on", "The date (YYYY-MM-DD) an administrator verified the details."),
];

fn fact_term(code: &str) -> Term {
    let &(code, name, description) = FACTS.iter().find(|f| f.0 == code).expect("a known fact");
    Term { vocabulary: FACT_VOCABULARY, code, name, description }
}

fn vocabulary_description(vocabulary: &str) -> &'static str {
    match vocabulary {
        KIND_VOCABULARY => "The kinds of help in Zëri's directory of child protection services.",
        CHANNEL_VOCABULARY => "How a service in Zëri's directory is reached.",
        _ => "Zëri's own facts about a service, each carried in the attribute's value.",
    }
}

fn attribute(s: &Service, t: &Term, value: Option<&str>) -> Value {
    let term_id = term_id(t.vocabulary, t.code);
    let link_type = match t.vocabulary {
        KIND_VOCABULARY => "service_type",
        CHANNEL_VOCABULARY => "delivery_channel",
        _ => "record_fact",
    };
    let mut a = json!({
        "id": sub_id(&s.id, &format!("attribute/{}/{}", t.vocabulary, t.code)),
        "link_id": s.id,
        "link_type": link_type,
        "link_entity": "service",
        "taxonomy_term_id": term_id,
        "taxonomy_term": {
            "id": term_id,
            "code": t.code,
            "name": t.name,
            "description": t.description,
            "taxonomy": t.vocabulary,
            "taxonomy_id": vocabulary_id(t.vocabulary),
            "taxonomy_detail": {
                "id": vocabulary_id(t.vocabulary),
                "name": t.vocabulary,
                "description": vocabulary_description(t.vocabulary),
            },
            "language": "en",
        },
    });
    if let Some(v) = value {
        a["value"] = json!(v);
    }
    a
}

fn attributes(s: &Service) -> Vec<Value> {
    let mut out: Vec<Value> = s.kinds.iter().map(|k| attribute(s, &kind_term(*k), None)).collect();
    out.extend(s.channels.iter().map(|c| attribute(s, &channel_term(*c), None)));
    let mut fact = |code: &str, value: Option<&str>| {
        if let Some(v) = value {
            out.push(attribute(s, &fact_term(code), Some(v)));
        }
    };
    fact("last_checked", s.last_checked.as_deref());
    fact("demo", s.demo.then_some("true"));
    fact("source_url", s.source_url.as_deref());
    fact("municipality", s.municipality.as_deref());
    fact("verified_by", s.verified.as_ref().map(|v| v.by.as_str()));
    fact("verified_on", s.verified.as_ref().map(|v| v.on.as_str()));
    out
}

const LANGUAGES: &[(&str, &str)] = &[
    ("sq", "Albanian"),
    ("en", "English"),
    ("it", "Italian"),
    ("el", "Greek"),
    ("de", "German"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("tr", "Turkish"),
    ("mk", "Macedonian"),
    ("sr", "Serbian"),
    ("ro", "Romanian"),
    ("rup", "Aromanian"),
    ("rom", "Romani"),
    ("ar", "Arabic"),
    ("ru", "Russian"),
    ("uk", "Ukrainian"),
];

/// The English name of a language, from its ISO 639 code.
pub fn language_name(code: &str) -> Option<&'static str> {
    LANGUAGES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

fn language_code(name: &str) -> Option<&'static str> {
    LANGUAGES.iter().find(|(_, n)| n.eq_ignore_ascii_case(name.trim())).map(|(c, _)| *c)
}

// ----- import -----

/// Why a record of an imported file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based index of the record in the list; 0 for the file as a whole.
    pub position: usize,
    /// The record's `id`, as written in the file, if it has one.
    pub id: Option<String>,
    pub reason: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.position, &self.id) {
            (0, _) => write!(f, "file: {}", self.reason),
            (p, Some(id)) => write!(f, "record {p} (id {id}): {}", self.reason),
            (p, None) => write!(f, "record {p}: {}", self.reason),
        }
    }
}

impl std::error::Error for ImportError {}

/// Reads a file of HSDS 3.0 compiled services: a JSON array of them, or an HSDS `Page`
/// object whose `contents` is that array. Either every record is good and all are
/// returned, or every problem of every bad record is.
pub fn import(bytes: &[u8]) -> Result<Vec<Service>, Vec<ImportError>> {
    let file_error = |reason: String| vec![ImportError { position: 0, id: None, reason }];
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| file_error(format!("the file is not valid JSON: {e}")))?;
    let records = match &value {
        Value::Array(items) => items,
        Value::Object(page) => match page.get("contents") {
            Some(Value::Array(items)) => items,
            Some(_) => return Err(file_error("the page's contents is not a list of services".into())),
            None => {
                return Err(file_error("the file is neither a list of services nor an HSDS page with contents".into()))
            }
        },
        _ => return Err(file_error("the file is neither a list of services nor an HSDS page with contents".into())),
    };
    let mut services = Vec::with_capacity(records.len());
    let mut errors = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, record) in records.iter().enumerate() {
        let position = i + 1;
        let raw_id = record.get("id").and_then(Value::as_str).map(String::from);
        let mut reasons = Vec::new();
        let service = read_service(record, &mut reasons);
        if let Some(s) = &service {
            if let Some(first) = seen.get(&s.id) {
                reasons.push(format!("id {} was already used by record {first}", s.id));
            } else {
                seen.insert(s.id.clone(), position);
            }
        }
        match service {
            Some(s) if reasons.is_empty() => services.push(s),
            _ => errors.extend(reasons.into_iter().map(|reason| ImportError { position, id: raw_id.clone(), reason })),
        }
    }
    if errors.is_empty() {
        Ok(services)
    } else {
        Err(errors)
    }
}

/// Problems found in one record, as sentences.
type Reasons = Vec<String>;

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A field's value; `null` counts as absent.
fn field<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    m.get(key).filter(|v| !v.is_null())
}

/// An optional text: trimmed, `None` when empty; refused if too long or with control
/// characters (line breaks and tabs are allowed in `multiline` texts).
fn text(
    m: &Map<String, Value>,
    path: &str,
    key: &str,
    limit: usize,
    multiline: bool,
    r: &mut Reasons,
) -> Option<String> {
    let name = join(path, key);
    let v = match field(m, key)? {
        Value::String(v) => v.trim(),
        other => {
            r.push(format!("{name} must be a string, not {}", type_name(other)));
            return None;
        }
    };
    checked_text(&name, v, limit, multiline, r)
}

fn checked_text(name: &str, v: &str, limit: usize, multiline: bool, r: &mut Reasons) -> Option<String> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    if v.chars().any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'))) {
        r.push(format!("{name} contains control characters"));
        return None;
    }
    let n = v.chars().count();
    if n > limit {
        r.push(format!("{name} is {n} characters long; at most {limit} are allowed"));
        return None;
    }
    Some(v.to_string())
}

/// A required text.
fn required_text(m: &Map<String, Value>, path: &str, key: &str, limit: usize, r: &mut Reasons) -> Option<String> {
    let before = r.len();
    let v = text(m, path, key, limit, false, r);
    if v.is_none() && r.len() == before {
        r.push(format!("missing {}", join(path, key)));
    }
    v
}

/// A UUID in its hyphenated form, returned in lower case.
fn uuid_of(name: &str, v: &str, r: &mut Reasons) -> Option<String> {
    match Uuid::try_parse(v) {
        Ok(u) if v.len() == 36 => Some(u.hyphenated().to_string()),
        _ => {
            r.push(format!("{name} \"{v}\" is not a UUID"));
            None
        }
    }
}

fn required_uuid(m: &Map<String, Value>, path: &str, key: &str, r: &mut Reasons) -> Option<String> {
    let name = join(path, key);
    match field(m, key) {
        None => {
            r.push(format!("missing {name}"));
            None
        }
        Some(Value::String(v)) => uuid_of(&name, v.trim(), r),
        Some(other) => {
            r.push(format!("{name} must be a string, not {}", type_name(other)));
            None
        }
    }
}

fn number(m: &Map<String, Value>, path: &str, key: &str, r: &mut Reasons) -> Option<f64> {
    match field(m, key)? {
        Value::Number(n) => n.as_f64(),
        other => {
            r.push(format!("{} must be a number, not {}", join(path, key), type_name(other)));
            None
        }
    }
}

fn array<'a>(m: &'a Map<String, Value>, path: &str, key: &str, r: &mut Reasons) -> &'a [Value] {
    match field(m, key) {
        None => &[],
        Some(Value::Array(items)) => items,
        Some(other) => {
            r.push(format!("{} must be a list, not {}", join(path, key), type_name(other)));
            &[]
        }
    }
}

fn object<'a>(v: &'a Value, name: &str, r: &mut Reasons) -> Option<&'a Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m),
        other => {
            r.push(format!("{name} must be an object, not {}", type_name(other)));
            None
        }
    }
}

fn age(m: &Map<String, Value>, key: &str, r: &mut Reasons) -> Option<u8> {
    let v = number(m, "", key, r)?;
    if v.fract() != 0.0 {
        r.push(format!("{key} {v} is not a whole number of years"));
        None
    } else if !(0.0..=f64::from(limits::AGE)).contains(&v) {
        r.push(format!("{key} {v} is out of range: it must be between 0 and {}", limits::AGE));
        None
    } else {
        // In range and whole: the conversion is exact.
        Some(v as u8)
    }
}

/// `YYYY-MM-DD`, a real calendar date.
fn is_date(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else { return false };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn check_date(name: &str, v: String, r: &mut Reasons) -> Option<String> {
    if is_date(&v) {
        Some(v)
    } else {
        r.push(format!("{name} \"{v}\" is not a date of the form YYYY-MM-DD"));
        None
    }
}

/// An absolute `http(s)` URL that HSDS's `format: uri` accepts (ASCII, no spaces).
fn check_url(name: &str, v: String, r: &mut Reasons) -> Option<String> {
    let rest = v.strip_prefix("https://").or_else(|| v.strip_prefix("http://"));
    let host_ok = rest.is_some_and(|rest| !rest.is_empty() && !rest.starts_with(['/', '?', '#']));
    if !host_ok {
        r.push(format!("{name} \"{v}\" is not a web address starting with http:// or https://"));
        None
    } else if !v
        .chars()
        .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`'))
    {
        r.push(format!("{name} \"{v}\" contains spaces or characters that must be percent-encoded"));
        None
    } else {
        Some(v)
    }
}

fn check_email(name: &str, v: String, r: &mut Reasons) -> Option<String> {
    let ok = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && !v.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if ok {
        Some(v)
    } else {
        r.push(format!("{name} \"{v}\" is not an e-mail address"));
        None
    }
}

fn status(m: &Map<String, Value>, r: &mut Reasons) -> Option<ServiceStatus> {
    let v = required_text(m, "", "status", 50, r)?;
    match v.as_str() {
        "active" => Some(ServiceStatus::Active),
        "inactive" | "defunct" | "temporarily closed" => Some(ServiceStatus::Retired),
        other => {
            r.push(format!("status \"{other}\" is not one of {}", HSDS_STATUSES.join(", ")));
            None
        }
    }
}

/// What the attributes say.
#[derive(Default)]
struct Attributes {
    kinds: Vec<ServiceKind>,
    channels: Option<Vec<Channel>>,
    facts: HashMap<&'static str, String>,
}

fn read_attributes(m: &Map<String, Value>, r: &mut Reasons) -> Attributes {
    let mut out = Attributes::default();
    for (i, a) in array(m, "", "attributes", r).iter().enumerate() {
        let path = format!("attributes[{i}]");
        let Some(a) = object(a, &path, r) else { continue };
        // An attribute that only points to a taxonomy table elsewhere cannot be read here.
        let Some(term) = field(a, "taxonomy_term") else { continue };
        let term_path = format!("{path}.taxonomy_term");
        let Some(term) = object(term, &term_path, r) else { continue };
        let vocabulary = field(term, "taxonomy")
            .or_else(|| field(term, "taxonomy_detail").and_then(|d| d.get("name")))
            .or_else(|| field(term, "vocabulary"))
            .and_then(Value::as_str)
            .map(str::trim);
        let Some(vocabulary @ (KIND_VOCABULARY | CHANNEL_VOCABULARY | FACT_VOCABULARY)) = vocabulary else {
            continue; // another taxonomy: not ours to read
        };
        let Some(code) = required_text(term, &term_path, "code", 100, r) else { continue };
        match vocabulary {
            KIND_VOCABULARY => match ServiceKind::parse(&code) {
                Some(k) if !out.kinds.contains(&k) => out.kinds.push(k),
                Some(_) => {}
                None => r.push(format!(
                    "unknown service kind \"{code}\" in {path} (vocabulary {KIND_VOCABULARY}); known kinds: {}",
                    ServiceKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                )),
            },
            CHANNEL_VOCABULARY => match Channel::parse(&code) {
                Some(c) => {
                    let channels = out.channels.get_or_insert_with(Vec::new);
                    if !channels.contains(&c) {
                        channels.push(c);
                    }
                }
                None => r.push(format!(
                    "unknown channel \"{code}\" in {path} (vocabulary {CHANNEL_VOCABULARY}); known channels: {}",
                    Channel::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
                )),
            },
            _ => {
                let Some(&(code, _, _)) = FACTS.iter().find(|f| f.0 == code) else {
                    r.push(format!("unknown fact \"{code}\" in {path} (vocabulary {FACT_VOCABULARY})"));
                    continue;
                };
                let limit = match code {
                    "source_url" => limits::URL,
                    "municipality" => limits::MUNICIPALITY,
                    _ => limits::SHORT,
                };
                let before = r.len();
                let Some(value) = text(a, &path, "value", limit, false, r) else {
                    if r.len() == before {
                        r.push(format!("the {code} attribute ({path}) has no value"));
                    }
                    continue;
                };
                if out.facts.contains_key(code) {
                    r.push(format!("the {code} attribute appears more than once ({path})"));
                } else {
                    out.facts.insert(code, value);
                }
            }
        }
    }
    out
}

/// The service's place: the first physical location with coordinates; its address, or
/// else the first address of a physical location; the city of that address.
#[derive(Default)]
struct Place {
    point: Option<Point>,
    address: Option<String>,
    city: Option<String>,
}

fn read_locations(m: &Map<String, Value>, r: &mut Reasons) -> Place {
    let mut place = Place::default();
    let mut first_address: Option<(String, Option<String>)> = None;
    for (i, sal) in array(m, "", "service_at_locations", r).iter().enumerate() {
        let sal_path = format!("service_at_locations[{i}]");
        let Some(sal) = object(sal, &sal_path, r) else { continue };
        let Some(loc) = field(sal, "location") else { continue };
        let path = format!("{sal_path}.location");
        let Some(loc) = object(loc, &path, r) else { continue };
        let location_type = required_text(loc, &path, "location_type", 50, r);
        if let Some(t) = &location_type {
            if !matches!(t.as_str(), "physical" | "postal" | "virtual") {
                r.push(format!("{path}.location_type \"{t}\" is not one of physical, postal, virtual"));
            }
        }
        let lat = number(loc, &path, "latitude", r);
        let lon = number(loc, &path, "longitude", r);
        let mut point_ok = true;
        if let Some(lat) = lat.filter(|v| !(-90.0..=90.0).contains(v)) {
            r.push(format!("{path}.latitude {lat} is out of range: it must be between -90 and 90"));
            point_ok = false;
        }
        if let Some(lon) = lon.filter(|v| !(-180.0..=180.0).contains(v)) {
            r.push(format!("{path}.longitude {lon} is out of range: it must be between -180 and 180"));
            point_ok = false;
        }
        let point = match (lat, lon) {
            (Some(lat), Some(lon)) => Point::new(lat, lon).filter(|_| point_ok),
            (Some(_), None) => {
                r.push(format!("{path} has a latitude but no longitude"));
                None
            }
            (None, Some(_)) => {
                r.push(format!("{path} has a longitude but no latitude"));
                None
            }
            (None, None) => None,
        };
        let physical = location_type.as_deref() == Some("physical");
        let mut address = None;
        for (j, a) in array(loc, &path, "addresses", r).iter().enumerate() {
            let a_path = format!("{path}.addresses[{j}]");
            let Some(a) = object(a, &a_path, r) else { continue };
            let line = required_text(a, &a_path, "address_1", limits::SHORT, r);
            let city = text(a, &a_path, "city", limits::MUNICIPALITY, false, r);
            if address.is_none() {
                address = line.map(|l| (l, city));
            }
        }
        if !physical {
            continue;
        }
        if place.point.is_none() {
            if let Some(p) = point {
                place.point = Some(p);
                if let Some((line, city)) = address.clone() {
                    place.address = Some(line);
                    place.city = city;
                }
            }
        }
        if first_address.is_none() {
            first_address = address;
        }
    }
    if place.address.is_none() {
        if let Some((line, city)) = first_address {
            place.address = Some(line);
            place.city = city;
        }
    }
    place
}

/// The first phone number: of the service, else of its locations.
fn read_phone(m: &Map<String, Value>, r: &mut Reasons) -> Option<String> {
    let mut lists: Vec<(String, &[Value])> = vec![("phones".into(), array(m, "", "phones", r))];
    // read_locations has already reported a service_at_locations that is not a list.
    for (i, sal) in array(m, "", "service_at_locations", &mut Vec::new()).iter().enumerate() {
        let Some(sal) = sal.as_object() else { continue };
        let path = format!("service_at_locations[{i}]");
        lists.push((format!("{path}.phones"), array(sal, &path, "phones", r)));
        if let Some(loc) = field(sal, "location").and_then(Value::as_object) {
            let path = format!("{path}.location");
            lists.push((format!("{path}.phones"), array(loc, &path, "phones", r)));
        }
    }
    let mut number = None;
    for (path, phones) in lists {
        for (i, p) in phones.iter().enumerate() {
            let p_path = format!("{path}[{i}]");
            let Some(p) = object(p, &p_path, r) else { continue };
            let n = required_text(p, &p_path, "number", limits::PHONE, r);
            if number.is_none() {
                number = n;
            }
        }
    }
    number
}

fn read_languages(m: &Map<String, Value>, r: &mut Reasons) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, l) in array(m, "", "languages", r).iter().enumerate() {
        let path = format!("languages[{i}]");
        let Some(l) = object(l, &path, r) else { continue };
        let code = match text(l, &path, "code", 10, false, r) {
            Some(code) => {
                let lower = code.to_ascii_lowercase();
                if (2..=3).contains(&lower.len()) && lower.bytes().all(|b| b.is_ascii_lowercase()) {
                    Some(lower)
                } else {
                    r.push(format!("{path}.code \"{code}\" is not an ISO 639 language code"));
                    None
                }
            }
            None => match text(l, &path, "name", 100, false, r) {
                Some(name) => match language_code(&name) {
                    Some(code) => Some(code.to_string()),
                    None => {
                        r.push(format!("{path} (\"{name}\") has no code, and the name is not a known language"));
                        None
                    }
                },
                None => {
                    r.push(format!("{path} has neither a code nor a name"));
                    None
                }
            },
        };
        if let Some(code) = code.filter(|c| !out.contains(c)) {
            out.push(code);
        }
    }
    out
}

/// Free when a cost option costs nothing.
fn read_free(m: &Map<String, Value>, r: &mut Reasons) -> bool {
    let mut free = false;
    for (i, c) in array(m, "", "cost_options", r).iter().enumerate() {
        let path = format!("cost_options[{i}]");
        let Some(c) = object(c, &path, r) else { continue };
        let amount = number(c, &path, "amount", r);
        if let Some(a) = amount.filter(|a| *a < 0.0) {
            r.push(format!("{path}.amount {a} is negative"));
        }
        let option = text(c, &path, "option", limits::SHORT, false, r);
        free |= amount == Some(0.0) || option.is_some_and(|o| o.eq_ignore_ascii_case("free"));
    }
    free
}

fn read_service(record: &Value, r: &mut Reasons) -> Option<Service> {
    let Value::Object(m) = record else {
        r.push(format!("the record must be an object, not {}", type_name(record)));
        return None;
    };
    let id = required_uuid(m, "", "id", r);
    let name = required_text(m, "", "name", limits::NAME, r);
    let alternate_name = text(m, "", "alternate_name", limits::NAME, false, r);
    let description = text(m, "", "description", limits::DESCRIPTION, true, r).unwrap_or_default();
    let url = text(m, "", "url", limits::URL, false, r).and_then(|v| check_url("url", v, r));
    let email = text(m, "", "email", limits::EMAIL, false, r).and_then(|v| check_email("email", v, r));
    let status = status(m, r);
    let fees_description = text(m, "", "fees_description", limits::NOTE, true, r);
    let eligibility = text(m, "", "eligibility_description", limits::NOTE, true, r);
    let minimum_age = age(m, "minimum_age", r);
    let maximum_age = age(m, "maximum_age", r);
    if let (Some(min), Some(max)) = (minimum_age, maximum_age) {
        if min > max {
            r.push(format!("minimum_age {min} is greater than maximum_age {max}"));
        }
    }
    let assured_date = text(m, "", "assured_date", 10, false, r).and_then(|v| check_date("assured_date", v, r));

    let organization = match field(m, "organization") {
        None => {
            r.push("missing organization".into());
            None
        }
        Some(o) => object(o, "organization", r).and_then(|o| {
            let id = required_uuid(o, "organization", "id", r);
            let name = required_text(o, "organization", "name", limits::NAME, r);
            Some((id?, name?))
        }),
    };
    if let (Some((org_id, _)), Some(Value::String(flat))) = (&organization, field(m, "organization_id")) {
        if let Some(flat) = uuid_of("organization_id", flat.trim(), r) {
            if &flat != org_id {
                r.push(format!("organization_id {flat} differs from organization.id {org_id}"));
            }
        }
    }

    let attributes = read_attributes(m, r);
    let place = read_locations(m, r);
    let phone = read_phone(m, r);
    let hours = array(m, "", "schedules", r).iter().enumerate().find_map(|(i, s)| {
        let path = format!("schedules[{i}]");
        object(s, &path, r).and_then(|s| text(s, &path, "description", limits::SHORT, true, r))
    });
    let languages = read_languages(m, r);
    let free = read_free(m, r);

    let mut facts = attributes.facts;
    let last_checked = facts.remove("last_checked").and_then(|v| check_date("the last_checked attribute", v, r));
    let demo = match facts.remove("demo").as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            r.push(format!("the demo attribute is \"{other}\"; it must be \"true\" or \"false\""));
            false
        }
    };
    let source_url = facts.remove("source_url").and_then(|v| check_url("the source_url attribute", v, r));
    let municipality = facts.remove("municipality").or(place.city);
    let verified_on = facts.remove("verified_on").and_then(|v| check_date("the verified_on attribute", v, r));
    let verified = match (facts.remove("verified_by"), verified_on) {
        (Some(by), Some(on)) => Some(Verified { by, on }),
        (Some(by), None) => match &assured_date {
            Some(on) => Some(Verified { by, on: on.clone() }),
            None => {
                r.push("the verified_by attribute is set but there is no verified_on attribute or assured_date".into());
                None
            }
        },
        (None, Some(_)) => {
            r.push("the verified_on attribute is set but there is no verified_by attribute".into());
            None
        }
        (None, None) => None,
    };
    // HSDS's assured_date is "when the information was last checked"; without a named
    // verifier it is no verification.
    let last_checked = last_checked.or(if verified.is_none() { assured_date } else { None });

    let channels = attributes.channels.unwrap_or_else(|| {
        let mut c = Vec::new();
        if place.point.is_some() {
            c.push(Channel::InPerson);
        }
        if phone.is_some() {
            c.push(Channel::Phone);
        }
        if url.is_some() || email.is_some() {
            c.push(Channel::Online);
        }
        c
    });

    let (organization_id, organization_name) = organization?;
    Some(Service {
        id: id?,
        organization_id,
        organization_name,
        name: name?,
        alternate_name,
        description,
        kinds: attributes.kinds,
        channels,
        free,
        fees_description,
        phone,
        email,
        url,
        hours,
        languages,
        minimum_age,
        maximum_age,
        eligibility,
        municipality,
        address: place.address,
        location: place.point,
        last_checked,
        verified,
        source_url,
        demo,
        status: status?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::shipped;

    fn full() -> Service {
        Service {
            id: "6f1c7d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f".into(),
            organization_id: "0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e".into(),
            organization_name: "Qendra Shpresa".into(),
            name: "Këshillim për vajza".into(),
            alternate_name: Some("Counselling for girls".into()),
            description: "Counselling and legal aid.\nBy appointment.".into(),
            kinds: vec![ServiceKind::Psychological, ServiceKind::Legal, ServiceKind::ForensicInterview],
            channels: vec![Channel::InPerson, Channel::Phone, Channel::Online],
            free: true,
            fees_description: Some("Free for children; adults pay 500 lekë.".into()),
            phone: Some("+355 22 123 456".into()),
            email: Some("info@shpresa.example.al".into()),
            url: Some("https://shpresa.example.al/keshillim".into()),
            hours: Some("Mon–Fri 8:00–16:00".into()),
            languages: vec!["sq".into(), "en".into(), "it".into(), "rom".into(), "xx".into()],
            minimum_age: Some(12),
            maximum_age: Some(17),
            eligibility: Some("girls and young women".into()),
            municipality: Some("Shkodër".into()),
            address: Some("Rruga 13 Dhjetori, Nr. 5".into()),
            location: Some(Point { lat: 42.0683, lon: 19.5126 }),
            last_checked: Some("2026-10-30".into()),
            verified: Some(Verified { by: "admin@zeri.al".into(), on: "2026-11-02".into() }),
            source_url: Some("https://shpresa.example.al/rreth-nesh".into()),
            demo: true,
            status: ServiceStatus::Retired,
        }
    }

    fn round_trip(services: &[Service]) -> Result<Vec<Service>, Vec<ImportError>> {
        import(&serde_json::to_vec(&export(services)).unwrap())
    }

    #[test]
    fn shipped_data_round_trips() {
        let s = shipped(Gazetteer::albania());
        assert_eq!(s.len(), 68);
        assert_eq!(round_trip(&s), Ok(s.clone()));
        assert_eq!(export(&s), export(&s), "stable ids");
    }

    #[test]
    fn full_fixture_round_trips() {
        let f = full();
        assert_eq!(round_trip(std::slice::from_ref(&f)), Ok(vec![f.clone()]));

        // Variants: an address without a point, no municipality, nothing optional at all.
        let no_point = Service { id: sub_id(&f.id, "a"), location: None, channels: vec![Channel::Phone], ..f.clone() };
        let no_town = Service { id: sub_id(&f.id, "b"), municipality: None, ..f.clone() };
        let bare = Service {
            id: sub_id(&f.id, "c"),
            alternate_name: None,
            description: String::new(),
            kinds: vec![],
            channels: vec![],
            free: false,
            fees_description: None,
            phone: None,
            email: None,
            url: None,
            hours: None,
            languages: vec![],
            minimum_age: None,
            maximum_age: None,
            eligibility: None,
            municipality: None,
            address: None,
            location: None,
            last_checked: None,
            verified: None,
            source_url: None,
            demo: false,
            status: ServiceStatus::Active,
            ..f.clone()
        };
        let all = vec![f, no_point, no_town, bare];
        assert_eq!(round_trip(&all), Ok(all.clone()));
    }

    #[test]
    fn the_export_says_what_hsds_says() {
        let v = to_hsds(&full());
        assert_eq!(v["status"], "defunct");
        assert_eq!(v["assured_date"], "2026-11-02");
        assert_eq!(v["organization"]["name"], "Qendra Shpresa");
        assert_eq!(v["phones"][0]["type"], "voice");
        assert_eq!(v["languages"][0]["name"], "Albanian");
        assert_eq!(v["languages"][4]["name"], "xx", "an unknown code is its own name");
        assert_eq!(v["cost_options"][0]["amount"], 0);
        assert_eq!(v["cost_options"][0]["currency"], "ALL");
        let loc = &v["service_at_locations"][0]["location"];
        assert_eq!(loc["location_type"], "physical");
        assert_eq!(loc["addresses"][0]["state_province"], "Shkodër", "the county of Shkodër");
        assert_eq!(loc["addresses"][0]["country"], "AL");
        let attrs = v["attributes"].as_array().unwrap();
        let kinds: Vec<_> = attrs
            .iter()
            .filter(|a| a["taxonomy_term"]["taxonomy"] == KIND_VOCABULARY)
            .map(|a| &a["taxonomy_term"]["code"])
            .collect();
        assert_eq!(kinds, ["psychological", "legal", "forensic_interview"]);
        let demo = attrs.iter().find(|a| a["taxonomy_term"]["code"] == "demo").unwrap();
        assert_eq!(demo["value"], "true");
        assert_eq!(demo["link_id"], v["id"]);
        assert_eq!(demo["taxonomy_term_id"], demo["taxonomy_term"]["id"]);
        // The same term has the same id in every service; attributes have their own.
        let g = Gazetteer::albania();
        let s = export(&shipped(g));
        let social: Vec<_> = s
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|x| x["attributes"].as_array().unwrap())
            .filter(|a| a["taxonomy_term"]["code"] == "social")
            .collect();
        assert!(social.len() > 60);
        assert!(social.iter().all(|a| a["taxonomy_term"]["id"] == social[0]["taxonomy_term"]["id"]));
        assert_ne!(social[0]["id"], social[1]["id"]);
        // Remote-only services have no location.
        let alo = s.as_array().unwrap().iter().find(|x| x["name"].as_str().unwrap().contains("ALO")).unwrap();
        assert_eq!(alo["service_at_locations"], json!([]));
    }

    #[test]
    fn a_page_is_accepted_and_foreign_files_are_read() {
        let f = full();
        let page = json!({"total_items": 1, "total_pages": 1, "page_number": 1, "size": 1, "first_page": true,
                          "last_page": true, "empty": false, "contents": [to_hsds(&f)]});
        assert_eq!(import(&serde_json::to_vec(&page).unwrap()), Ok(vec![f]));

        // A minimal record from another HSDS publisher: channels inferred, nothing of ours.
        let foreign = json!([{
            "id": "AC148810-D857-441C-9679-408F346DE14B",
            "name": "Community Counselling",
            "status": "temporarily closed",
            "email": "email@example.com",
            "assured_date": "2005-01-01",
            "organization": {"id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "name": "MyCity", "description": "x"},
            "phones": [{"id": "1554f2e2-a373-45db-a3fa-9fc48a61c15e", "number": "+44 1234 234567"}],
            "languages": [{"id": "2989d3ed-c547-48f8-8f9d-432d81c7892e", "name": "English"}],
            "cost_options": [{"id": "1fdf4d39-3d80-484d-9f92-a8ffa08621e7", "amount": 35, "currency": "gbp"}],
            "service_at_locations": [
                {"id": "e94c9f38-1e8f-4564-91d4-d53501ab1765",
                 "location": {"id": "3a19ff88-4620-4d17-9830-ac1d859eb5d5", "location_type": "virtual", "url": "http://example.com"}},
                {"id": "e94c9f38-1e8f-4564-91d4-d53501ab1766",
                 "location": {"id": "3a19ff88-4620-4d17-9830-ac1d859eb5d6", "location_type": "physical",
                              "latitude": 41.33, "longitude": 19.82,
                              "addresses": [{"id": "74706e55-df26-4b84-80fe-ecc30b5befb4", "address_1": "1-30 Main Street",
                                             "city": "Tiranë", "state_province": "Tiranë", "postal_code": "1001",
                                             "country": "AL", "address_type": "physical"}]}},
                {"id": "e94c9f38-1e8f-4564-91d4-d53501ab1767",
                 "location": {"id": "3a19ff88-4620-4d17-9830-ac1d859eb5d7", "location_type": "physical",
                              "latitude": 42.0, "longitude": 20.0}}
            ],
            "attributes": [{"id": "ae58cc39-8b70-4ab1-8aea-786882e5ac8e",
                            "taxonomy_term": {"id": "3f7b145d-84af-42d7-8fae-eaca714b02b2", "code": "BD-1800",
                                              "name": "Counselling", "description": "x", "taxonomy": "AIRS/211"}}]
        }]);
        let s = import(&serde_json::to_vec(&foreign).unwrap()).unwrap().remove(0);
        assert_eq!(s.id, "ac148810-d857-441c-9679-408f346de14b", "normalised");
        assert_eq!(s.status, ServiceStatus::Retired);
        assert_eq!(s.channels, [Channel::InPerson, Channel::Phone, Channel::Online]);
        assert_eq!(s.location, Some(Point { lat: 41.33, lon: 19.82 }), "the first physical location with a point");
        assert_eq!(s.address.as_deref(), Some("1-30 Main Street"));
        assert_eq!(s.municipality.as_deref(), Some("Tiranë"));
        assert_eq!(s.languages, ["en"]);
        assert!(!s.free && s.kinds.is_empty() && s.verified.is_none());
        assert_eq!(s.last_checked.as_deref(), Some("2005-01-01"), "assured_date without a verifier");
        assert_eq!(s.phone.as_deref(), Some("+44 1234 234567"));
    }

    type Break = fn(&mut Value);

    fn attr_code<'a>(v: &'a mut Value, code: &str) -> &'a mut Value {
        v["attributes"].as_array_mut().unwrap().iter_mut().find(|a| a["taxonomy_term"]["code"] == code).unwrap()
    }

    /// Broken records, each put in a file of good ones at its position.
    const BROKEN: &[(&str, Break, &str)] = &[
        ("bad id", |v| v["id"] = json!("not-a-uuid"), "id \"not-a-uuid\" is not a UUID"),
        ("no name", |v| drop(v.as_object_mut().unwrap().remove("name")), "missing name"),
        ("blank name", |v| v["name"] = json!("   "), "missing name"),
        ("long name", |v| v["name"] = json!("a".repeat(301)), "name is 301 characters long; at most 300"),
        ("name not text", |v| v["name"] = json!(5), "name must be a string, not a number"),
        ("long description", |v| v["description"] = json!("é".repeat(4001)), "description is 4001 characters"),
        ("status", |v| v["status"] = json!("closed"), "status \"closed\" is not one of active"),
        ("no status", |v| drop(v.as_object_mut().unwrap().remove("status")), "missing status"),
        ("no organization", |v| drop(v.as_object_mut().unwrap().remove("organization")), "missing organization"),
        (
            "no organization id",
            |v| drop(v["organization"].as_object_mut().unwrap().remove("id")),
            "missing organization.id",
        ),
        ("organization id", |v| v["organization"]["id"] = json!("42"), "organization.id \"42\" is not a UUID"),
        ("no organization name", |v| v["organization"]["name"] = json!(""), "missing organization.name"),
        (
            "latitude",
            |v| v["service_at_locations"][0]["location"]["latitude"] = json!(123.4),
            "latitude 123.4 is out of range",
        ),
        (
            "longitude",
            |v| v["service_at_locations"][0]["location"]["longitude"] = json!(-181),
            "longitude -181 is out of range",
        ),
        (
            "half a point",
            |v| drop(v["service_at_locations"][0]["location"].as_object_mut().unwrap().remove("longitude")),
            "has a latitude but no longitude",
        ),
        (
            "unknown kind",
            |v| attr_code(v, "social")["taxonomy_term"]["code"] = json!("shelter"),
            "unknown service kind \"shelter\"",
        ),
        (
            "unknown channel",
            |v| attr_code(v, "in_person")["taxonomy_term"]["code"] = json!("pigeon"),
            "unknown channel \"pigeon\"",
        ),
        ("bad date", |v| attr_code(v, "last_checked")["value"] = json!("2026-02-30"), "is not a date"),
        ("no value", |v| drop(attr_code(v, "municipality").as_object_mut().unwrap().remove("value")), "has no value"),
        ("age", |v| v["maximum_age"] = json!(17.5), "maximum_age 17.5 is not a whole number"),
        ("ages", |v| v["minimum_age"] = json!(18), "minimum_age 18 is greater than maximum_age 17"),
        ("url", |v| v["url"] = json!("www.example.al"), "url \"www.example.al\" is not a web address"),
        ("email", |v| v["email"] = json!("nobody"), "email \"nobody\" is not an e-mail address"),
        ("phones", |v| v["phones"] = json!({"number": "1"}), "phones must be a list, not an object"),
        ("phone number", |v| v["phones"] = json!([{"id": "x"}]), "missing phones[0].number"),
        ("language", |v| v["languages"] = json!([{"code": "Albanian!"}]), "is not an ISO 639 language code"),
        ("not an object", |v| *v = json!("service"), "the record must be an object, not a string"),
        (
            "verified_on without by",
            |v| {
                let verified_on = attribute(&full(), &fact_term("verified_on"), Some("2026-11-02"));
                v["attributes"].as_array_mut().unwrap().push(verified_on);
            },
            "no verified_by attribute",
        ),
    ];

    #[test]
    fn broken_records_are_all_reported_and_nothing_is_imported() {
        let good = export(&shipped(Gazetteer::albania())).as_array().unwrap().clone();
        // CPUs (records 8..) have a point, an organization, kinds, channels and facts.
        let mut file = good.clone();
        let mut expected = Vec::new();
        for (i, (_, brk, _)) in BROKEN.iter().enumerate() {
            let at = 8 + 2 * i; // 0-based; a good record between two broken ones
            let mut v = good[at].clone();
            brk(&mut v);
            file[at] = v;
            expected.push(at + 1);
        }
        // The last record repeats the id of the first.
        let mut dup = good[0].clone();
        dup["name"] = json!("Another name");
        file.push(dup);
        let errors = import(&serde_json::to_vec(&file).unwrap()).unwrap_err();
        for ((label, _, reason), position) in BROKEN.iter().zip(&expected) {
            assert!(
                errors.iter().any(|e| e.position == *position && e.reason.contains(reason)),
                "{label}: expected \"{reason}\" at record {position}, got {:#?}",
                errors.iter().filter(|e| e.position == *position).collect::<Vec<_>>()
            );
        }
        let last = file.len();
        assert!(errors.iter().any(|e| e.position == last && e.reason.contains("already used by record 1")));
        let mut bad: Vec<usize> = errors.iter().map(|e| e.position).collect();
        bad.dedup();
        expected.push(last);
        assert_eq!(bad, expected, "errors only for the broken records, in order");
        let not_an_object = expected[BROKEN.iter().position(|b| b.0 == "not an object").unwrap()];
        assert!(errors.iter().all(|e| e.id.is_some() == (e.position != not_an_object)), "the id, when there is one");
    }

    #[test]
    fn a_broken_record_among_good_ones_stops_the_import() {
        let s = shipped(Gazetteer::albania());
        let mut file = export(&s);
        file[3]["service_at_locations"][0]["location"]["latitude"] = json!(123.4);
        let errors = import(&serde_json::to_vec(&file).unwrap()).unwrap_err();
        assert_eq!(errors.len(), 1);
        let e = &errors[0];
        assert_eq!((e.position, e.id.as_deref()), (4, Some(s[3].id.as_str())));
        assert!(e.reason.contains("latitude 123.4 is out of range"), "{}", e.reason);
        assert_eq!(
            e.to_string(),
            format!(
                "record 4 (id {}): service_at_locations[0].location.latitude 123.4 is out of range: it must be \
                 between -90 and 90",
                s[3].id
            )
        );
    }

    #[test]
    fn a_file_that_is_not_a_list() {
        let errors = import(b"[{\"id\": 1,}").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].position, 0);
        assert!(errors[0].reason.contains("line 1 column 11"), "{}", errors[0].reason);
        assert!(errors[0].to_string().starts_with("file: the file is not valid JSON"));
        for file in [&b"{\"services\": []}"[..], &b"42"[..], &b"{\"contents\": 3}"[..]] {
            let errors = import(file).unwrap_err();
            assert_eq!((errors.len(), errors[0].position), (1, 0), "{errors:?}");
        }
        assert_eq!(import(b"[]"), Ok(vec![]));
        assert_eq!(import(b"{\"contents\": []}"), Ok(vec![]));
    }

    #[test]
    fn dates() {
        assert!(is_date("2024-02-29") && is_date("2026-12-31"));
        assert!(!is_date("2026-02-29") && !is_date("2026-13-01") && !is_date("2026-1-01") && !is_date("2026-04-31"));
    }
}
