//! A report as a child (or an adult on a child's behalf) makes it, and its validation.
//!
//! [`ReportForm`] holds what arrived, as text, from the HTML form or the JSON API alike;
//! [`ReportForm::validate`] turns it into a [`NewReport`] or into field errors whose codes
//! the web layer translates. Limits are counted in characters, not bytes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::places::{Gazetteer, Location, Resolved};

macro_rules! choice_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $s)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use choice_enum;

choice_enum!(
    /// Who is reporting.
    ReporterKind {
        /// About myself.
        Myself = "self",
        /// On behalf of a child (parent, teacher, friend).
        OnBehalf = "on_behalf",
        /// As a professional.
        Professional = "professional",
    }
);

choice_enum!(
    /// What happened, in categories a child understands.
    Category {
        Grooming = "grooming",
        SexualExtortion = "sexual_extortion",
        ImagesShared = "images_shared",
        AbuseMaterialSeen = "abuse_material_seen",
        LiveStreaming = "live_streaming",
        UnwantedContent = "unwanted_content",
        Harassment = "harassment",
        Other = "other",
    }
);

choice_enum!(
    /// The child's age band.
    AgeBand {
        Under13 = "under_13",
        From13To15 = "13_15",
        From16To17 = "16_17",
        AdultBefore18 = "adult_before_18",
        Unknown = "unknown",
    }
);

choice_enum!(
    /// When it happened, approximately.
    WhenHappened {
        Ongoing = "ongoing",
        Today = "today",
        ThisWeek = "this_week",
        ThisMonth = "this_month",
        ThisYear = "this_year",
        LongerAgo = "longer_ago",
        NotSure = "not_sure",
    }
);

choice_enum!(
    /// How the team may contact the person who reported.
    ContactMethod {
        /// Not at all: follow up with the receipt only.
        None = "none",
        Phone = "phone",
        Email = "email",
    }
);

/// Character limits of every field.
pub mod limits {
    pub const NAME: usize = 80;
    pub const DESCRIPTION: usize = 5000;
    pub const PLATFORM: usize = 100;
    pub const LINKS: usize = 2000;
    pub const LINK_COUNT: usize = 10;
    pub const LINK: usize = 500;
    pub const LOCATION: usize = 120;
    pub const PHONE: usize = 30;
    pub const EMAIL: usize = 254;
    pub const MESSAGE: usize = 4000;
}

/// Why a field was refused. The web layer shows `field-error-<code>` in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub code: &'static str,
    /// The limit or the choices behind the error, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
    /// Labels to choose from (an ambiguous place name).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

impl FieldError {
    pub fn new(code: &'static str) -> Self {
        Self { code, limit: None, options: Vec::new() }
    }
    pub fn too_long(limit: usize) -> Self {
        Self { code: "too-long", limit: Some(limit), options: Vec::new() }
    }
    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit);
        self
    }
}

/// Field name → error, in a stable order.
pub type FieldErrors = BTreeMap<&'static str, FieldError>;

/// A report as it arrived: every field as optional text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReportForm {
    pub reporter: Option<String>,
    pub category: Option<String>,
    pub description: Option<String>,
    pub platform: Option<String>,
    pub links: Option<String>,
    pub when: Option<String>,
    pub age_band: Option<String>,
    pub location: Option<String>,
    pub name: Option<String>,
    pub contact_method: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub consent_cpo: Option<String>,
    pub consent_police: Option<String>,
}

impl ReportForm {
    /// The field names, as used in forms, JSON and error maps.
    pub const FIELDS: &'static [&'static str] = &[
        "reporter",
        "category",
        "description",
        "platform",
        "links",
        "when",
        "age_band",
        "location",
        "name",
        "contact_method",
        "phone",
        "email",
        "consent_cpo",
        "consent_police",
    ];
}

/// The personal and free-text part of a report. It is only ever stored encrypted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Confidential {
    pub description: String,
    pub platform: Option<String>,
    pub links: Vec<String>,
    pub when: WhenHappened,
    pub place: Option<String>,
    pub name: Option<String>,
    pub contact: Option<String>,
}

/// A valid report, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReport {
    pub reporter: ReporterKind,
    pub category: Category,
    pub age_band: AgeBand,
    /// Kept in clear for routing to the municipal Child Protection Unit and for statistics;
    /// the town or village stays in [`Confidential::place`].
    pub municipality: Option<String>,
    pub contact_method: ContactMethod,
    pub consent_cpo: bool,
    pub consent_police: bool,
    pub confidential: Confidential,
}

