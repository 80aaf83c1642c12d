//! The directory of services: what a service is (compatible with Open Referral HSDS 3.0, see
//! `hsds.rs`), the shipped Albanian data, nearest-first search and the coverage gaps.
//!
//! Search runs on an R*-tree (`rstar`) of points on the unit sphere: the straight-line
//! (chord) distance between two such points grows with the great-circle distance, so the
//! tree's nearest-neighbour order is the true nearest-first order on Earth, without the
//! distortions of a flat latitude/longitude grid. One tree per kind of service keeps a
//! filtered search as fast as an unfiltered one.

use std::collections::BTreeMap;

use rstar::{primitives::GeomWithData, RTree};
use serde::{Deserialize, Serialize};

use crate::places::{fold, Gazetteer};
use crate::report::choice_enum;

mod form;
pub use form::{blank_service, changed_fields, ServiceForm};

choice_enum!(
    /// The kinds of help, as taxonomy terms of the directory.
    ServiceKind {
        Helpline = "helpline",
        Reporting = "reporting",
        Psychological = "psychological",
        Social = "social",
        Legal = "legal",
        Medical = "medical",
        Police = "police",
        /// Forensic interview in a child-friendly setting (Barnahus).
        ForensicInterview = "forensic_interview",
        Coordination = "coordination",
    }
);

choice_enum!(
    /// How a service is reached.
    Channel {
        InPerson = "in_person",
        Phone = "phone",
        /// Chat, website, app or e-mail.
        Online = "online",
    }
);

choice_enum!(
    ServiceStatus {
        Active = "active",
        /// No longer offered (kept for the record; not shown to the public).
        Retired = "defunct",
    }
);

/// Mean Earth radius (IUGG), kilometres.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

impl Point {
    pub fn new(lat: f64, lon: f64) -> Option<Point> {
        ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) && lat.is_finite() && lon.is_finite())
            .then_some(Point { lat, lon })
    }

    fn unit(self) -> [f64; 3] {
        let (lat, lon) = (self.lat.to_radians(), self.lon.to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    }

    /// Great-circle distance (haversine), kilometres.
    pub fn distance_km(self, other: Point) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
    }
}

/// Who verified a service's details, and when (an administrator; never implied).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verified {
    pub by: String,
    /// `YYYY-MM-DD`.
    pub on: String,
}

/// One service, as the directory keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    /// UUID (HSDS requires one).
    pub id: String,
    pub organization_id: String,
    pub organization_name: String,
    /// The name in Albanian, as the service calls itself.
    pub name: String,
    /// The name in English, if it has one.
    pub alternate_name: Option<String>,
    pub description: String,
    pub kinds: Vec<ServiceKind>,
    pub channels: Vec<Channel>,
    pub free: bool,
    pub fees_description: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    /// Opening hours in words ("24/7", "Mon–Fri 8:00–16:00").
    pub hours: Option<String>,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    pub minimum_age: Option<u8>,
    pub maximum_age: Option<u8>,
    /// Who it is for, in words ("girls and young women"), when not everyone.
    pub eligibility: Option<String>,
    pub municipality: Option<String>,
    pub address: Option<String>,
    /// Where it is met in person; `None` for remote-only services.
    pub location: Option<Point>,
    /// `YYYY-MM-DD`: when someone last checked the details against the source.
    pub last_checked: Option<String>,
    pub verified: Option<Verified>,
    /// Where the details come from.
    pub source_url: Option<String>,
    /// A demonstration service (`--demo`), shown as such everywhere.
    pub demo: bool,
    pub status: ServiceStatus,
}

impl Service {
    pub fn in_person(&self) -> bool {
        self.channels.contains(&Channel::InPerson) && self.location.is_some()
    }

    /// Delivered by phone or online, so reachable from anywhere: not met in person (HSDS:
    /// no `service_at_location`). A centre met in person that also answers a phone is an
    /// in-person service with a phone, listed by distance.
    pub fn remote(&self) -> bool {
        !self.channels.contains(&Channel::InPerson)
            && self.channels.iter().any(|c| matches!(c, Channel::Phone | Channel::Online))
    }

    pub fn active(&self) -> bool {
        self.status == ServiceStatus::Active
    }
}

/// What a search asks for.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub kind: Option<ServiceKind>,
    pub free_only: bool,
    /// Only services reachable by phone or online.
    pub remote_only: bool,
}

