//! `zeri-exchange/1`: the document one hotline sends another about a content item hosted
//! in the receiver's country (INHOPE's hand-over between hotlines). Documented in
//! `docs/EXCHANGE.md`, with the JSON Schema `docs/exchange.schema.json`.
//!
//! What travels: who sends it, the sender's reference and URL(s) of the item, when it was
//! first reported and how often, the sender's classification (ICCAM), where it was found
//! hosted and its content hashes. Never anything about a reporter: the types below have no
//! field for a receipt, a case, a report's text or a person, and a document with any field
//! they do not name is refused (`deny_unknown_fields`), so nothing can ride along.
//!
//! Pure: parsing and checking only ([`parse`]); building and sending are the web crate's.

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::hotline::{
    normalise_url, AgeGroup, Classification, ContentHash, ContentType, HashKind, NormalUrl, OtherHarm, SiteType,
    Verdict, URLS_PER_REPORT,
};

/// The format and major version this code writes and reads.
pub const FORMAT: &str = "zeri-exchange/1";
/// The prefix of every version of the format.
pub const FORMAT_NAME: &str = "zeri-exchange";
/// Most hashes in one document.
pub const HASHES_PER_DOCUMENT: usize = 50;
/// Most addresses in the hosting facts.
pub const ADDRESSES_PER_DOCUMENT: usize = 32;
/// Longest sender reference and name.
pub const TEXT_LIMIT: usize = 100;
/// The largest document a receiver reads (bytes).
pub const DOCUMENT_LIMIT: usize = 64 * 1024;

/// The document as it travels (JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// `zeri-exchange/1`.
    pub format: String,
    /// When the sender made the document (RFC 3339).
    pub sent_at: String,
    pub sender: Sender,
    pub item: Item,
    pub classification: SentClassification,
    pub hosting: Hosting,
    #[serde(default)]
    pub hashes: Vec<Hash>,
}

/// The sending hotline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
}

/// The item as the sender knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// The sender's own id of the item: the same item sent again carries the same one.
    pub reference: String,
    /// Its URLs, the item's own first (1 to 10).
    pub urls: Vec<String>,
    /// When it was first reported to the sender (RFC 3339).
    pub first_reported_at: String,
    /// How many times it was reported to the sender.
    pub times_reported: u64,
}

/// The sender's assessment (ICCAM); the receiver assesses again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentClassification {
    pub verdict: Verdict,
    pub content_type: ContentType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_group: Option<AgeGroup>,
    pub site_type: SiteType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_harm: Option<OtherHarm>,
    /// When it was assessed (RFC 3339).
    pub assessed_at: String,
}

/// Where the sender found it hosted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hosting {
    /// ISO 3166-1 alpha-2: the receiver's country.
    pub country: String,
    #[serde(default)]
    pub addresses: Vec<Address>,
    /// When it was located (RFC 3339).
    pub checked_at: String,
    /// The URL's host name, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// An IPv4 or IPv6 address.
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hash {
    pub kind: HashKind,
    /// Lower-case hex (SHA-256 and PDQ 64 digits, MD5 32).
    pub value: String,
}

/// A document that passed [`parse`]: its values in their checked forms.
#[derive(Debug, Clone, PartialEq)]
pub struct Received {
    pub document: Document,
    pub urls: Vec<NormalUrl>,
    pub classification: Classification,
    pub hashes: Vec<ContentHash>,
    pub first_reported_at: i64,
    pub checked_at: i64,
}

/// Why a document was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExchangeError {
    /// Not JSON, or not of the format's shape (a missing or unknown field, a wrong type):
    /// the parser's message, which names the field.
    Shape(String),
    /// `format` names another major version (or is not this format at all).
    Version(String),
    /// Fields whose values are wrong: (path, code), e.g. `("item.urls[0]", "link-not-http")`.
    Invalid(Vec<(String, &'static str)>),
}

impl std::fmt::Display for ExchangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExchangeError::Shape(m) => write!(f, "not a {FORMAT} document: {m}"),
            ExchangeError::Version(v) => write!(f, "unsupported format {v:?}: this receiver reads {FORMAT}"),
            ExchangeError::Invalid(e) => {
                let list: Vec<String> = e.iter().map(|(p, c)| format!("{p}: {c}")).collect();
                write!(f, "invalid values: {}", list.join(", "))
            }
        }
    }
}

/// The major version a `format` value names: `zeri-exchange/1` and `zeri-exchange/1.2` are 1.
pub fn major_version(format: &str) -> Option<u32> {
    let v = format.strip_prefix(FORMAT_NAME)?.strip_prefix('/')?;
    let major = v.split('.').next()?;
    if major.is_empty() || !major.bytes().all(|b| b.is_ascii_digit()) || major.len() > 6 {
        return None;
    }
    major.parse().ok()
}