/// Trims and turns an empty value into `None`; refuses control characters other than
/// line breaks and tabs.
fn text(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &Option<String>,
    limit: usize,
    multiline: bool,
) -> Option<String> {
    let v = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
    if v.chars().any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
        errors.insert(field, FieldError::new("invalid-characters"));
        return None;
    }
    if v.chars().count() > limit {
        errors.insert(field, FieldError::too_long(limit));
        return None;
    }
    Some(v.replace("\r\n", "\n"))
}

fn choice<T>(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &Option<String>,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => {
            errors.insert(field, FieldError::new("required-choice"));
            None
        }
        Some(v) => {
            let parsed = parse(v);
            if parsed.is_none() {
                errors.insert(field, FieldError::new("unknown-choice"));
            }
            parsed
        }
    }
}

/// A checkbox: absent, empty, "false", "no", "off" or "0" is no; "true", "yes", "on" or "1" is yes.
fn flag(errors: &mut FieldErrors, field: &'static str, value: &Option<String>) -> bool {
    match value.as_deref().map(str::trim).unwrap_or("") {
        "" | "false" | "no" | "off" | "0" => false,
        "true" | "yes" | "on" | "1" => true,
        _ => {
            errors.insert(field, FieldError::new("yes-or-no"));
            false
        }
    }
}

/// A phone number as people in Albania write it: `+355 69 123 4567`, `069 123 4567`,
/// `00355…`; 8 to 15 digits, spaces, dashes, dots and brackets allowed.
pub fn valid_phone(v: &str) -> bool {
    let body = v.strip_prefix('+').unwrap_or(v);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    body.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')')) && (8..=15).contains(&digits)
}

/// An e-mail address: one `@`, a non-empty local part, a domain with a dot, no spaces.
/// Deliberately permissive: the address is only used to write back, never to log in.
pub fn valid_email(v: &str) -> bool {
    let Some((local, domain)) = v.rsplit_once('@') else { return false };
    !local.is_empty()
        && !local.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !v.chars().any(|c| c.is_whitespace() || c.is_control())
}

impl ReportForm {
    pub fn validate(&self, gazetteer: &Gazetteer) -> Result<NewReport, FieldErrors> {
        let mut e = FieldErrors::new();
        let reporter = choice(&mut e, "reporter", &self.reporter, ReporterKind::parse);
        let category = choice(&mut e, "category", &self.category, Category::parse);
        let description = text(&mut e, "description", &self.description, limits::DESCRIPTION, true);
        if description.is_none() && !e.contains_key("description") {
            e.insert("description", FieldError::new("required"));
        }
        let platform = text(&mut e, "platform", &self.platform, limits::PLATFORM, false);
        let links = text(&mut e, "links", &self.links, limits::LINKS, true)
            .map(|l| l.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect::<Vec<_>>())
            .unwrap_or_default();
        if links.len() > limits::LINK_COUNT {
            e.insert("links", FieldError { code: "too-many-links", limit: Some(limits::LINK_COUNT), options: vec![] });
        } else if links.iter().any(|l| l.chars().count() > limits::LINK || l.contains(char::is_whitespace)) {
            e.insert("links", FieldError { code: "one-link-per-line", limit: Some(limits::LINK), options: vec![] });
        }
        let when = match self.when.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Some(WhenHappened::NotSure),
            Some(_) => choice(&mut e, "when", &self.when, WhenHappened::parse),
        };
        let age_band = choice(&mut e, "age_band", &self.age_band, AgeBand::parse);
        let location = text(&mut e, "location", &self.location, limits::LOCATION, false).and_then(|l| match gazetteer
            .resolve(&l)
        {
            Resolved::Found(loc) => Some(loc),
            Resolved::Ambiguous(options) => {
                e.insert("location", FieldError { code: "ambiguous-place", limit: None, options });
                None
            }
            Resolved::NotFound => {
                e.insert("location", FieldError::new("unknown-place"));
                None
            }
        });
        let name = text(&mut e, "name", &self.name, limits::NAME, false);
        let contact_method = match self.contact_method.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Some(ContactMethod::None),
            Some(_) => choice(&mut e, "contact_method", &self.contact_method, ContactMethod::parse),
        };
        let phone = text(&mut e, "phone", &self.phone, limits::PHONE, false);
        let email = text(&mut e, "email", &self.email, limits::EMAIL, false);
        let contact = match contact_method {
            Some(ContactMethod::Phone) => match phone {
                Some(p) if valid_phone(&p) => Some(p),
                Some(_) => {
                    e.insert("phone", FieldError::new("invalid-phone"));
                    None
                }
                None if !e.contains_key("phone") => {
                    e.insert("phone", FieldError::new("required-for-contact"));
                    None
                }
                None => None,
            },
            Some(ContactMethod::Email) => match email {
                Some(m) if valid_email(&m) => Some(m),
                Some(_) => {
                    e.insert("email", FieldError::new("invalid-email"));
                    None
                }
                None if !e.contains_key("email") => {
                    e.insert("email", FieldError::new("required-for-contact"));
                    None
                }
                None => None,
            },
            // Contact details typed in but "do not contact me" chosen: we keep nothing.
            _ => None,
        };
        let consent_cpo = flag(&mut e, "consent_cpo", &self.consent_cpo);
        let consent_police = flag(&mut e, "consent_police", &self.consent_police);

        if !e.is_empty() {
            return Err(e);
        }
        let (Some(reporter), Some(category), Some(description), Some(when), Some(age_band), Some(contact_method)) =
            (reporter, category, description, when, age_band, contact_method)
        else {
            unreachable!("every missing value recorded an error");
        };
        let (municipality, place) = match location {
            Some(Location { municipality, place }) => (Some(municipality), place),
            None => (None, None),
        };
        Ok(NewReport {
            reporter,
            category,
            age_band,
            municipality,
            contact_method,
            consent_cpo,
            consent_police,
            confidential: Confidential { description, platform, links, when, place, name, contact },
        })
    }
}

