//! The hotline's own work: links (URLs) reported because they show child sexual abuse
//! material, kept as content items that hotline analysts assess in the INHOPE/ICCAM scheme.
//!
//! Pure rules only: how a reported URL is normalised (so the same page reported again in
//! another spelling finds the same item), the choices of a report and of a classification
//! and how a classification is checked, content hashes, and the states an item moves
//! through. Who may do what with an item is in [`crate::permission::authorize_item`].

use crate::report::{choice_enum, FieldError, FieldErrors};

/// Longest URL accepted (characters, as typed and once normalised).
pub const URL_LIMIT: usize = 2048;
/// Most URLs in one report.
pub const URLS_PER_REPORT: usize = 10;
/// Most content hashes in one report.
pub const HASHES_PER_REPORT: usize = 20;

choice_enum!(
    /// What the reporter says the link shows (optional, plain words on the form).
    Shows {
        /// A child being sexually abused.
        ChildAbused = "child_abused",
        /// A child in sexual poses.
        ChildPosed = "child_posed",
        /// Someone grooming or blackmailing (sextortion) a child.
        GroomingSextortion = "grooming_sextortion",
        Other = "other",
    }
);

choice_enum!(
    /// How a report reached the hotline.
    Source {
        /// The public form or `POST /api/v1/content-reports`.
        Public = "public",
        /// An analyst added it to the queue.
        Analyst = "analyst",
        /// From the links of a child's report (a case), by an analyst who may read it.
        Case = "case",
        /// Handed over by a partner hotline (`zeri-exchange/1`, `crate::exchange`).
        Partner = "partner",
    }
);

choice_enum!(
    /// The legal assessment (ICCAM): illegal everywhere (the INTERPOL "baseline"), illegal
    /// under national law only, or not illegal.
    Verdict {
        Baseline = "baseline",
        National = "national",
        NotIllegal = "not_illegal",
    }
);

choice_enum!(
    /// What the material is.
    ContentType {
        Image = "image",
        Video = "video",
        Text = "text",
        Other = "other",
    }
);

choice_enum!(
    /// The apparent age of the youngest child shown (ICCAM's groups).
    AgeGroup {
        InfantToddler = "infant_toddler",
        Prepubescent = "prepubescent",
        Pubescent = "pubescent",
        Unknown = "unknown",
    }
);

choice_enum!(
    /// The kind of site the material is on.
    SiteType {
        Website = "website",
        ImageHost = "image_host",
        FileHost = "file_host",
        Forum = "forum",
        SocialNetwork = "social_network",
        VideoPlatform = "video_platform",
        Chat = "chat",
        Blog = "blog",
        Other = "other",
    }
);

choice_enum!(
    /// For material that is not illegal child abuse material: what else it is, so that it
    /// goes to the right place (the helpline, the platform, the police).
    OtherHarm {
        Grooming = "grooming",
        Sextortion = "sextortion",
        Bullying = "bullying",
        Hate = "hate",
        OtherHarmful = "other_harmful",
        Nothing = "nothing",
    }
);

choice_enum!(
    /// Where an item stands in its assessment.
    ItemState {
        /// Reported, not assessed yet (the queue).
        New = "new",
        /// Assessed by one analyst; waits for a second one to confirm or dispute it.
        Assessed = "assessed",
        /// A second, different analyst agreed.
        Confirmed = "confirmed",
        /// A second analyst disagreed: it needs a new assessment.
        Disputed = "disputed",
    }
);

choice_enum!(
    /// A second analyst's answer to an assessment.
    Review {
        Confirm = "confirm",
        Dispute = "dispute",
    }
);

choice_enum!(
    /// The content hashes hotlines and platforms exchange.
    HashKind {
        Sha256 = "sha256",
        Md5 = "md5",
        Pdq = "pdq",
    }
);

