//! Name resolution for locating hosted material: the system's resolver, or a fixed map
//! (tests, demos, a browser test on loopback). Only DNS: nothing here connects to the
//! addresses it finds.

use std::collections::HashMap;
use std::io;
use std::net::IpAddr;

/// Resolves a host name to its addresses. Injectable, so that tests and demos answer from
/// a map instead of the network.
#[async_trait::async_trait]
pub trait Resolve: Send + Sync {
    /// The addresses of `host` (a DNS name, never an address literal), in the order the
    /// resolver gave them. `ErrorKind::NotFound` when the name does not exist.
    async fn resolve(&self, host: &str) -> io::Result<Vec<IpAddr>>;
}

/// The operating system's resolver (`getaddrinfo`, through tokio's `lookup_host`), as
/// configured on the server (`/etc/resolv.conf`, `/etc/hosts`).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemResolver;

#[async_trait::async_trait]
impl Resolve for SystemResolver {
    async fn resolve(&self, host: &str) -> io::Result<Vec<IpAddr>> {
        // Port 0 is only there because the call wants one: no connection is ever made.
        let found = tokio::net::lookup_host((host, 0)).await?;
        Ok(found.map(|a| a.ip()).collect())
    }
}

/// Names answered from a fixed map (case and a trailing dot ignored); any other name does
/// not exist. No query leaves the machine.
#[derive(Debug, Default, Clone)]
pub struct StaticResolver {
    names: HashMap<String, Vec<IpAddr>>,
}

impl StaticResolver {
    pub fn new<N: Into<String>>(entries: impl IntoIterator<Item = (N, Vec<IpAddr>)>) -> Self {
        let mut r = Self::default();
        for (name, addresses) in entries {
            r.names.entry(key(&name.into())).or_default().extend(addresses);
        }
        r
    }

    /// From `NAME=ADDRESS[,ADDRESS…]` entries (as `zeri serve --resolve` takes them).
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<Self, String> {
        let mut pairs = Vec::new();
        for e in entries {
            let e = e.as_ref().trim();
            let (name, addresses) =
                e.split_once('=').ok_or_else(|| format!("{e}: expected NAME=ADDRESS[,ADDRESS…]"))?;
            let name =
                zeri_domain::hosting::normalise_domain(name).ok_or_else(|| format!("{name}: not a host name"))?;
            let addresses = addresses
                .split(',')
                .map(|a| a.trim().parse::<IpAddr>().map_err(|_| format!("{a}: not an IP address")))
                .collect::<Result<Vec<_>, _>>()?;
            pairs.push((name, addresses));
        }
        Ok(Self::new(pairs))
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

fn key(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

#[async_trait::async_trait]
impl Resolve for StaticResolver {
    async fn resolve(&self, host: &str) -> io::Result<Vec<IpAddr>> {
        match self.names.get(&key(host)) {
            Some(a) if !a.is_empty() => Ok(a.clone()),
            _ => Err(io::Error::new(io::ErrorKind::NotFound, "no such name in the map")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_map_answers_only_what_it_holds() {
        let r = StaticResolver::parse(&["Hosted.Test=127.0.0.1,::1", "other.test=127.0.1.1"]).unwrap();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(r.resolve("hosted.test.").await.unwrap(), [ip("127.0.0.1"), ip("::1")]);
        assert_eq!(r.resolve("OTHER.test").await.unwrap(), [ip("127.0.1.1")]);
        assert_eq!(r.resolve("absent.test").await.unwrap_err().kind(), io::ErrorKind::NotFound);
        assert!(StaticResolver::parse(&["nothing"]).is_err());
        assert!(StaticResolver::parse(&["a.test=nowhere"]).is_err());
        assert!(StaticResolver::parse(&["127.0.0.1=127.0.0.1"]).is_err());
    }

    #[tokio::test]
    async fn the_system_resolver_reads_the_hosts_file() {
        let found = SystemResolver.resolve("localhost").await.unwrap();
        assert!(found.iter().all(IpAddr::is_loopback) && !found.is_empty(), "{found:?}");
    }
}
