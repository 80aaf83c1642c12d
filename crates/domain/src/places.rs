//! Where a child lives: the 61 municipalities of Albania and 378 towns and villages
//! (GeoNames, CC BY 4.0; see `data/albania/README.md`), matched without diacritics so
//! "Korce" finds "Korçë".

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

const MUNICIPALITIES_CSV: &str = include_str!("../../../data/albania/municipalities.csv");
const PLACES_CSV: &str = include_str!("../../../data/albania/places.csv");

#[derive(Debug, Clone, PartialEq)]
pub struct Municipality {
    pub name: String,
    pub county: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: String,
    pub municipality: String,
    pub lat: f64,
    pub lon: f64,
}

/// A resolved location: always a municipality, sometimes a town or village inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub municipality: String,
    pub place: Option<String>,
}

impl Location {
    /// How the location is written back into a form, so that it resolves to itself.
    pub fn label(&self) -> String {
        match &self.place {
            Some(p) if p != &self.municipality => format!("{p} ({})", self.municipality),
            _ => self.municipality.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Found(Location),
    /// Several places share this name; the labels to choose from.
    Ambiguous(Vec<String>),
    NotFound,
}

pub struct Gazetteer {
    municipalities: Vec<Municipality>,
    places: Vec<Place>,
    by_municipality: HashMap<String, usize>,
    by_place: HashMap<String, Vec<usize>>,
}

/// Lower case, no diacritics, single spaces, no punctuation: "  Korçë " → "korce".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

impl Gazetteer {
    /// The gazetteer built from the data shipped with Zëri.
    pub fn albania() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::from_csv(MUNICIPALITIES_CSV, PLACES_CSV).expect("shipped gazetteer data is valid"))
    }

    pub fn from_csv(municipalities_csv: &str, places_csv: &str) -> Result<Self, csv::Error> {
        #[derive(serde::Deserialize)]
        struct M {
            municipality: String,
            county: String,
            lat: f64,
            lon: f64,
        }
        #[derive(serde::Deserialize)]
        struct P {
            place: String,
            municipality: String,
            lat: f64,
            lon: f64,
        }
        let mut municipalities = Vec::new();
        for m in csv::Reader::from_reader(municipalities_csv.as_bytes()).deserialize::<M>() {
            let m = m?;
            municipalities.push(Municipality { name: m.municipality, county: m.county, lat: m.lat, lon: m.lon });
        }
        let mut places = Vec::new();
        for p in csv::Reader::from_reader(places_csv.as_bytes()).deserialize::<P>() {
            let p = p?;
            places.push(Place { name: p.place, municipality: p.municipality, lat: p.lat, lon: p.lon });
        }
        let by_municipality = municipalities.iter().enumerate().map(|(i, m)| (fold(&m.name), i)).collect();
        let mut by_place: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in places.iter().enumerate() {
            by_place.entry(fold(&p.name)).or_default().push(i);
        }
        Ok(Self { municipalities, places, by_municipality, by_place })
    }

    pub fn municipalities(&self) -> &[Municipality] {
        &self.municipalities
    }

    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The canonical municipality of that (exact) name.
    pub fn municipality(&self, name: &str) -> Option<&Municipality> {
        self.by_municipality.get(&fold(name)).map(|&i| &self.municipalities[i])
    }

    /// Every label a form may offer as a suggestion: municipalities, then places, each
    /// written so that it resolves to exactly one location.
    pub fn labels(&self) -> Vec<String> {
        let mut out: Vec<String> = self.municipalities.iter().map(|m| m.name.clone()).collect();
        for p in &self.places {
            if fold(&p.name) != fold(&p.municipality) {
                out.push(Location { municipality: p.municipality.clone(), place: Some(p.name.clone()) }.label());
            }
        }
        out
    }

    /// Resolves what a person typed: a municipality, a town or village, or
    /// "Place (Municipality)" / "Place, Municipality" when a name is shared.
    pub fn resolve(&self, input: &str) -> Resolved {
        let key = fold(input);
        if key.is_empty() {
            return Resolved::NotFound;
        }
        if let Some(&i) = self.by_municipality.get(&key) {
            return Resolved::Found(Location { municipality: self.municipalities[i].name.clone(), place: None });
        }
        if let Some(found) = self.by_place.get(&key) {
            return match found.as_slice() {
                [one] => Resolved::Found(self.place_location(*one)),
                many => Resolved::Ambiguous(many.iter().map(|&i| self.place_location(i).label()).collect()),
            };
        }
        // "Place (Municipality)" or "Place, Municipality"
        let qualified =
            input.trim().strip_suffix(')').and_then(|s| s.rsplit_once('(')).or_else(|| input.rsplit_once(','));
        if let Some((place, municipality)) = qualified {
            let (pk, mk) = (fold(place), fold(municipality));
            if let Some(found) = self.by_place.get(&pk) {
                if let Some(&i) = found.iter().find(|&&i| fold(&self.places[i].municipality) == mk) {
                    return Resolved::Found(self.place_location(i));
                }
            }
        }
        Resolved::NotFound
    }

    fn place_location(&self, i: usize) -> Location {
        let p = &self.places[i];
        Location { municipality: p.municipality.clone(), place: Some(p.name.clone()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::albania()
    }

    #[test]
    fn ships_all_61_municipalities_and_378_places() {
        assert_eq!(g().municipalities().len(), 61);
        assert_eq!(g().places().len(), 378);
        for p in g().places() {
            assert!(
                g().municipality(&p.municipality).is_some(),
                "{} has unknown municipality {}",
                p.name,
                p.municipality
            );
        }
    }

    #[test]
    fn folds_diacritics_case_and_spacing() {
        assert_eq!(fold("  Korçë "), "korce");
        assert_eq!(fold("KUÇOVË"), "kucove");
        assert_eq!(fold("Gjadër,  Dajç"), "gjader dajc");
    }

    #[test]
    fn finds_municipalities_without_diacritics() {
        assert_eq!(g().resolve("korce"), Resolved::Found(Location { municipality: "Korçë".into(), place: None }));
        assert_eq!(g().resolve("KUKES"), Resolved::Found(Location { municipality: "Kukës".into(), place: None }));
    }

    #[test]
    fn finds_villages_and_their_municipality() {
        match g().resolve("Grekan") {
            Resolved::Found(l) => {
                assert_eq!(l, Location { municipality: "Belsh".into(), place: Some("Grekan".into()) })
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn shared_names_are_ambiguous_until_qualified() {
        let Resolved::Ambiguous(options) = g().resolve("Fierze") else { panic!("Fierzë should be ambiguous") };
        assert!(options.len() >= 2);
        for label in &options {
            assert!(matches!(g().resolve(label), Resolved::Found(_)), "{label} does not resolve");
        }
        assert!(matches!(g().resolve("fierze, belsh"), Resolved::Found(_)));
    }

    #[test]
    fn every_label_resolves_to_one_place() {
        for label in g().labels() {
            assert!(matches!(g().resolve(&label), Resolved::Found(_)), "{label}");
        }
    }

    #[test]
    fn unknown_places_are_not_found() {
        assert_eq!(g().resolve("Atlantis"), Resolved::NotFound);
        assert_eq!(g().resolve("   "), Resolved::NotFound);
    }
}