impl Query {
    fn accepts(&self, s: &Service) -> bool {
        s.active()
            && self.kind.is_none_or(|k| s.kinds.contains(&k))
            && (!self.free_only || s.free)
            && (!self.remote_only || s.remote())
    }
}

type Entry = GeomWithData<[f64; 3], usize>;

/// The directory in memory, indexed for nearest-first search.
pub struct Directory {
    services: Vec<Service>,
    /// In-person services, all kinds.
    all: RTree<Entry>,
    by_kind: BTreeMap<ServiceKind, RTree<Entry>>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit<'a> {
    pub service: &'a Service,
    /// Great-circle distance from the search point; `None` for remote-only services.
    pub km: Option<f64>,
}

impl Directory {
    pub fn new(services: Vec<Service>) -> Self {
        let entries = |kind: Option<ServiceKind>| -> Vec<Entry> {
            services
                .iter()
                .enumerate()
                .filter(|(_, s)| s.active() && s.in_person() && kind.is_none_or(|k| s.kinds.contains(&k)))
                .map(|(i, s)| GeomWithData::new(s.location.expect("in person").unit(), i))
                .collect()
        };
        let all = RTree::bulk_load(entries(None));
        let by_kind = ServiceKind::ALL.iter().map(|k| (*k, RTree::bulk_load(entries(Some(*k))))).collect();
        Self { services, all, by_kind }
    }

    pub fn services(&self) -> &[Service] {
        &self.services
    }

    pub fn get(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// In-person services nearest first (at most `limit`), matching `q`.
    pub fn nearest(&self, from: Point, q: &Query, limit: usize) -> Vec<Hit<'_>> {
        let tree = match q.kind {
            Some(k) => &self.by_kind[&k],
            None => &self.all,
        };
        let mut hits: Vec<Hit> = Vec::with_capacity(limit + 4);
        for s in tree.nearest_neighbor_iter(&from.unit()).map(|e| &self.services[e.data]).filter(|s| q.accepts(s)) {
            let km = s.location.map(|p| from.distance_km(p));
            // Past the limit, keep only services as near as the last one (same place), so
            // ties are broken by name, not by the tree's inner order.
            if hits.len() >= limit && hits.last().is_some_and(|h| h.km != km) {
                break;
            }
            hits.push(Hit { service: s, km });
        }
        sort_hits(&mut hits);
        hits.truncate(limit);
        hits
    }

    /// The same answer by scanning every service: the baseline of the benchmark and the
    /// oracle of the tests.
    pub fn nearest_by_scan(&self, from: Point, q: &Query, limit: usize) -> Vec<Hit<'_>> {
        let mut hits: Vec<Hit> = self
            .services
            .iter()
            .filter(|s| s.in_person() && q.accepts(s))
            .map(|s| Hit { service: s, km: s.location.map(|p| from.distance_km(p)) })
            .collect();
        sort_hits(&mut hits);
        hits.truncate(limit);
        hits
    }

    /// Every active service reachable by phone or online, helplines first: shown to
    /// everyone, whatever the place.
    pub fn remote(&self, q: &Query) -> Vec<&Service> {
        let mut out: Vec<&Service> = self.services.iter().filter(|s| s.remote() && q.accepts(s)).collect();
        out.sort_by_key(|s| (!s.kinds.contains(&ServiceKind::Helpline), s.demo, s.name.clone()));
        out
    }

    /// For each municipality and kind, the distance from the municipality's point to the
    /// nearest active in-person service of that kind (`None`: none anywhere).
    pub fn coverage(&self, gazetteer: &Gazetteer) -> Vec<Coverage> {
        gazetteer
            .municipalities()
            .iter()
            .map(|m| {
                let at = Point { lat: m.lat, lon: m.lon };
                let nearest = ServiceKind::ALL
                    .iter()
                    .map(|k| {
                        let q = Query { kind: Some(*k), ..Query::default() };
                        (*k, self.nearest(at, &q, 1).first().and_then(|h| h.km))
                    })
                    .collect();
                Coverage { municipality: m.name.clone(), county: m.county.clone(), point: at, nearest }
            })
            .collect()
    }
}

/// Nearest first; at the same distance, by name, then id.
fn sort_hits(hits: &mut [Hit]) {
    hits.sort_by(|a, b| {
        a.km.partial_cmp(&b.km)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.service.name.cmp(&b.service.name))
            .then_with(|| a.service.id.cmp(&b.service.id))
    });
}

#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    pub municipality: String,
    pub county: String,
    pub point: Point,
    pub nearest: BTreeMap<ServiceKind, Option<f64>>,
}