/// What happens to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemEvent {
    /// An analyst records a classification. Allowed in every state: a new assessment
    /// replaces the current one (the earlier ones stay in the history) and waits for a
    /// second analyst again.
    Assessment,
    /// A second analyst answers the current assessment; only while one waits.
    Answer(Review),
}

impl ItemState {
    /// The state after `event`, or `None` when it is not allowed from here.
    pub fn after(self, event: ItemEvent) -> Option<ItemState> {
        match (self, event) {
            (_, ItemEvent::Assessment) => Some(ItemState::Assessed),
            (ItemState::Assessed, ItemEvent::Answer(Review::Confirm)) => Some(ItemState::Confirmed),
            (ItemState::Assessed, ItemEvent::Answer(Review::Dispute)) => Some(ItemState::Disputed),
            (_, ItemEvent::Answer(_)) => None,
        }
    }

    /// Fluent key of the state's name.
    pub fn name_key(self) -> String {
        format!("item-state-{}", self.as_str().replace('_', "-"))
    }
}

impl Verdict {
    /// Illegal somewhere (baseline or national): child sexual abuse material.
    pub fn illegal(self) -> bool {
        !matches!(self, Verdict::NotIllegal)
    }
}

/// An assessment: the item's classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classification {
    pub verdict: Verdict,
    pub content_type: ContentType,
    /// Needed when the material is illegal; may be given otherwise.
    pub age_group: Option<AgeGroup>,
    pub site_type: SiteType,
    /// What else the material is: needed exactly when it is not illegal.
    pub other_harm: Option<OtherHarm>,
}

/// A classification as it arrived from a form or JSON, every field optional text.
#[derive(Debug, Clone, Default)]
pub struct ClassificationForm {
    pub verdict: Option<String>,
    pub content_type: Option<String>,
    pub age_group: Option<String>,
    pub site_type: Option<String>,
    pub other_harm: Option<String>,
}

impl ClassificationForm {
    pub const FIELDS: &'static [&'static str] = &["verdict", "content_type", "age_group", "site_type", "other_harm"];

    /// Checks the choices and how they go together: illegal material has an age group and
    /// no "other harm"; material that is not illegal says what else it is ("nothing" is an
    /// answer).
    pub fn validate(&self) -> Result<Classification, FieldErrors> {
        let mut e = FieldErrors::new();
        let verdict = required(&mut e, "verdict", &self.verdict, Verdict::parse);
        let content_type = required(&mut e, "content_type", &self.content_type, ContentType::parse);
        let site_type = required(&mut e, "site_type", &self.site_type, SiteType::parse);
        let age_group = optional(&mut e, "age_group", &self.age_group, AgeGroup::parse);
        let other_harm = optional(&mut e, "other_harm", &self.other_harm, OtherHarm::parse);
        match verdict {
            Some(v) if v.illegal() => {
                if age_group.is_none() && !e.contains_key("age_group") {
                    e.insert("age_group", FieldError::new("required-choice"));
                }
                if other_harm.is_some() {
                    e.insert("other_harm", FieldError::new("other-harm-not-for-illegal"));
                }
            }
            Some(_) if other_harm.is_none() && !e.contains_key("other_harm") => {
                e.insert("other_harm", FieldError::new("required-choice"));
            }
            _ => {}
        }
        match (verdict, content_type, site_type) {
            (Some(verdict), Some(content_type), Some(site_type)) if e.is_empty() => {
                Ok(Classification { verdict, content_type, age_group, site_type, other_harm })
            }
            _ => Err(e),
        }
    }
}

fn value(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn required<T>(
    e: &mut FieldErrors,
    field: &'static str,
    v: &Option<String>,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    if value(v).is_none() {
        e.insert(field, FieldError::new("required-choice"));
        return None;
    }
    optional(e, field, v, parse)
}

fn optional<T>(
    e: &mut FieldErrors,
    field: &'static str,
    v: &Option<String>,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    let v = value(v)?;
    let parsed = parse(v);
    if parsed.is_none() {
        e.insert(field, FieldError::new("unknown-choice"));
    }
    parsed
}

/// A content hash in its canonical form: lower-case hex of the kind's length.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContentHash {
    pub kind: HashKind,
    pub value: String,
}

