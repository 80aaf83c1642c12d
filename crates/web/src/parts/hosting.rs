//! Where reported material is hosted: the URL's host name resolved (or its address taken
//! as it is), each address placed in a country with the administrator's IP-to-country
//! database, and the time of the check ([`HostingFacts`]).
//!
//! Only DNS, never the material: nothing here opens a connection to the reported address,
//! so the server cannot be made to fetch anything (no SSRF) and never holds a copy of what
//! was reported. The resolver ([`Resolve`]) and the database are injected through
//! [`Locator`] (`WebConfig::hosting`), so tests and demos answer from a map on loopback.
//! Neither the URL nor the host name is ever logged.

pub mod countries;
pub mod resolve;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

pub use countries::{CountryDb, CountryDbError};
pub use resolve::{Resolve, StaticResolver, SystemResolver};

/// How long a name may take to resolve unless configured (`zeri serve --dns-timeout`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// Longest URL accepted for locating.
pub const MAX_URL: usize = 4096;
/// Addresses kept of one name (a CDN may answer with dozens).
pub const MAX_ADDRESSES: usize = 32;

/// Where a URL was hosted when it was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostingFacts {
    /// The URL's host: a lower-case ASCII (IDNA) name, or an address.
    pub host: String,
    /// Its addresses in the resolver's order, each with its country (ISO 3166-1 alpha-2)
    /// when the database knows it.
    pub addresses: Vec<(IpAddr, Option<String>)>,
    /// The country most of the addresses are in (the earliest address's country breaks a
    /// tie); `None` when the database knows none of them.
    pub country: Option<String>,
    /// When it was checked (milliseconds since 1970, UTC).
    pub checked_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HostingError {
    /// Not a URL with a host (a DNS name of two labels or more, or an address).
    #[error("not a URL with a host")]
    BadUrl,
    /// The name does not exist, or the resolver could not answer.
    #[error("the host name does not resolve")]
    NoSuchHost,
    #[error("the host name did not resolve in time")]
    Timeout(Duration),
    /// No IP-to-country database is configured: hosting is not located at all then.
    #[error("no IP-to-country database is configured")]
    NotConfigured,
}

/// A URL's host, as located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetHost {
    Name(String),
    Address(IpAddr),
}

/// A URL as it is located: parsed (a missing scheme taken as `http://`), with its host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The URL as the WHATWG URL standard writes it (host in lower-case ASCII).
    pub url: String,
    pub host: TargetHost,
}

impl Target {
    pub fn parse(text: &str) -> Result<Target, HostingError> {
        let text = text.trim();
        if text.is_empty() || text.len() > MAX_URL || text.chars().any(char::is_whitespace) {
            return Err(HostingError::BadUrl);
        }
        if !text.contains("://") {
            // `mailto:`, `javascript:`, `data:`: a scheme without a host, not a missing one
            // (`example.com:8080/x` is a host with its port).
            let before_path = text.split('/').next().unwrap_or("");
            if before_path.split_once(':').is_some_and(|(_, after)| !after.starts_with(|c: char| c.is_ascii_digit())) {
                return Err(HostingError::BadUrl);
            }
        }
        let with_scheme = if text.contains("://") { text.to_owned() } else { format!("http://{text}") };
        let url = url::Url::parse(&with_scheme).map_err(|_| HostingError::BadUrl)?;
        if !matches!(url.scheme(), "http" | "https" | "ftp" | "ws" | "wss") {
            return Err(HostingError::BadUrl);
        }
        let host = match url.host() {
            Some(url::Host::Ipv4(a)) => TargetHost::Address(IpAddr::V4(a)),
            Some(url::Host::Ipv6(a)) => TargetHost::Address(IpAddr::V6(a).to_canonical()),
            Some(url::Host::Domain(d)) => {
                TargetHost::Name(zeri_domain::hosting::normalise_domain(d).ok_or(HostingError::BadUrl)?)
            }
            None => return Err(HostingError::BadUrl),
        };
        Ok(Target { url: url.to_string(), host })
    }

    pub fn host_text(&self) -> String {
        match &self.host {
            TargetHost::Name(n) => n.clone(),
            TargetHost::Address(a) => a.to_string(),
        }
    }
}

/// Finds where URLs are hosted. Injected through `WebConfig::hosting`.
#[derive(Clone)]
pub struct Locator {
    pub resolver: Arc<dyn Resolve>,
    /// `None`: not configured; every lookup answers [`HostingError::NotConfigured`].
    pub countries: Option<Arc<CountryDb>>,
    pub timeout: Duration,
}

