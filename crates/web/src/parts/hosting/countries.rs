//! IP address to country, from an MMDB database the administrator configures
//! (`zeri serve --ip-country-db PATH`): MaxMind's GeoLite2/GeoIP2 Country or City, DB-IP's
//! "IP to Country Lite" (CC BY 4.0), or any database in the MaxMind DB format that holds a
//! country code in one of the usual places. Read with the `maxminddb` crate, whole into
//! memory (a country database is a few megabytes).

use std::net::IpAddr;
use std::path::Path;

use serde::Deserialize;

/// An opened IP-to-country database.
pub struct CountryDb {
    reader: maxminddb::Reader<Vec<u8>>,
}

impl std::fmt::Debug for CountryDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CountryDb").field("type", &self.reader.metadata().database_type).finish()
    }
}

/// Where a record keeps its country: `country.iso_code` (MaxMind, DB-IP), else
/// `registered_country.iso_code` (MaxMind, for addresses without a located country), else a
/// top-level `country_code` or `country` string (IP2Location and ipinfo conversions,
/// ip-location-db).
#[derive(Deserialize)]
struct Record {
    country: Option<Place>,
    registered_country: Option<Place>,
    country_code: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Place {
    Map { iso_code: Option<String> },
    Code(String),
}

impl Place {
    fn code(self) -> Option<String> {
        match self {
            Place::Map { iso_code } => iso_code,
            Place::Code(c) => Some(c),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CountryDbError {
    #[error("cannot read the IP-to-country database: {0}")]
    Read(#[from] std::io::Error),
    #[error("not a MaxMind DB (MMDB) file: {0}")]
    Format(#[from] maxminddb::MaxMindDbError),
}

impl CountryDb {
    pub fn open(path: &Path) -> Result<Self, CountryDbError> {
        Self::from_bytes(std::fs::read(path)?)
    }

    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, CountryDbError> {
        Ok(Self { reader: maxminddb::Reader::from_source(bytes)? })
    }

    /// The database's own name for its kind (e.g. `DBIP-Country-Lite`, `GeoLite2-Country`),
    /// so that pages can credit the data as its licence asks.
    pub fn database_type(&self) -> &str {
        &self.reader.metadata().database_type
    }

    /// What the database says of itself, for the log at start (type and build date).
    pub fn describe(&self) -> String {
        let m = self.reader.metadata();
        let built = time::OffsetDateTime::from_unix_timestamp(m.build_epoch as i64)
            .map(|t| t.date().to_string())
            .unwrap_or_default();
        format!("{} (IPv{}, built {built})", m.database_type, m.ip_version)
    }

    /// The ISO 3166-1 alpha-2 code of the country of `ip`, if the database knows it.
    pub fn country(&self, ip: IpAddr) -> Option<String> {
        let ip = ip.to_canonical();
        // An IPv6 address in an IPv4-only database has no answer (the reader says so as an
        // error), like an address the database does not hold.
        let found = self.reader.lookup(ip).ok()?;
        let record: Record = match found.decode() {
            Ok(Some(r)) => r,
            Ok(None) => return None,
            Err(e) => {
                tracing::warn!(error = %e, "an IP-to-country record does not decode");
                return None;
            }
        };
        record
            .country
            .and_then(Place::code)
            .or_else(|| record.registered_country.and_then(Place::code))
            .or(record.country_code)
            .and_then(|c| zeri_domain::hosting::country_code(&c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database with one network per layout of the country, as the databases in use
    /// write it (generated with `maxminddb-writer`).
    fn database(ip_version: maxminddb_writer::metadata::IpVersion, records: &[(&str, serde_json::Value)]) -> CountryDb {
        use maxminddb_writer::paths::IpAddrWithMask;
        let mut db = maxminddb_writer::Database::default();
        db.metadata.ip_version = ip_version;
        db.metadata.binary_format_major_version = 2;
        db.metadata.database_type = "test".into();
        for (net, record) in records {
            let data = db.insert_value(record).unwrap();
            db.insert_node(net.parse::<IpAddrWithMask>().unwrap(), data);
        }
        CountryDb::from_bytes(db.write_to(Vec::new()).unwrap()).unwrap()
    }

    #[test]
    fn the_country_is_found_in_each_usual_layout() {
        use serde_json::json;
        let db = database(
            maxminddb_writer::metadata::IpVersion::V6,
            &[
                // MaxMind GeoLite2 / DB-IP Lite: the located country, with more around it.
                (
                    "::192.0.2.0/120",
                    json!({"continent": {"code": "EU"}, "country": {"iso_code": "AL", "names": {"en": "Albania"}}}),
                ),
                // MaxMind, an address with only its registered country.
                ("::198.51.100.0/120", json!({"registered_country": {"iso_code": "DE"}})),
                // IP2Location and ip-location-db conversions: a flat code, in any case.
                ("::203.0.113.0/120", json!({"country_code": "nl"})),
                // ipinfo: the country as a string.
                ("2001:db8::/32", json!({"country": "FR", "asn": "AS64496"})),
                // A record without a country, or with a code that is no country.
                ("2001:db9::/32", json!({"city": {"names": {"en": "Nowhere"}}})),
                ("2001:dba::/32", json!({"country": {"iso_code": "ZZ"}})),
            ],
        );
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(db.country(ip("192.0.2.9")).as_deref(), Some("AL"));
        assert_eq!(db.country(ip("::ffff:192.0.2.9")).as_deref(), Some("AL"), "a mapped IPv4 address");
        assert_eq!(db.country(ip("198.51.100.1")).as_deref(), Some("DE"));
        assert_eq!(db.country(ip("203.0.113.1")).as_deref(), Some("NL"));
        assert_eq!(db.country(ip("2001:db8::1")).as_deref(), Some("FR"));
        assert_eq!(db.country(ip("2001:db9::1")), None);
        assert_eq!(db.country(ip("2001:dba::1")), None);
        assert_eq!(db.country(ip("10.0.0.1")), None, "not in the database");
        // An IPv4-only database has no answer for IPv6 addresses.
        let v4 = database(
            maxminddb_writer::metadata::IpVersion::V4,
            &[("192.0.2.0/24", json!({"country": {"iso_code": "AL"}}))],
        );
        assert_eq!(v4.country(ip("192.0.2.1")).as_deref(), Some("AL"));
        assert_eq!(v4.country(ip("2001:db8::1")), None);
        assert!(CountryDb::from_bytes(b"not a database".to_vec()).is_err());
        assert!(CountryDb::open(Path::new("/nonexistent/countries.mmdb")).is_err());
    }
}