/// The point of a place a child typed (a town or village, or a municipality), if known.
pub fn point_of(gazetteer: &Gazetteer, input: &str) -> Option<Point> {
    match gazetteer.resolve(input) {
        crate::places::Resolved::Found(loc) => {
            let place = loc.place.as_ref().and_then(|p| {
                gazetteer.places().iter().find(|x| fold(&x.name) == fold(p) && x.municipality == loc.municipality)
            });
            match place {
                Some(p) => Some(Point { lat: p.lat, lon: p.lon }),
                None => gazetteer.municipality(&loc.municipality).map(|m| Point { lat: m.lat, lon: m.lon }),
            }
        }
        _ => None,
    }
}

// ----- the shipped data -----

/// Stable UUIDs for the shipped records, so re-seeding and re-importing find the same rows.
pub fn stable_id(kind: &str, name: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, format!("https://zeri.al/{kind}/{}", fold(name)).as_bytes())
        .to_string()
}

fn kinds_of(field: &str) -> Vec<ServiceKind> {
    let mut kinds = Vec::new();
    for k in field.split(';').map(str::trim) {
        let kind = match k {
            "helpline" | "counselling" => Some(ServiceKind::Helpline),
            "reporting" | "complaints" => Some(ServiceKind::Reporting),
            "psychological" => Some(ServiceKind::Psychological),
            "social" => Some(ServiceKind::Social),
            "legal" => Some(ServiceKind::Legal),
            "medical" => Some(ServiceKind::Medical),
            "police" => Some(ServiceKind::Police),
            "forensic-interview" => Some(ServiceKind::ForensicInterview),
            "coordination" | "oversight" => Some(ServiceKind::Coordination),
            _ => None, // "awareness": not a service a child is sent to
        };
        if let Some(kind) = kind.filter(|k| !kinds.contains(k)) {
            kinds.push(kind);
        }
    }
    kinds
}

fn channels_of(field: &str) -> Vec<Channel> {
    let mut out = Vec::new();
    for c in field.split(';').map(str::trim) {
        let ch = match c {
            "in-person" => Some(Channel::InPerson),
            "phone" => Some(Channel::Phone),
            "chat" | "web" | "app" | "email" => Some(Channel::Online),
            _ => None,
        };
        if let Some(ch) = ch.filter(|c| !out.contains(c)) {
            out.push(ch);
        }
    }
    out
}

/// The date the shipped contact details were last compared with their sources.
pub const SHIPPED_CHECKED: &str = "2026-11-01";