impl ContentHash {
    /// `value` as hex of the right length for `kind` (SHA-256 and PDQ 64 digits, MD5 32),
    /// any case, spaces around allowed.
    pub fn parse(kind: HashKind, value: &str) -> Option<Self> {
        let v = value.trim().to_ascii_lowercase();
        let len = match kind {
            HashKind::Sha256 | HashKind::Pdq => 64,
            HashKind::Md5 => 32,
        };
        (v.len() == len && v.bytes().all(|b| b.is_ascii_hexdigit())).then_some(ContentHash { kind, value: v })
    }
}

/// Why a URL was refused; `code` is the field error's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlError {
    /// Not a web address at all.
    NotAUrl,
    /// A scheme other than http and https (ftp:, mailto:, javascript:, file:…).
    NotWeb,
    /// Longer than [`URL_LIMIT`].
    TooLong,
}

impl UrlError {
    pub fn code(self) -> &'static str {
        match self {
            UrlError::NotAUrl => "link-not-web-address",
            UrlError::NotWeb => "link-not-http",
            UrlError::TooLong => "link-too-long",
        }
    }
}

/// A reported URL in its normal form: two spellings of the same address give the same
/// text, so its keyed digest finds the item it was reported as before.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NormalUrl(String);

impl NormalUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The URL's host (a domain in ASCII, or an address).
    pub fn host(&self) -> String {
        url::Url::parse(&self.0).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default()
    }
}

impl std::fmt::Display for NormalUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Normalises a reported URL. The rules, each with its test below:
/// - surrounding spaces go; an address without a scheme (`example.com/a`) is read as https;
/// - only `http` and `https` (the scheme in lower case);
/// - the host in lower case, an international domain name in its ASCII (IDNA) form, and
///   without a trailing dot;
/// - the default port (80 for http, 443 for https) dropped;
/// - the fragment (`#…`) dropped: it never reaches the server, so it names the same page;
/// - an empty path is `/`; the path, query and their case are kept (they may matter).
///
/// The `url` crate (WHATWG URL parsing) does the parsing, the case and IDNA; the rules on
/// top are the trailing dot, the fragment and the default scheme.
pub fn normalise_url(input: &str) -> Result<NormalUrl, UrlError> {
    let input = input.trim();
    if input.chars().count() > URL_LIMIT {
        return Err(UrlError::TooLong);
    }
    if input.is_empty() || input.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(UrlError::NotAUrl);
    }
    let has_scheme = input.find("://").is_some_and(|i| {
        input[..i].chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) && i > 0
    });
    let written = if has_scheme {
        input.to_owned()
    } else if looks_like_a_scheme(input) {
        // `mailto:x`, `javascript:…`: a scheme without `//`, never a web page.
        return Err(UrlError::NotWeb);
    } else {
        format!("https://{input}")
    };
    let mut url = url::Url::parse(&written).map_err(|_| UrlError::NotAUrl)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(UrlError::NotWeb);
    }
    let host = url.host_str().ok_or(UrlError::NotAUrl)?.to_owned();
    let trimmed = host.trim_end_matches('.');
    if trimmed.is_empty() {
        return Err(UrlError::NotAUrl);
    }
    if trimmed.len() != host.len() {
        url.set_host(Some(trimmed)).map_err(|_| UrlError::NotAUrl)?;
    }
    url.set_fragment(None);
    let out = url.to_string();
    if out.chars().count() > URL_LIMIT {
        return Err(UrlError::TooLong);
    }
    Ok(NormalUrl(out))
}

