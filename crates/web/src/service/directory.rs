//! The directory of services in memory, loaded from the database and kept current.

use crate::now_ms;
use crate::App;
use crate::AppState;
use std::sync::{Arc, RwLock};
use zeri_domain::directory::{blank_service, shipped, stable_id, Channel, Directory, Point, Service, ServiceKind};
use zeri_domain::Gazetteer;
use zeri_storage::{ServiceRow, StoreError};

/// The directory an instance searches, with the database version it was built from.
pub struct Loaded {
    pub version: i64,
    pub directory: Arc<Directory>,
}

pub type DirectoryCell = RwLock<Loaded>;

pub fn empty() -> DirectoryCell {
    RwLock::new(Loaded { version: -1, directory: Arc::new(Directory::new(Vec::new())) })
}

impl App {
    pub fn directory(&self) -> Arc<Directory> {
        self.directory.read().map(|d| d.directory.clone()).unwrap_or_else(|e| e.into_inner().directory.clone())
    }
}

pub fn to_row(s: &Service, at: i64) -> ServiceRow {
    ServiceRow {
        id: s.id.clone(),
        name: s.name.clone(),
        status: s.status.as_str().to_owned(),
        demo: s.demo,
        updated_at: at,
        data: serde_json::to_string(s).expect("a service serialises"),
    }
}

/// Rebuilds the in-memory directory when the database has a newer version.
pub async fn reload(app: &App) -> Result<bool, StoreError> {
    let version = app.store.directory_version().await?;
    if app.directory.read().map(|d| d.version == version).unwrap_or(false) {
        return Ok(false);
    }
    let rows = app.store.services().await?;
    let mut services = Vec::with_capacity(rows.len());
    for r in rows {
        match serde_json::from_str::<Service>(&r.data) {
            Ok(s) => services.push(s),
            // A row that does not decode is left out and named, never guessed at.
            Err(e) => tracing::error!(service = %r.id, error = %e, "stored service does not decode"),
        }
    }
    let directory = Arc::new(
        tokio::task::spawn_blocking(move || Directory::new(services))
            .await
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
    );
    if let Ok(mut d) = app.directory.write() {
        *d = Loaded { version, directory };
    }
    Ok(true)
}

/// After a change made here: reloads this instance's directory and tells the others to
/// reload theirs (they also find the new version within 30 s by themselves).
pub async fn changed(app: &App) -> Result<bool, StoreError> {
    let reloaded = reload(app).await?;
    app.store.bus().publish(zeri_storage::bus::Signal::Directory);
    Ok(reloaded)
}

/// Puts the shipped services (and, for `--demo`, demonstration services) into the
/// database if they are not there yet, then loads the directory.
pub async fn seed(app: &App, demo: bool) -> Result<(), StoreError> {
    let g = Gazetteer::albania();
    let mut services = shipped(g);
    if demo {
        services.extend(demo_services(g));
    }
    let now = now_ms();
    let rows: Vec<ServiceRow> = services.iter().map(|s| to_row(s, now)).collect();
    let n = app.store.seed_services(&rows, "zeri").await?;
    if n > 0 {
        tracing::info!(services = n, "directory seeded");
        changed(app).await?;
    }
    reload(app).await?;
    Ok(())
}

/// Checks the database version now and then, so several instances agree.
pub async fn refresh_loop(app: AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
    loop {
        tick.tick().await;
        if let Err(e) = reload(&app).await {
            tracing::warn!(error = %e, "reloading the directory failed");
        }
    }
}

/// Clearly marked demonstration services, so search and the gap map have something to
/// show: a psychologist in every third municipality, a doctor in every fifth, legal
/// help in every seventh, and one remote line.
pub fn demo_services(g: &Gazetteer) -> Vec<Service> {
    let mut out = Vec::new();
    for (i, m) in g.municipalities().iter().enumerate() {
        let offers: [(usize, ServiceKind, &str, &str); 3] = [
            (3, ServiceKind::Psychological, "Qendra e psikologjisë", "Psychology centre"),
            (5, ServiceKind::Medical, "Qendra shëndetësore", "Health centre"),
            (7, ServiceKind::Legal, "Zyra e ndihmës juridike", "Legal aid office"),
        ];
        for (every, kind, sq, en) in offers {
            if i % every != 0 {
                continue;
            }
            out.push(Service {
                organization_id: stable_id("demo-organization", &format!("{en} {}", m.name)),
                organization_name: format!("{sq} {} (demonstrim)", m.name),
                name: format!("{sq} {}", m.name),
                alternate_name: Some(format!("{en}, {}", m.name)),
                description: "Demonstration service: not a real service.".into(),
                kinds: vec![kind],
                channels: vec![Channel::InPerson, Channel::Phone],
                free: i % 2 == 0,
                fees_description: (i % 2 == 1).then(|| "Demonstration fee".into()),
                phone: Some("+355 00 000 0000".into()),
                hours: Some("E hënë–e premte 08:00–16:00".into()),
                municipality: Some(m.name.clone()),
                location: Some(Point { lat: m.lat, lon: m.lon }),
                demo: true,
                ..blank_service(stable_id("demo", &format!("{en} {}", m.name)))
            });
        }
    }
    out.push(Service {
        organization_id: stable_id("demo-organization", "remote psychologist line"),
        organization_name: "Linja e psikologut (demonstrim)".into(),
        name: "Linja e psikologut".into(),
        alternate_name: Some("Psychologist by phone".into()),
        description: "Demonstration service: sessions by phone for children far from a town.".into(),
        kinds: vec![ServiceKind::Psychological],
        channels: vec![Channel::Phone, Channel::Online],
        phone: Some("+355 00 000 0001".into()),
        hours: Some("E hënë–e shtunë 09:00–19:00".into()),
        languages: vec!["sq".into(), "en".into()],
        minimum_age: Some(10),
        maximum_age: Some(17),
        demo: true,
        ..blank_service(stable_id("demo", "remote psychologist line"))
    });
    out
}
