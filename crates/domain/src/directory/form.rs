//! The administrator's form for one service: every field as text, validated onto a
//! service, with what changed for the audit log.

use super::{Channel, Point, Service, ServiceKind, ServiceStatus};
use crate::places::Gazetteer;

/// A service as an administrator's form sends it: every field as text, lists as repeated
/// fields. [`ServiceForm::apply`] validates it onto a service.
#[derive(Debug, Clone, Default)]
pub struct ServiceForm(pub Vec<(String, String)>);

impl ServiceForm {
    fn one(&self, k: &str) -> Option<&str> {
        self.0.iter().find(|(key, _)| key == k).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
    }

    fn all<'a>(&'a self, k: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(key, _)| key == k).map(|(_, v)| v.trim())
    }

    /// The fields of `base` replaced by the form's; errors by field.
    pub fn apply(&self, base: &Service, gazetteer: &Gazetteer) -> Result<Service, crate::FieldErrors> {
        use crate::casework::validate_text;
        use crate::FieldError;
        let mut errors = crate::FieldErrors::new();
        let mut s = base.clone();
        let mut text = |field: &'static str, min: usize, max: usize, required: bool| -> Option<String> {
            match (self.one(field), required) {
                (None, true) => {
                    errors.insert(field, FieldError::new("required"));
                    None
                }
                (None, false) => None,
                (Some(v), _) => match validate_text(field, Some(v), min, max) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        errors.extend(e);
                        None
                    }
                },
            }
        };
        s.name = text("name", 3, 300, true).unwrap_or_default();
        s.alternate_name = text("alternate_name", 1, 300, false);
        s.organization_name = text("organization_name", 2, 300, true).unwrap_or_default();
        s.description = text("description", 1, 4000, false).unwrap_or_default();
        s.fees_description = text("fees_description", 1, 1000, false);
        s.phone = text("phone", 3, 50, false);
        s.email = text("email", 3, 254, false);
        s.url = text("url", 8, 2000, false);
        s.hours = text("hours", 1, 300, false);
        s.eligibility = text("eligibility", 1, 1000, false);
        s.address = text("address", 1, 300, false);
        s.source_url = text("source_url", 8, 2000, false);
        for (field, v) in [("url", &s.url), ("source_url", &s.source_url)] {
            if v.as_deref().is_some_and(|u| !(u.starts_with("https://") || u.starts_with("http://")) || u.contains(' '))
            {
                errors.insert(field, FieldError::new("invalid-url"));
            }
        }
        if s.email.as_deref().is_some_and(|e| !e.contains('@') || e.contains(' ')) {
            errors.insert("email", FieldError::new("invalid-email"));
        }
        s.kinds = self.all("kinds").filter_map(ServiceKind::parse).collect();
        if s.kinds.is_empty() {
            errors.insert("kinds", FieldError::new("required-choice"));
        }
        s.channels = self.all("channels").filter_map(Channel::parse).collect();
        if s.channels.is_empty() {
            errors.insert("channels", FieldError::new("required-choice"));
        }
        s.free = self.one("free").is_some();
        s.languages = self
            .one("languages")
            .unwrap_or("sq")
            .split([',', ' '])
            .map(|c| c.trim().to_lowercase())
            .filter(|c| !c.is_empty())
            .collect();
        if s.languages.iter().any(|c| !(2..=3).contains(&c.len()) || !c.bytes().all(|b| b.is_ascii_lowercase())) {
            errors.insert("languages", FieldError::new("invalid-languages"));
        }
        let mut age = |field: &'static str| match self.one(field).map(str::parse::<u8>) {
            None => None,
            Some(Ok(a)) if a <= 150 => Some(a),
            Some(_) => {
                errors.insert(field, FieldError::new("invalid-age"));
                None
            }
        };
        s.minimum_age = age("minimum_age");
        s.maximum_age = age("maximum_age");
        if let (Some(a), Some(b)) = (s.minimum_age, s.maximum_age) {
            if a > b {
                errors.insert("maximum_age", FieldError::new("invalid-age"));
            }
        }
        s.municipality = match self.one("municipality") {
            None => None,
            Some(m) => match gazetteer.municipality(m) {
                Some(found) => Some(found.name.clone()),
                None => {
                    errors.insert("municipality", FieldError::new("unknown-place"));
                    None
                }
            },
        };
        let coord = |v: Option<&str>| v.map(|v| v.replace(',', ".").parse::<f64>());
        s.location = match (coord(self.one("latitude")), coord(self.one("longitude"))) {
            (None, None) => None,
            (Some(Ok(lat)), Some(Ok(lon))) => match Point::new(lat, lon) {
                Some(p) => Some(p),
                None => {
                    errors.insert("latitude", FieldError::new("invalid-coordinates"));
                    None
                }
            },
            _ => {
                errors.insert("latitude", FieldError::new("invalid-coordinates"));
                None
            }
        };
        // Met in person with no point given: at the municipality's point.
        if s.location.is_none() && s.channels.contains(&Channel::InPerson) {
            s.location = s
                .municipality
                .as_deref()
                .and_then(|m| gazetteer.municipality(m))
                .map(|m| Point { lat: m.lat, lon: m.lon });
            if s.location.is_none() {
                errors.insert("municipality", FieldError::new("required-for-in-person"));
            }
        }
        if !s.channels.contains(&Channel::InPerson) {
            s.location = None;
        }
        s.last_checked = match self.one("last_checked") {
            None => None,
            Some(d) => match crate::casework::parse_date("last_checked", Some(d)) {
                Ok(_) => Some(d.to_owned()),
                Err(e) => {
                    errors.extend(e);
                    None
                }
            },
        };
        if errors.is_empty() {
            Ok(s)
        } else {
            Err(errors)
        }
    }
}

