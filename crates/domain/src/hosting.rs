//! Hosts and platforms, as the hotline's administrators keep them: who runs the servers a
//! reported URL resolved to (hosting providers) and the sites people post on (platforms),
//! with their abuse contact and, where the hotline is a trusted flagger, the channel for
//! its reports. What an entry may hold is decided here ([`HostForm::validate`]), and which
//! entry a located URL belongs to ([`best_match`]): by domain first, then by address.
//! The text of a notice to a host is in [`crate::notice`].

use std::net::IpAddr;

pub use ipnet::IpNet;
use serde::Deserialize;

use crate::report::{choice_enum, valid_email, FieldError, FieldErrors};

choice_enum!(
    /// What an entry of the hosts table is.
    HostKind {
        /// Runs servers (a data centre, web hosting, a cloud): its abuse desk takes notices
        /// for whatever sits in its address ranges.
        HostingProvider = "hosting_provider",
        /// A site or app where people post (social network, image host, file sharing).
        Platform = "platform",
    }
);

pub mod limits {
    pub const NAME: usize = 200;
    pub const EMAIL: usize = 254;
    pub const CHANNEL: usize = 500;
    pub const NOTES: usize = 2000;
    /// Domains or ranges of one entry.
    pub const ENTRIES: usize = 64;
    /// The widest ranges an entry may claim (a shorter prefix would swallow a continent).
    pub const MIN_PREFIX_V4: u8 = 8;
    pub const MIN_PREFIX_V6: u8 = 16;
}

/// Every ISO 3166-1 alpha-2 code assigned to a country or territory.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO \
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH \
    ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL \
    IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME \
    MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH \
    PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC \
    TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

/// `code` in capitals if it is a country's ISO 3166-1 alpha-2 code (Kosovo's `XK`, used by
/// the IP databases, included).
pub fn country_code(code: &str) -> Option<String> {
    let c = code.trim().to_ascii_uppercase();
    (c.len() == 2 && COUNTRIES.split(' ').any(|k| k == c)).then_some(c)
}

/// An entry of the hosts table as an administrator sent it: every field as optional text.
/// `domains` and `ranges` hold one entry per line (commas and spaces separate too).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HostForm {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub abuse_email: Option<String>,
    pub domains: Option<String>,
    pub ranges: Option<String>,
    /// "true"/"on"/"yes" for yes; anything else, or nothing, for no.
    pub trusted_flagger: Option<String>,
    /// Where the hotline's reports go as a trusted flagger: an https address or an e-mail.
    pub channel: Option<String>,
    pub notes: Option<String>,
}

/// An entry of the hosts table, valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Host {
    pub name: String,
    pub kind: HostKind,
    pub country: Option<String>,
    pub abuse_email: Option<String>,
    /// Lower-case ASCII (IDNA), without a trailing dot; each covers its subdomains.
    pub domains: Vec<String>,
    /// Networks (host bits zero).
    pub ranges: Vec<IpNet>,
    pub trusted_flagger: bool,
    pub channel: Option<String>,
    pub notes: Option<String>,
}