impl Default for Locator {
    fn default() -> Self {
        Self { resolver: Arc::new(SystemResolver), countries: None, timeout: DEFAULT_TIMEOUT }
    }
}

impl std::fmt::Debug for Locator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Locator").field("countries", &self.countries).field("timeout", &self.timeout).finish()
    }
}

impl Locator {
    /// Where `url` is hosted now. The database is checked first, so that without one no
    /// name is looked up at all.
    pub async fn locate(&self, url: &str) -> Result<HostingFacts, HostingError> {
        let target = Target::parse(url)?;
        self.locate_target(&target).await
    }

    pub async fn locate_target(&self, target: &Target) -> Result<HostingFacts, HostingError> {
        let countries = self.countries.as_ref().ok_or(HostingError::NotConfigured)?;
        let found = match &target.host {
            TargetHost::Address(a) => vec![*a],
            TargetHost::Name(name) => match tokio::time::timeout(self.timeout, self.resolver.resolve(name)).await {
                Err(_) => return Err(HostingError::Timeout(self.timeout)),
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::TimedOut => {
                    return Err(HostingError::Timeout(self.timeout))
                }
                Ok(Err(_)) => return Err(HostingError::NoSuchHost),
                Ok(Ok(a)) => a,
            },
        };
        let mut addresses: Vec<IpAddr> = Vec::new();
        for a in found.into_iter().map(|a| a.to_canonical()) {
            if !addresses.contains(&a) && addresses.len() < MAX_ADDRESSES {
                addresses.push(a);
            }
        }
        if addresses.is_empty() {
            return Err(HostingError::NoSuchHost);
        }
        let addresses: Vec<(IpAddr, Option<String>)> =
            addresses.into_iter().map(|a| (a, countries.country(a))).collect();
        Ok(HostingFacts {
            host: target.host_text(),
            country: most_common(&addresses),
            addresses,
            checked_at: zeri_storage::now_ms(),
        })
    }
}

/// The country most addresses are in; a tie goes to the one met first.
fn most_common(addresses: &[(IpAddr, Option<String>)]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for c in addresses.iter().filter_map(|(_, c)| c.as_deref()) {
        match counts.iter_mut().find(|(k, _)| *k == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(c, _)| c.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_give_their_host() {
        let host = |s: &str| Target::parse(s).map(|t| t.host);
        let name = |s: &str| Ok(TargetHost::Name(s.to_owned()));
        assert_eq!(host("https://Images.Example.com./a/b.jpg?x=1#f"), name("images.example.com"));
        assert_eq!(host("images.example.com/a"), name("images.example.com"), "no scheme: http");
        assert_eq!(host("images.example.com:8080/a:b"), name("images.example.com"));
        assert_eq!(host("http://user:pw@example.com:8080/"), name("example.com"));
        assert_eq!(host("https://shkodër.al/"), name("xn--shkodr-tva.al"));
        assert_eq!(host("http://192.0.2.7/x"), Ok(TargetHost::Address("192.0.2.7".parse().unwrap())));
        assert_eq!(host("http://[2001:db8::1]:81/"), Ok(TargetHost::Address("2001:db8::1".parse().unwrap())));
        assert_eq!(host("http://[::ffff:192.0.2.7]/"), Ok(TargetHost::Address("192.0.2.7".parse().unwrap())));
        for bad in [
            "",
            "   ",
            "file:///etc/passwd",
            "mailto:a@example.com",
            "http://localhost/",
            "http:///x",
            "a b.com",
            "javascript:alert(1)",
            "data:text/html,x",
        ] {
            assert_eq!(host(bad), Err(HostingError::BadUrl), "{bad}");
        }
        assert_eq!(host(&format!("https://example.com/{}", "a".repeat(MAX_URL))), Err(HostingError::BadUrl));
    }

    #[test]
    fn the_country_is_that_of_most_addresses() {
        let a = |c: Option<&str>| ("127.0.0.1".parse().unwrap(), c.map(str::to_owned));
        assert_eq!(most_common(&[a(Some("DE")), a(Some("AL")), a(Some("AL"))]).as_deref(), Some("AL"));
        assert_eq!(most_common(&[a(None), a(Some("DE")), a(Some("AL"))]).as_deref(), Some("DE"), "a tie: the first");
        assert_eq!(most_common(&[a(None)]), None);
    }
}