/// The national services (`services-public.csv`, each with its source) and one Child
/// Protection Unit per municipality at the municipality's point. Never marked verified.
pub fn shipped(gazetteer: &Gazetteer) -> Vec<Service> {
    let mut out = Vec::new();
    let mut rd = csv::Reader::from_reader(include_str!("../../../data/albania/services-public.csv").as_bytes());
    for row in rd.records().flatten() {
        let get = |i: usize| row.get(i).map(str::trim).filter(|v| !v.is_empty()).map(String::from);
        let (Some(name_en), Some(name_sq)) = (get(0), get(1)) else { continue };
        let channels = channels_of(&get(3).unwrap_or_default());
        let municipality = get(7);
        let location = channels
            .contains(&Channel::InPerson)
            .then(|| municipality.as_deref().and_then(|m| gazetteer.municipality(m)))
            .flatten()
            .map(|m| Point { lat: m.lat, lon: m.lon });
        out.push(Service {
            id: stable_id("service", &name_en),
            organization_id: stable_id("organization", &name_en),
            organization_name: name_sq.clone(),
            name: name_sq,
            alternate_name: Some(name_en),
            description: get(10).unwrap_or_default(),
            kinds: kinds_of(&get(2).unwrap_or_default()),
            channels,
            free: get(8).as_deref() == Some("free"),
            fees_description: None,
            phone: get(4),
            email: get(6),
            url: get(5),
            hours: get(9),
            languages: vec!["sq".into()],
            minimum_age: None,
            maximum_age: None,
            eligibility: None,
            municipality,
            address: None,
            location,
            last_checked: Some(SHIPPED_CHECKED.into()),
            verified: None,
            source_url: get(11),
            demo: false,
            status: ServiceStatus::Active,
        });
    }
    for m in gazetteer.municipalities() {
        let name = format!("Njësia për Mbrojtjen e Fëmijës, Bashkia {}", m.name);
        out.push(Service {
            organization_id: stable_id("organization", &format!("bashkia {}", m.name)),
            organization_name: format!("Bashkia {}", m.name),
            alternate_name: Some(format!("Child Protection Unit, {}", m.name)),
            name,
            description: "Child Protection Workers of the municipality assess the risk, call the multidisciplinary \
                          meeting, make an individual protection plan and follow the child. Reached through the \
                          municipality."
                .into(),
            kinds: vec![ServiceKind::Social, ServiceKind::Coordination],
            channels: vec![Channel::InPerson],
            maximum_age: Some(17),
            municipality: Some(m.name.clone()),
            location: Some(Point { lat: m.lat, lon: m.lon }),
            last_checked: Some(SHIPPED_CHECKED.into()),
            source_url: Some("https://femijet.gov.al/al/njesite-per-mbrojtjen-e-femijeve".into()),
            ..blank_service(stable_id("service", &format!("cpu {}", m.name)))
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        let tirana = Point { lat: 41.3275, lon: 19.8187 };
        let kukes = Point { lat: 42.0769, lon: 20.4219 };
        let d = tirana.distance_km(kukes);
        assert!((d - 97.0).abs() < 3.0, "{d}");
        assert_eq!(tirana.distance_km(tirana), 0.0);
        assert!(Point::new(91.0, 0.0).is_none() && Point::new(0.0, f64::NAN).is_none());
    }

    #[test]
    fn shipped_data() {
        let g = Gazetteer::albania();
        let s = shipped(g);
        assert_eq!(
            s.iter().filter(|s| s.kinds.contains(&ServiceKind::Coordination) && s.name.starts_with("Njësia")).count(),
            61
        );
        let alo = s.iter().find(|s| s.name.contains("ALO 116 111")).unwrap();
        assert!(alo.free && alo.remote() && !alo.in_person() && alo.kinds.contains(&ServiceKind::Helpline));
        assert_eq!(alo.phone.as_deref(), Some("116111"));
        assert!(s.iter().all(|s| s.verified.is_none() && s.last_checked.is_some() && s.source_url.is_some()));
        assert!(s.iter().all(|s| uuid::Uuid::parse_str(&s.id).is_ok()));
        let ids: std::collections::BTreeSet<_> = s.iter().map(|s| &s.id).collect();
        assert_eq!(ids.len(), s.len(), "ids are unique");
        assert_eq!(shipped(g), s, "stable");
    }

    #[test]
    fn nearest_matches_a_scan() {
        let g = Gazetteer::albania();
        let d = Directory::new(shipped(g));
        for p in g.places().iter().step_by(7) {
            let at = Point { lat: p.lat, lon: p.lon };
            for kind in std::iter::once(None).chain(ServiceKind::ALL.iter().map(|k| Some(*k))) {
                let q = Query { kind, ..Query::default() };
                let a: Vec<_> = d.nearest(at, &q, 5).iter().map(|h| h.service.id.clone()).collect();
                let b: Vec<_> = d.nearest_by_scan(at, &q, 5).iter().map(|h| h.service.id.clone()).collect();
                assert_eq!(a, b, "{} {kind:?}", p.name);
            }
        }
        // A village of Kukës: the unit of Kukës is the nearest social service.
        let at = point_of(g, "Bicaj").expect("a village of Kukës");
        let q = Query { kind: Some(ServiceKind::Social), ..Query::default() };
        let first = &d.nearest(at, &q, 1)[0];
        assert!(first.service.name.ends_with("Kukës"), "{}", first.service.name);
        assert!(first.km.unwrap() < 20.0);
        let remote = d.remote(&Query::default());
        assert!(remote[0].kinds.contains(&ServiceKind::Helpline));
        assert!(remote.iter().all(|s| !s.in_person() && s.location.is_none()), "only services delivered remotely");
        let names: Vec<&str> = remote.iter().filter_map(|s| s.alternate_name.as_deref()).collect();
        assert!(names.iter().any(|n| n.starts_with("ISIGURT")) && !names.iter().any(|n| n.starts_with("Barnahus")));
    }

    #[test]
    fn coverage_has_every_municipality() {
        let g = Gazetteer::albania();
        let c = Directory::new(shipped(g)).coverage(g);
        assert_eq!(c.len(), 61);
        assert!(c.iter().all(|m| m.nearest[&ServiceKind::Coordination] == Some(0.0)), "a unit in every municipality");
        assert!(c.iter().all(|m| m.nearest[&ServiceKind::Medical].is_none()), "no medical service shipped");
    }
}