impl HostForm {
    /// The field names, as used in forms, JSON and error maps.
    pub const FIELDS: &'static [&'static str] =
        &["name", "kind", "country", "abuse_email", "domains", "ranges", "trusted_flagger", "channel", "notes"];

    pub fn from_fields(get: impl Fn(&str) -> Option<String>) -> Self {
        HostForm {
            name: get("name"),
            kind: get("kind"),
            country: get("country"),
            abuse_email: get("abuse_email"),
            domains: get("domains"),
            ranges: get("ranges"),
            trusted_flagger: get("trusted_flagger"),
            channel: get("channel"),
            notes: get("notes"),
        }
    }

    pub fn validate(&self) -> Result<Host, FieldErrors> {
        let mut e = FieldErrors::new();
        let present = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let line = |e: &mut FieldErrors, field: &'static str, v: &Option<String>, limit: usize| {
            let v = present(v)?;
            if v.chars().any(char::is_control) {
                e.insert(field, FieldError::new("invalid-characters"));
                None
            } else if v.chars().count() > limit {
                e.insert(field, FieldError::too_long(limit));
                None
            } else {
                Some(v)
            }
        };
        let name = line(&mut e, "name", &self.name, limits::NAME);
        if name.is_none() && !e.contains_key("name") {
            e.insert("name", FieldError::new("required"));
        }
        let kind = match present(&self.kind) {
            Some(k) => HostKind::parse(&k).or_else(|| {
                e.insert("kind", FieldError::new("unknown-choice"));
                None
            }),
            None => {
                e.insert("kind", FieldError::new("required-choice"));
                None
            }
        };
        let country = line(&mut e, "country", &self.country, 2).and_then(|c| {
            country_code(&c).or_else(|| {
                e.insert("country", FieldError::new("unknown-country"));
                None
            })
        });
        let abuse_email = line(&mut e, "abuse_email", &self.abuse_email, limits::EMAIL).and_then(|m| {
            email(&m).or_else(|| {
                e.insert("abuse_email", FieldError::new("invalid-email"));
                None
            })
        });
        let domains = list(&mut e, "domains", &self.domains, domain);
        let ranges = list(&mut e, "ranges", &self.ranges, range);
        if domains.is_empty() && ranges.is_empty() && !e.contains_key("domains") && !e.contains_key("ranges") {
            e.insert("domains", FieldError::new("covers-nothing"));
        }
        let trusted_flagger = match present(&self.trusted_flagger).map(|v| v.to_ascii_lowercase()).as_deref() {
            None | Some("false" | "off" | "no" | "0") => false,
            Some("true" | "on" | "yes" | "1") => true,
            Some(_) => {
                e.insert("trusted_flagger", FieldError::new("yes-or-no"));
                false
            }
        };
        let channel = line(&mut e, "channel", &self.channel, limits::CHANNEL).and_then(|c| {
            reporting_channel(&c).or_else(|| {
                e.insert("channel", FieldError::new("invalid-channel"));
                None
            })
        });
        if trusted_flagger && channel.is_none() && !e.contains_key("channel") {
            e.insert("channel", FieldError::new("channel-required"));
        }
        if abuse_email.is_none() && channel.is_none() && !e.contains_key("abuse_email") && !e.contains_key("channel") {
            e.insert("abuse_email", FieldError::new("contact-required"));
        }
        let notes = present(&self.notes).and_then(|n| {
            if n.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
                e.insert("notes", FieldError::new("invalid-characters"));
                None
            } else if n.chars().count() > limits::NOTES {
                e.insert("notes", FieldError::too_long(limits::NOTES));
                None
            } else {
                Some(n.replace("\r\n", "\n"))
            }
        });
        match (name, kind) {
            (Some(name), Some(kind)) if e.is_empty() => {
                Ok(Host { name, kind, country, abuse_email, domains, ranges, trusted_flagger, channel, notes })
            }
            _ => Err(e),
        }
    }
}

/// The entries of a list field, each checked by `one`; the first bad one is the field's error.
fn list<T: PartialEq>(
    e: &mut FieldErrors,
    field: &'static str,
    value: &Option<String>,
    one: fn(&str) -> Result<T, FieldError>,
) -> Vec<T> {
    let mut out = Vec::new();
    let Some(text) = value.as_deref() else { return out };
    for item in text.split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()) {
        match one(item) {
            Ok(v) if !out.contains(&v) => out.push(v),
            Ok(_) => {}
            Err(mut error) => {
                // Name the entry, so that the one at fault is found in a long list (unless
                // the error names what was meant instead).
                if error.options.is_empty() {
                    error.options.push(item.chars().take(80).collect());
                }
                e.insert(field, error);
                return Vec::new();
            }
        }
    }
    if out.len() > limits::ENTRIES {
        e.insert(field, FieldError::new("too-many-entries").with_limit(limits::ENTRIES));
        return Vec::new();
    }
    out
}

/// A host name as the hosts table keeps it: IDNA to ASCII, lower case, no trailing dot, no
/// leading `*.` (every domain covers its subdomains anyway). `None` for an address or
/// anything that is not a DNS name of at least two labels.
pub fn normalise_domain(s: &str) -> Option<String> {
    let s = s.trim().trim_start_matches("*.").trim_end_matches('.');
    if s.is_empty() || s.parse::<IpAddr>().is_ok() {
        return None;
    }
    let ascii = idna::domain_to_ascii_cow(s.as_bytes(), idna::AsciiDenyList::URL).ok()?.to_ascii_lowercase();
    let labels: Vec<&str> = ascii.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let tld_ok = labels.last().is_some_and(|t| !t.bytes().all(|b| b.is_ascii_digit()));
    (ascii.len() <= 253 && labels.len() >= 2 && labels.iter().all(label_ok) && tld_ok).then_some(ascii)
}