impl ReportForm {
    /// The errors of some fields only (one step of the stepped web form), by the same rules
    /// as [`ReportForm::validate`].
    pub fn validate_step(&self, gazetteer: &Gazetteer, fields: &[&str]) -> FieldErrors {
        match self.validate(gazetteer) {
            Ok(_) => FieldErrors::new(),
            Err(mut e) => {
                e.retain(|f, _| fields.contains(f));
                e
            }
        }
    }
}

/// Validates a follow-up message from a child or a reply from staff.
pub fn validate_message(body: Option<&str>) -> Result<String, FieldErrors> {
    let mut e = FieldErrors::new();
    let v = text(&mut e, "body", &body.map(String::from), limits::MESSAGE, true);
    match v {
        Some(v) => Ok(v),
        None => {
            e.entry("body").or_insert_with(|| FieldError::new("required"));
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ReportForm {
        ReportForm {
            reporter: Some("self".into()),
            category: Some("sexual_extortion".into()),
            description: Some("  Someone wants money.  ".into()),
            age_band: Some("13_15".into()),
            ..Default::default()
        }
    }

    fn g() -> &'static Gazetteer {
        Gazetteer::albania()
    }

    #[test]
    fn minimal_report_is_valid_and_anonymous() {
        let r = form().validate(g()).unwrap();
        assert_eq!(r.category, Category::SexualExtortion);
        assert_eq!(r.contact_method, ContactMethod::None);
        assert_eq!(r.confidential.description, "Someone wants money.");
        assert_eq!(r.confidential.when, WhenHappened::NotSure);
        assert_eq!(r.municipality, None);
        assert!(!r.consent_cpo && !r.consent_police);
    }

    #[test]
    fn full_report_resolves_place_and_contact() {
        let r = ReportForm {
            location: Some("Grekan".into()),
            contact_method: Some("phone".into()),
            phone: Some("+355 69 123 4567".into()),
            links: Some("https://example.com/a\n\nexample.org/b".into()),
            consent_cpo: Some("on".into()),
            ..form()
        }
        .validate(g())
        .unwrap();
        assert_eq!(r.municipality.as_deref(), Some("Belsh"));
        assert_eq!(r.confidential.place.as_deref(), Some("Grekan"));
        assert_eq!(r.confidential.contact.as_deref(), Some("+355 69 123 4567"));
        assert_eq!(r.confidential.links.len(), 2);
        assert!(r.consent_cpo);
    }

    #[test]
    fn contact_typed_but_not_wanted_is_dropped() {
        let r = ReportForm { email: Some("a@b.al".into()), ..form() }.validate(g()).unwrap();
        assert_eq!(r.confidential.contact, None);
    }

    /// Each bad input, and the one field error it must give.
    #[test]
    fn bad_input_table() {
        let long = |n: usize| Some("x".repeat(n));
        let cases: Vec<(ReportForm, &str, &str)> = vec![
            (ReportForm { reporter: None, ..form() }, "reporter", "required-choice"),
            (ReportForm { reporter: Some("alien".into()), ..form() }, "reporter", "unknown-choice"),
            (ReportForm { category: Some("murder".into()), ..form() }, "category", "unknown-choice"),
            (ReportForm { description: Some("   ".into()), ..form() }, "description", "required"),
            (ReportForm { description: long(limits::DESCRIPTION + 1), ..form() }, "description", "too-long"),
            (ReportForm { description: Some("a\u{0}b".into()), ..form() }, "description", "invalid-characters"),
            (ReportForm { platform: long(limits::PLATFORM + 1), ..form() }, "platform", "too-long"),
            (ReportForm { platform: Some("a\nb".into()), ..form() }, "platform", "invalid-characters"),
            (ReportForm { links: Some("a b".into()), ..form() }, "links", "one-link-per-line"),
            (ReportForm { links: Some("a\n".repeat(11)), ..form() }, "links", "too-many-links"),
            (ReportForm { when: Some("yesterday-ish".into()), ..form() }, "when", "unknown-choice"),
            (ReportForm { age_band: Some("99".into()), ..form() }, "age_band", "unknown-choice"),
            (ReportForm { location: Some("Atlantis".into()), ..form() }, "location", "unknown-place"),
            (ReportForm { location: Some("Fierze".into()), ..form() }, "location", "ambiguous-place"),
            (ReportForm { name: long(limits::NAME + 1), ..form() }, "name", "too-long"),
            (ReportForm { contact_method: Some("pigeon".into()), ..form() }, "contact_method", "unknown-choice"),
            (ReportForm { contact_method: Some("phone".into()), ..form() }, "phone", "required-for-contact"),
            (
                ReportForm { contact_method: Some("phone".into()), phone: Some("12".into()), ..form() },
                "phone",
                "invalid-phone",
            ),
            (
                ReportForm { contact_method: Some("email".into()), email: Some("nobody".into()), ..form() },
                "email",
                "invalid-email",
            ),
            (ReportForm { contact_method: Some("email".into()), ..form() }, "email", "required-for-contact"),
            (ReportForm { consent_police: Some("maybe".into()), ..form() }, "consent_police", "yes-or-no"),
        ];
        for (f, field, code) in cases {
            let errors = f.validate(g()).expect_err(field);
            assert_eq!(errors.len(), 1, "{field}: {errors:?}");
            assert_eq!(errors[field].code, code, "{field}");
        }
    }

    #[test]
    fn a_step_is_checked_alone_by_the_same_rules() {
        let empty = ReportForm::default();
        let keys = |e: FieldErrors| e.keys().copied().collect::<Vec<_>>();
        assert_eq!(keys(empty.validate_step(g(), &["reporter", "category"])), ["category", "reporter"]);
        assert!(form().validate_step(g(), &["reporter", "category"]).is_empty());
        let f = ReportForm { location: Some("Atlantis".into()), ..ReportForm::default() };
        assert_eq!(f.validate_step(g(), &["age_band", "location"])["location"].code, "unknown-place");
        assert!(f.validate_step(g(), &["name"]).is_empty());
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let r = ReportForm { description: Some("ë".repeat(limits::DESCRIPTION)), ..form() }.validate(g());
        assert!(r.is_ok());
    }

    #[test]
    fn empty_form_lists_every_required_field() {
        let e = ReportForm::default().validate(g()).unwrap_err();
        let keys: Vec<_> = e.keys().copied().collect();
        assert_eq!(keys, ["age_band", "category", "description", "reporter"]);
    }

    #[test]
    fn phones_and_emails() {
        for ok in ["+355 69 123 4567", "0691234567", "00355 (4) 224-2264"] {
            assert!(valid_phone(ok), "{ok}");
        }
        for bad in ["12345", "call me", "+355 69 123 4567 890 123", "+"] {
            assert!(!valid_phone(bad), "{bad}");
        }
        for ok in ["ana@example.al", "a.b+c@mail.co.uk"] {
            assert!(valid_email(ok), "{ok}");
        }
        for bad in ["ana", "ana@", "@x.al", "ana@al", "a na@x.al", "ana@x.al."] {
            assert!(!valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn messages() {
        assert_eq!(validate_message(Some(" hi ")).unwrap(), "hi");
        assert_eq!(validate_message(None).unwrap_err()["body"].code, "required");
        assert_eq!(validate_message(Some(&"x".repeat(limits::MESSAGE + 1))).unwrap_err()["body"].code, "too-long");
    }
}