/// The fields that differ between two versions of a service, as (field, before, after).
pub fn changed_fields(before: &Service, after: &Service) -> Vec<(String, String, String)> {
    let (a, b) = (serde_json::to_value(before).unwrap_or_default(), serde_json::to_value(after).unwrap_or_default());
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else { return Vec::new() };
    let show = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    b.keys().filter(|k| a.get(*k) != b.get(*k)).map(|k| (k.clone(), show(a.get(k)), show(b.get(k)))).collect()
}

/// An empty service with a fresh id, to be filled by a form.
pub fn blank_service(id: String) -> Service {
    Service {
        id,
        organization_id: String::new(),
        organization_name: String::new(),
        name: String::new(),
        alternate_name: None,
        description: String::new(),
        kinds: Vec::new(),
        channels: Vec::new(),
        free: true,
        fees_description: None,
        phone: None,
        email: None,
        url: None,
        hours: None,
        languages: vec!["sq".into()],
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
    }
}

#[cfg(test)]
mod form_tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> ServiceForm {
        ServiceForm(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
    }

    #[test]
    fn a_form_becomes_a_service_or_field_errors() {
        let g = Gazetteer::albania();
        let base = blank_service("x".into());
        let ok = form(&[
            ("name", "Qendra Psikologjike Kukës"),
            ("organization_name", "Qendra"),
            ("kinds", "psychological"),
            ("kinds", "social"),
            ("channels", "in_person"),
            ("channels", "phone"),
            ("free", "on"),
            ("municipality", "Kukes"),
            ("languages", "sq, en"),
            ("minimum_age", "10"),
        ])
        .apply(&base, g)
        .unwrap();
        assert_eq!(ok.municipality.as_deref(), Some("Kukës"));
        assert!(ok.location.is_some(), "in person at the municipality's point");
        assert_eq!(ok.kinds, [ServiceKind::Psychological, ServiceKind::Social]);
        assert_eq!(ok.languages, ["sq", "en"]);
        let bad = form(&[
            ("name", "x"),
            ("kinds", "astrology"),
            ("channels", "in_person"),
            ("latitude", "95"),
            ("longitude", "20"),
            ("url", "ftp://x"),
            ("minimum_age", "12"),
            ("maximum_age", "9"),
        ])
        .apply(&base, g)
        .unwrap_err();
        for f in ["name", "organization_name", "kinds", "latitude", "url", "maximum_age"] {
            assert!(bad.contains_key(f), "{f}: {bad:?}");
        }
        let changes = changed_fields(&base, &ok);
        assert!(changes
            .iter()
            .any(|(f, before, after)| f == "name" && before.is_empty() && after == "Qendra Psikologjike Kukës"));
    }
}