/// `word:` at the start with no `//` after it and no dot before it (`mailto:`, `data:`),
/// as opposed to `example.com:8080/…`, a host with a port.
fn looks_like_a_scheme(input: &str) -> bool {
    match input.split_once(':') {
        Some((scheme, rest)) => {
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphabetic())
                && !rest.chars().next().is_some_and(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// The URLs of a report, one per line (the form) or as a list (the API): each normalised,
/// repeats within the report dropped, at least one, at most [`URLS_PER_REPORT`]. The error
/// names the first line refused, as it was typed.
pub fn parse_urls<'a>(lines: impl IntoIterator<Item = &'a str>) -> Result<Vec<NormalUrl>, FieldError> {
    let mut out: Vec<NormalUrl> = Vec::new();
    let mut given = 0;
    for line in lines.into_iter().map(str::trim).filter(|l| !l.is_empty()) {
        given += 1;
        if given > URLS_PER_REPORT {
            return Err(FieldError::new("too-many-links").with_limit(URLS_PER_REPORT));
        }
        let url = normalise_url(line).map_err(|e| {
            let shown: String = line.chars().take(200).collect();
            FieldError { code: e.code(), limit: (e == UrlError::TooLong).then_some(URL_LIMIT), options: vec![shown] }
        })?;
        if !out.contains(&url) {
            out.push(url);
        }
    }
    if out.is_empty() {
        return Err(FieldError::new("link-required"));
    }
    Ok(out)
}

/// A report of links as it arrived (the public form, the API, an analyst), all text.
#[derive(Debug, Clone, Default)]
pub struct LinkReportForm {
    /// One URL per entry (the form's lines, the API's list).
    pub urls: Vec<String>,
    pub shows: Option<String>,
    /// Whether the reporter wants a receipt to ask about it later (a checkbox).
    pub receipt: Option<String>,
    /// (kind, hex) of the material at the links, when known.
    pub hashes: Vec<(String, String)>,
}

/// A valid report of links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkReport {
    pub urls: Vec<NormalUrl>,
    pub shows: Option<Shows>,
    pub receipt: bool,
    pub hashes: Vec<ContentHash>,
}

impl LinkReportForm {
    pub const FIELDS: &'static [&'static str] = &["urls", "shows", "receipt", "hashes"];

    pub fn validate(&self) -> Result<LinkReport, FieldErrors> {
        let mut e = FieldErrors::new();
        let urls = parse_urls(self.urls.iter().flat_map(|u| u.lines())).map_err(|err| e.insert("urls", err)).ok();
        let shows = optional(&mut e, "shows", &self.shows, Shows::parse);
        let receipt = match value(&self.receipt).unwrap_or("false") {
            "false" | "no" | "off" | "0" => false,
            "true" | "yes" | "on" | "1" => true,
            _ => {
                e.insert("receipt", FieldError::new("yes-or-no"));
                false
            }
        };
        let mut hashes: Vec<ContentHash> = Vec::new();
        if self.hashes.len() > HASHES_PER_REPORT {
            e.insert("hashes", FieldError::new("too-many-hashes").with_limit(HASHES_PER_REPORT));
        }
        for (kind, hex) in self.hashes.iter().take(HASHES_PER_REPORT) {
            match HashKind::parse(kind.trim()).and_then(|k| ContentHash::parse(k, hex)) {
                Some(h) if !hashes.contains(&h) => hashes.push(h),
                Some(_) => {}
                None => {
                    e.insert("hashes", FieldError::new("invalid-hash"));
                }
            }
        }
        match urls {
            Some(urls) if e.is_empty() => Ok(LinkReport { urls, shows, receipt, hashes }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalise_url(s).unwrap().0
    }

    #[test]
    fn the_host_is_lower_case() {
        assert_eq!(n("https://EXAMPLE.Com/Path"), "https://example.com/Path", "the path keeps its case");
        assert_eq!(n("HTTPS://example.com/"), "https://example.com/", "so does the scheme");
    }

    #[test]
    fn an_international_name_is_in_its_ascii_form() {
        assert_eq!(n("https://shqipëri.al/a"), "https://xn--shqipri-vya.al/a");
        assert_eq!(n("https://SHQIPËRI.al/a"), n("https://xn--shqipri-vya.al/a"));
    }

    #[test]
    fn the_default_port_goes() {
        assert_eq!(n("http://example.com:80/a"), "http://example.com/a");
        assert_eq!(n("https://example.com:443/a"), "https://example.com/a");
        assert_eq!(n("https://example.com:8443/a"), "https://example.com:8443/a", "another port stays");
        assert_eq!(n("http://example.com:443/a"), "http://example.com:443/a", "443 is not http's default");
    }

    #[test]
    fn the_fragment_goes() {
        assert_eq!(n("https://example.com/a?b=1#photo-3"), "https://example.com/a?b=1");
        assert_eq!(n("https://example.com/#"), "https://example.com/");
    }

    #[test]
    fn the_trailing_dot_of_the_host_goes() {
        assert_eq!(n("https://example.com./a"), "https://example.com/a");
        assert_eq!(n("https://example.com.:443/a"), "https://example.com/a");
    }

    #[test]
    fn only_http_and_https() {
        for bad in ["ftp://example.com/a", "file:///etc/passwd", "mailto:ana@example.com", "javascript:alert(1)"] {
            assert_eq!(normalise_url(bad), Err(UrlError::NotWeb), "{bad}");
        }
        for bad in ["", "   ", "https://", "http://exa mple.com/", "https://./"] {
            assert_eq!(normalise_url(bad), Err(UrlError::NotAUrl), "{bad:?}");
        }
        let long = format!("https://example.com/{}", "a".repeat(URL_LIMIT));
        assert_eq!(normalise_url(&long), Err(UrlError::TooLong));
    }

    #[test]
    fn an_address_without_a_scheme_is_read_as_https() {
        assert_eq!(n("example.com/a"), "https://example.com/a");
        assert_eq!(n("  www.Example.com  "), "https://www.example.com/", "spaces around go, an empty path is /");
        assert_eq!(n("example.com:8080/a"), "https://example.com:8080/a", "a port is not a scheme");
    }

    #[test]
    fn spellings_of_one_address_are_one() {
        let all = [
            "http://example.com/gallery/7",
            "HTTP://EXAMPLE.COM:80/gallery/7",
            "http://example.com./gallery/7#top",
            " http://Example.com/gallery/7 ",
        ];
        for a in all {
            assert_eq!(n(a), "http://example.com/gallery/7", "{a}");
        }
        assert_ne!(n("http://example.com/gallery/7"), n("https://example.com/gallery/7"), "http and https differ");
        assert_ne!(n("http://example.com/Gallery/7"), n("http://example.com/gallery/7"), "paths are case-sensitive");
    }

    #[test]
    fn the_host_is_found() {
        assert_eq!(normalise_url("https://Img.Example.com:8443/x").unwrap().host(), "img.example.com");
        assert_eq!(normalise_url("http://192.0.2.7/x").unwrap().host(), "192.0.2.7");
    }

    #[test]
    fn a_list_of_urls() {
        let urls = parse_urls("https://a.example/1\n\nHTTPS://A.example/1#x\nb.example".lines()).unwrap();
        assert_eq!(urls.len(), 2, "a repeat in the same report counts once");
        let e = parse_urls(["https://a.example/", "not a url"]).unwrap_err();
        assert_eq!((e.code, e.options), ("link-not-web-address", vec!["not a url".to_owned()]));
        assert_eq!(parse_urls(["", " "]).unwrap_err().code, "link-required");
        let many: Vec<String> = (0..=URLS_PER_REPORT).map(|i| format!("https://a.example/{i}")).collect();
        assert_eq!(parse_urls(many.iter().map(String::as_str)).unwrap_err().code, "too-many-links");
    }

    #[test]
    fn a_link_report() {
        let form = LinkReportForm {
            urls: vec!["https://a.example/1\nb.example/2".into()],
            shows: Some("child_posed".into()),
            receipt: Some("on".into()),
            hashes: vec![("md5".into(), "0".repeat(32)), ("md5".into(), "0".repeat(32))],
        };
        let r = form.validate().unwrap();
        assert_eq!((r.urls.len(), r.shows, r.receipt), (2, Some(Shows::ChildPosed), true));
        assert_eq!(r.hashes.len(), 1, "a repeated hash counts once");
        let bad = LinkReportForm {
            urls: vec!["mailto:x@y.z".into()],
            shows: Some("x".into()),
            hashes: vec![("MD5".into(), "0".repeat(32))],
            ..form
        }
        .validate();
        let e = bad.unwrap_err();
        assert_eq!(
            (e["urls"].code, e["shows"].code, e["hashes"].code),
            ("link-not-http", "unknown-choice", "invalid-hash")
        );
        let minimal = LinkReportForm { urls: vec!["example.com".into()], ..Default::default() }.validate().unwrap();
        assert_eq!((minimal.shows, minimal.receipt), (None, false), "anonymous, nothing else needed");
    }

    #[test]
    fn hashes() {
        let sha = "AB".repeat(32);
        assert_eq!(ContentHash::parse(HashKind::Sha256, &sha).unwrap().value, "ab".repeat(32));
        assert!(ContentHash::parse(HashKind::Md5, &sha).is_none(), "wrong length");
        assert!(ContentHash::parse(HashKind::Pdq, &"g".repeat(64)).is_none(), "not hex");
        assert!(ContentHash::parse(HashKind::Md5, &"0".repeat(32)).is_some());
    }

    #[test]
    fn classification_rules() {
        let form = |v: &str, age: Option<&str>, other: Option<&str>| ClassificationForm {
            verdict: Some(v.into()),
            content_type: Some("image".into()),
            age_group: age.map(Into::into),
            site_type: Some("image_host".into()),
            other_harm: other.map(Into::into),
        };
        let ok = form("baseline", Some("prepubescent"), None).validate().unwrap();
        assert_eq!((ok.verdict, ok.age_group), (Verdict::Baseline, Some(AgeGroup::Prepubescent)));
        let cases: &[(ClassificationForm, &str, &str)] = &[
            (form("baseline", None, None), "age_group", "required-choice"),
            (form("national", Some("unknown"), Some("hate")), "other_harm", "other-harm-not-for-illegal"),
            (form("not_illegal", None, None), "other_harm", "required-choice"),
            (form("illegal", None, None), "verdict", "unknown-choice"),
            (form("not_illegal", None, Some("rude")), "other_harm", "unknown-choice"),
            (ClassificationForm::default(), "content_type", "required-choice"),
        ];
        for (f, field, code) in cases {
            let e = f.validate().unwrap_err();
            assert_eq!(e.get(field).map(|e| e.code), Some(*code), "{f:?}: {e:?}");
        }
        assert!(form("not_illegal", None, Some("nothing")).validate().is_ok());
        assert!(form("not_illegal", Some("pubescent"), Some("sextortion")).validate().is_ok());
    }

    #[test]
    fn states() {
        use ItemEvent::*;
        use ItemState::*;
        let table = [
            (New, Assessment, Some(Assessed)),
            (New, Answer(Review::Confirm), None),
            (Assessed, Answer(Review::Confirm), Some(Confirmed)),
            (Assessed, Answer(Review::Dispute), Some(Disputed)),
            (Confirmed, Answer(Review::Dispute), None),
            (Disputed, Answer(Review::Confirm), None),
            (Disputed, Assessment, Some(Assessed)),
            (Confirmed, Assessment, Some(Assessed)),
        ];
        for (from, event, to) in table {
            assert_eq!(from.after(event), to, "{from:?} {event:?}");
        }
    }
}