fn domain(s: &str) -> Result<String, FieldError> {
    if s.parse::<IpAddr>().is_ok() || s.parse::<IpNet>().is_ok() {
        return Err(FieldError::new("address-not-domain"));
    }
    if s.contains("://") || s.contains('/') || s.contains('@') {
        return Err(FieldError::new("domain-not-url"));
    }
    normalise_domain(s).ok_or_else(|| FieldError::new("invalid-domain"))
}

fn range(s: &str) -> Result<IpNet, FieldError> {
    let net = match s.parse::<IpNet>() {
        Ok(n) => n,
        Err(_) => match s.parse::<IpAddr>() {
            Ok(a) => IpNet::from(a),
            Err(_) => return Err(FieldError::new("invalid-cidr")),
        },
    };
    if net.trunc() != net {
        // 192.0.2.7/24: the administrator probably meant the network 192.0.2.0/24.
        let mut e = FieldError::new("cidr-host-bits");
        e.options.push(net.trunc().to_string());
        return Err(e);
    }
    let min = if net.addr().is_ipv4() { limits::MIN_PREFIX_V4 } else { limits::MIN_PREFIX_V6 };
    if net.prefix_len() < min {
        return Err(FieldError::new("range-too-wide").with_limit(min as usize));
    }
    Ok(net)
}

/// An e-mail address whose domain is a DNS name (the address mail will be sent to).
fn email(s: &str) -> Option<String> {
    let (local, dom) = s.rsplit_once('@')?;
    let dom = normalise_domain(dom)?;
    (valid_email(s) && !local.chars().any(|c| c == '<' || c == '>' || c == ',' || c == ';'))
        .then(|| format!("{local}@{dom}"))
}

/// A trusted flagger's channel: an `https://` (or `http://`) address with a host, or an
/// e-mail address (a leading `mailto:` is dropped).
fn reporting_channel(s: &str) -> Option<String> {
    if let Some(rest) = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")) {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        let host =
            host.rsplit_once(':').filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit())).map_or(host, |(h, _)| h);
        let ok =
            !s.contains(char::is_whitespace) && (normalise_domain(host).is_some() || host.parse::<IpAddr>().is_ok());
        return ok.then(|| s.to_owned());
    }
    email(s.strip_prefix("mailto:").unwrap_or(s))
}

/// Stored ranges back as networks (what does not parse is left out: storage holds only what
/// [`HostForm::validate`] made).
pub fn parse_ranges(ranges: &[String]) -> Vec<IpNet> {
    ranges.iter().filter_map(|r| r.parse().ok()).collect()
}

/// Whether `domain` (normalised) is `host` or one of its parents: `example.com` covers
/// `example.com` and `cdn.example.com`, never `badexample.com`.
pub fn covers(domain: &str, host: &str) -> bool {
    let (host, domain) = (host.trim_end_matches('.').as_bytes(), domain.as_bytes());
    host.eq_ignore_ascii_case(domain)
        || (host.len() > domain.len()
            && host[host.len() - domain.len() - 1] == b'.'
            && host[host.len() - domain.len()..].eq_ignore_ascii_case(domain))
}