/// Reads and checks a document: the version first (another major version is refused
/// whatever else it holds), then its shape, then every value.
pub fn parse(bytes: &[u8]) -> Result<Received, ExchangeError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| ExchangeError::Shape(e.to_string()))?;
    let format = value
        .get("format")
        .and_then(|f| f.as_str())
        .ok_or_else(|| ExchangeError::Shape("missing field `format`".into()))?;
    if major_version(format) != Some(1) {
        return Err(ExchangeError::Version(format.chars().take(40).collect()));
    }
    let document: Document = serde_json::from_value(value).map_err(|e| ExchangeError::Shape(e.to_string()))?;
    check(document)
}

/// A time in RFC 3339 as milliseconds since 1970.
pub fn parse_time(text: &str) -> Option<i64> {
    let t = OffsetDateTime::parse(text, &Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

/// Milliseconds since 1970 in RFC 3339 (UTC, whole seconds).
pub fn format_time(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

/// Whether `c` is an ISO 3166-1 alpha-2 code in the form the format uses (two capitals).
pub fn is_country(c: &str) -> bool {
    c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())
}

fn is_reference(r: &str) -> bool {
    !r.is_empty() && r.len() <= TEXT_LIMIT && r.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
}

/// The time at `path`, noting an error when it is not RFC 3339.
fn time(e: &mut Vec<(String, &'static str)>, path: &str, v: &str) -> i64 {
    let t = parse_time(v);
    if t.is_none() {
        e.push((path.into(), "exchange-not-a-time"));
    }
    t.unwrap_or(0)
}

fn check(document: Document) -> Result<Received, ExchangeError> {
    let mut e: Vec<(String, &'static str)> = Vec::new();
    let d = &document;
    time(&mut e, "sent_at", &d.sent_at);
    let name = d.sender.name.trim();
    if name.is_empty() || name.chars().count() > TEXT_LIMIT {
        e.push(("sender.name".into(), "exchange-bad-name"));
    }
    if !is_country(&d.sender.country) {
        e.push(("sender.country".into(), "exchange-not-a-country"));
    }
    if !is_reference(&d.item.reference) {
        e.push(("item.reference".into(), "exchange-bad-reference"));
    }
    let mut urls: Vec<NormalUrl> = Vec::new();
    if d.item.urls.is_empty() || d.item.urls.len() > URLS_PER_REPORT {
        e.push(("item.urls".into(), "exchange-url-count"));
    }
    for (i, u) in d.item.urls.iter().enumerate() {
        match normalise_url(u) {
            Ok(n) if !urls.contains(&n) => urls.push(n),
            Ok(_) => {}
            Err(err) => e.push((format!("item.urls[{i}]"), err.code())),
        }
    }
    let first_reported_at = time(&mut e, "item.first_reported_at", &d.item.first_reported_at);
    if d.item.times_reported == 0 {
        e.push(("item.times_reported".into(), "exchange-not-positive"));
    }
    let c = &d.classification;
    let form = crate::hotline::ClassificationForm {
        verdict: Some(c.verdict.as_str().into()),
        content_type: Some(c.content_type.as_str().into()),
        age_group: c.age_group.map(|a| a.as_str().into()),
        site_type: Some(c.site_type.as_str().into()),
        other_harm: c.other_harm.map(|o| o.as_str().into()),
    };
    let classification = match form.validate() {
        Ok(c) => Some(c),
        Err(fields) => {
            for (f, err) in fields.iter() {
                e.push((
                    format!("classification.{f}"),
                    if err.code == "required-choice" { "exchange-required" } else { "exchange-not-allowed" },
                ));
            }
            None
        }
    };
    time(&mut e, "classification.assessed_at", &c.assessed_at);
    let h = &d.hosting;
    if !is_country(&h.country) {
        e.push(("hosting.country".into(), "exchange-not-a-country"));
    }
    if h.addresses.len() > ADDRESSES_PER_DOCUMENT {
        e.push(("hosting.addresses".into(), "exchange-too-many"));
    }
    for (i, a) in h.addresses.iter().enumerate() {
        if a.address.parse::<std::net::IpAddr>().is_err() {
            e.push((format!("hosting.addresses[{i}].address"), "exchange-not-an-address"));
        }
        if a.country.as_deref().is_some_and(|c| !is_country(c)) {
            e.push((format!("hosting.addresses[{i}].country"), "exchange-not-a-country"));
        }
    }
    let checked_at = time(&mut e, "hosting.checked_at", &h.checked_at);
    if h.host.as_deref().is_some_and(|n| n.is_empty() || n.len() > 253 || n.contains(char::is_whitespace)) {
        e.push(("hosting.host".into(), "exchange-bad-host"));
    }
    if d.hashes.len() > HASHES_PER_DOCUMENT {
        e.push(("hashes".into(), "exchange-too-many"));
    }
    let mut hashes = Vec::new();
    for (i, hash) in d.hashes.iter().enumerate() {
        match ContentHash::parse(hash.kind, &hash.value) {
            Some(h) if h.value == hash.value => hashes.push(h),
            _ => e.push((format!("hashes[{i}].value"), "exchange-bad-hash")),
        }
    }
    match classification {
        Some(classification) if e.is_empty() => {
            Ok(Received { document, urls, classification, hashes, first_reported_at, checked_at })
        }
        _ => Err(ExchangeError::Invalid(e)),
    }
}

/// The example of `docs/EXCHANGE.md` (also the API document's): an image assessed
/// baseline in Albania and found hosted in Germany.
pub fn example() -> serde_json::Value {
    serde_json::json!({
        "format": "zeri-exchange/1",
        "sent_at": "2026-12-03T09:30:00Z",
        "sender": {"name": "ISIGURT.al", "country": "AL"},
        "item": {
            "reference": "3f9a2c1b-7d4e-4b8a-9c01-5e6f7a8b9c0d",
            "urls": ["https://images.example.de/gallery/7"],
            "first_reported_at": "2026-12-01T08:12:00Z",
            "times_reported": 2
        },
        "classification": {
            "verdict": "baseline", "content_type": "image", "age_group": "prepubescent",
            "site_type": "image_host", "assessed_at": "2026-12-02T10:00:00Z"
        },
        "hosting": {
            "country": "DE", "addresses": [{"address": "192.0.2.10", "country": "DE"}],
            "checked_at": "2026-12-02T10:05:00Z", "host": "images.example.de"
        },
        "hashes": [{"kind": "md5", "value": "0123456789abcdef0123456789abcdef"}]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_value(v: &serde_json::Value) -> Result<Received, ExchangeError> {
        parse(v.to_string().as_bytes())
    }

    #[test]
    fn the_example_reads_and_its_values_are_checked() {
        let r = parse_value(&example()).unwrap();
        assert_eq!(r.urls[0].as_str(), "https://images.example.de/gallery/7");
        assert_eq!(r.classification.verdict, Verdict::Baseline);
        assert_eq!(r.hashes.len(), 1);
        assert_eq!(format_time(r.checked_at), "2026-12-02T10:05:00Z");
        // Written again, it is the same document.
        assert_eq!(serde_json::to_value(&r.document).unwrap(), example());
    }

    #[test]
    fn another_major_version_is_refused_whatever_it_holds() {
        for (format, ok) in [
            ("zeri-exchange/1", true),
            ("zeri-exchange/1.3", true),
            ("zeri-exchange/2", false),
            ("zeri-exchange/0", false),
            ("zeri-exchange/", false),
            ("other/1", false),
        ] {
            let mut v = example();
            v["format"] = format.into();
            // A newer version may have other fields: the version is read first.
            v["something_new"] = true.into();
            match parse_value(&v) {
                Err(ExchangeError::Version(got)) => assert!(!ok, "{format}: {got}"),
                Err(ExchangeError::Shape(m)) => assert!(ok && m.contains("something_new"), "{format}: {m}"),
                other => panic!("{format}: {other:?}"),
            }
        }
        assert!(matches!(parse(b"not json"), Err(ExchangeError::Shape(_))));
        assert!(matches!(parse(b"{}"), Err(ExchangeError::Shape(_))));
    }

    #[test]
    fn nothing_about_a_reporter_can_ride_along() {
        for (path, field) in [("", "receipt"), ("item", "case_id"), ("item", "description"), ("", "reporter")] {
            let mut v = example();
            let target = if path.is_empty() { &mut v } else { &mut v[path] };
            target[field] = "x".into();
            match parse_value(&v) {
                Err(ExchangeError::Shape(m)) => assert!(m.contains(field), "{m}"),
                other => panic!("{field}: {other:?}"),
            }
        }
    }

    #[test]
    fn bad_values_are_named_by_their_path() {
        let mut v = example();
        v["item"]["urls"] = serde_json::json!(["ftp://x.example/a"]);
        v["hosting"]["country"] = "de".into();
        v["classification"]["other_harm"] = "grooming".into();
        v["hashes"][0]["value"] = "XYZ".into();
        v["item"]["first_reported_at"] = "yesterday".into();
        let Err(ExchangeError::Invalid(e)) = parse_value(&v) else { panic!() };
        let paths: Vec<&str> = e.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "item.urls[0]",
                "item.first_reported_at",
                "classification.other_harm",
                "hosting.country",
                "hashes[0].value"
            ]
        );
        assert_eq!(e[0].1, "link-not-http");
    }
}