/// The entry a located URL belongs to, among `entries` (their domains and ranges given by
/// `of`): the entry with the longest domain covering `host`; failing that, the entry whose
/// ranges hold the most of `addresses`, ties to the more specific range, then to the earlier
/// entry. A platform's domain thus wins over the provider whose servers it rents.
pub fn best_match<'a, T>(
    entries: &'a [T],
    of: fn(&T) -> (&[String], &[IpNet]),
    host: &str,
    addresses: &[IpAddr],
) -> Option<&'a T> {
    let by_domain = entries
        .iter()
        .filter_map(|e| of(e).0.iter().filter(|d| covers(d, host)).map(|d| d.len()).max().map(|n| (n, e)))
        .fold(None::<(usize, &T)>, |best, (n, e)| match best {
            Some((m, _)) if m >= n => best,
            _ => Some((n, e)),
        });
    if let Some((_, e)) = by_domain {
        return Some(e);
    }
    let addresses: Vec<IpAddr> = addresses.iter().map(|a| a.to_canonical()).collect();
    entries
        .iter()
        .filter_map(|e| {
            let ranges = of(e).1;
            let held: Vec<u8> = addresses
                .iter()
                .filter_map(|a| ranges.iter().filter(|r| r.contains(a)).map(IpNet::prefix_len).max())
                .collect();
            let specific = held.iter().copied().max()?;
            Some(((held.len(), specific), e))
        })
        .fold(None::<((usize, u8), &T)>, |best, (k, e)| match best {
            Some((m, _)) if m >= k => best,
            _ => Some((k, e)),
        })
        .map(|(_, e)| e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> HostForm {
        HostForm {
            name: Some("Shqiponja Hosting".into()),
            kind: Some("hosting_provider".into()),
            country: Some("al".into()),
            abuse_email: Some("abuse@Shqiponja.AL".into()),
            domains: Some("shqiponja.al\n*.cdn-shqiponja.al.".into()),
            ranges: Some("192.0.2.0/24, 2001:db8::/32".into()),
            trusted_flagger: None,
            channel: None,
            notes: Some("Answers within a day.".into()),
        }
    }

    #[test]
    fn a_valid_entry_is_normalised() {
        let h = form().validate().unwrap();
        assert_eq!(h.kind, HostKind::HostingProvider);
        assert_eq!(h.country.as_deref(), Some("AL"));
        assert_eq!(h.abuse_email.as_deref(), Some("abuse@shqiponja.al"));
        assert_eq!(h.domains, ["shqiponja.al", "cdn-shqiponja.al"]);
        assert_eq!(h.ranges, ["192.0.2.0/24".parse::<IpNet>().unwrap(), "2001:db8::/32".parse().unwrap()]);
        assert!(!h.trusted_flagger);
        let idn = HostForm { domains: Some("Shkodër.al".into()), ..form() }.validate().unwrap();
        assert_eq!(idn.domains, ["xn--shkodr-tva.al"]);
        let one = HostForm { ranges: Some("198.51.100.7".into()), domains: None, ..form() }.validate().unwrap();
        assert_eq!(one.ranges, ["198.51.100.7/32".parse::<IpNet>().unwrap()]);
        let flagger = HostForm {
            kind: Some("platform".into()),
            trusted_flagger: Some("on".into()),
            channel: Some("https://report.example.com/trusted".into()),
            abuse_email: None,
            ..form()
        };
        let f = flagger.validate().unwrap();
        assert!(f.trusted_flagger);
        assert_eq!(f.channel.as_deref(), Some("https://report.example.com/trusted"));
        let by_mail = HostForm { channel: Some("mailto:flaggers@example.com".into()), ..flagger };
        assert_eq!(by_mail.validate().unwrap().channel.as_deref(), Some("flaggers@example.com"));
    }

    #[test]
    fn bad_entries_are_named() {
        let cases: Vec<(HostForm, &str, &str)> = vec![
            (HostForm { name: None, ..form() }, "name", "required"),
            (HostForm { kind: Some("isp".into()), ..form() }, "kind", "unknown-choice"),
            (HostForm { kind: None, ..form() }, "kind", "required-choice"),
            (HostForm { country: Some("XX".into()), ..form() }, "country", "unknown-country"),
            (HostForm { country: Some("Albania".into()), ..form() }, "country", "too-long"),
            (HostForm { abuse_email: Some("abuse at host".into()), ..form() }, "abuse_email", "invalid-email"),
            (HostForm { abuse_email: Some("abuse@localhost".into()), ..form() }, "abuse_email", "invalid-email"),
            (HostForm { domains: Some("ok.al bad_.-x".into()), ..form() }, "domains", "invalid-domain"),
            (HostForm { domains: Some("https://shqiponja.al/".into()), ..form() }, "domains", "domain-not-url"),
            (HostForm { domains: Some("192.0.2.1".into()), ..form() }, "domains", "address-not-domain"),
            (HostForm { domains: Some("localhost".into()), ..form() }, "domains", "invalid-domain"),
            (HostForm { ranges: Some("192.0.2.0/33".into()), ..form() }, "ranges", "invalid-cidr"),
            (HostForm { ranges: Some("192.0.2.7/24".into()), ..form() }, "ranges", "cidr-host-bits"),
            (HostForm { ranges: Some("0.0.0.0/0".into()), ..form() }, "ranges", "range-too-wide"),
            (HostForm { ranges: Some("2000::/3".into()), ..form() }, "ranges", "range-too-wide"),
            (HostForm { domains: None, ranges: Some(" ".into()), ..form() }, "domains", "covers-nothing"),
            (HostForm { trusted_flagger: Some("maybe".into()), ..form() }, "trusted_flagger", "yes-or-no"),
            (HostForm { trusted_flagger: Some("true".into()), ..form() }, "channel", "channel-required"),
            (HostForm { channel: Some("ftp://x.example.com".into()), ..form() }, "channel", "invalid-channel"),
            (HostForm { channel: None, abuse_email: None, ..form() }, "abuse_email", "contact-required"),
            (HostForm { notes: Some("x".repeat(limits::NOTES + 1)), ..form() }, "notes", "too-long"),
            (HostForm { name: Some("a\u{7}b".into()), ..form() }, "name", "invalid-characters"),
        ];
        for (f, field, code) in cases {
            let e = f.validate().unwrap_err();
            assert_eq!(e.get(field).map(|e| e.code), Some(code), "{field}: {e:?}");
        }
        let e = HostForm { ranges: Some("192.0.2.7/24".into()), ..form() }.validate().unwrap_err();
        assert_eq!(e["ranges"].options, ["192.0.2.0/24"], "the network meant");
        let e = HostForm { domains: Some("a.example.com bad..example".into()), ..form() }.validate().unwrap_err();
        assert_eq!(e["domains"].options, ["bad..example"], "the entry at fault");
        let many = (0..=limits::ENTRIES).map(|i| format!("h{i}.example.com")).collect::<Vec<_>>().join("\n");
        let e = HostForm { domains: Some(many), ..form() }.validate().unwrap_err();
        assert_eq!(e["domains"].code, "too-many-entries");
    }

    #[test]
    fn domains_cover_their_subdomains_only() {
        assert!(covers("example.com", "example.com"));
        assert!(covers("example.com", "cdn.EXAMPLE.com."));
        assert!(!covers("example.com", "badexample.com"));
        assert!(!covers("cdn.example.com", "example.com"));
        assert!(!covers("example.com", "com"));
    }

    #[test]
    fn a_domain_wins_then_the_range_holding_most_addresses() {
        struct E(&'static str, Vec<String>, Vec<IpNet>);
        let net = |s: &str| s.parse::<IpNet>().unwrap();
        let entries = vec![
            E("provider", vec![], vec![net("192.0.2.0/24"), net("2001:db8::/32")]),
            E("narrow", vec![], vec![net("192.0.2.128/25")]),
            E("platform", vec!["images.example".into()], vec![]),
            E("cdn", vec!["cdn.images.example".into()], vec![]),
            E("other", vec![], vec![net("198.51.100.0/24")]),
        ];
        let of: fn(&E) -> (&[String], &[IpNet]) = |e| (&e.1, &e.2);
        let find = |host: &str, addrs: &[&str]| {
            let a: Vec<IpAddr> = addrs.iter().map(|s| s.parse().unwrap()).collect();
            best_match(&entries, of, host, &a).map(|e| e.0)
        };
        assert_eq!(find("up.images.example", &["192.0.2.1"]), Some("platform"), "a domain before an address");
        assert_eq!(find("x.cdn.images.example", &[]), Some("cdn"), "the longest domain");
        assert_eq!(find("elsewhere.example", &["192.0.2.1"]), Some("provider"));
        assert_eq!(find("elsewhere.example", &["192.0.2.200"]), Some("narrow"), "the more specific range");
        assert_eq!(
            find("elsewhere.example", &["198.51.100.1", "198.51.100.2", "192.0.2.200"]),
            Some("other"),
            "most addresses"
        );
        assert_eq!(find("elsewhere.example", &["::ffff:192.0.2.9"]), Some("provider"), "a mapped IPv4 address");
        assert_eq!(find("elsewhere.example", &["2001:db8::1"]), Some("provider"));
        assert_eq!(find("elsewhere.example", &["203.0.113.1"]), None);
    }

    #[test]
    fn country_codes() {
        assert_eq!(country_code("al").as_deref(), Some("AL"));
        assert_eq!(country_code("XK").as_deref(), Some("XK"));
        assert_eq!(country_code("ZZ"), None);
        assert_eq!(COUNTRIES.split(' ').count(), 250);
    }
}
