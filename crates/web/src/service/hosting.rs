//! Where reported material is hosted, for the hotline's analysts ([`lookup`]), and the table
//! of hosts and platforms administrators keep ([`add_host`], [`change_host`],
//! [`remove_host`]), with the entry a located URL belongs to ([`host_for`]).
//!
//! A lookup is audited (who, when, and the URL only as a keyed digest: [`url_digest`]);
//! the URL and its host are never logged and never stored in clear. Every change to the
//! table is audited in its own transaction. Who may do either is `zeri_domain::authorize`
//! (`LocateHosting`, `ManageHosts`).

use crate::now_ms;
use crate::parts::hosting::{HostingError, HostingFacts, Target};
use crate::App;
use serde::{Deserialize, Serialize};
use zeri_domain::hosting::{best_match, parse_ranges, Host, HostForm, IpNet};
use zeri_domain::{authorize, Action, FieldError, FieldErrors, Relation};
use zeri_storage::{HostRow, NewEvent, StaffRow, StoreError, HOST_DOMAIN_TAKEN, HOST_NAME_TAKEN};

/// Why a hosting request was not done.
#[derive(Debug)]
pub enum HostingFail {
    Forbidden,
    NotFound,
    Invalid(FieldErrors),
    Lookup(HostingError),
    Internal(String),
}

impl From<StoreError> for HostingFail {
    fn from(e: StoreError) -> Self {
        HostingFail::Internal(e.to_string())
    }
}

fn allowed(by: &StaffRow, action: Action) -> Result<(), HostingFail> {
    if authorize(by.role, Relation::None, false, action).allowed() {
        Ok(())
    } else {
        Err(HostingFail::Forbidden)
    }
}

fn staff_event(by: &StaffRow, action: &'static str, detail: String) -> NewEvent {
    NewEvent {
        at: now_ms(),
        staff_id: Some(by.id.clone()),
        role: Some(by.role),
        org_id: by.org_id.clone(),
        action,
        detail: Some(detail),
        ..NewEvent::default()
    }
}

// ----- locating -----

/// The keyed digest (hex) of a URL as it is located (parsed, host in lower-case ASCII): the
/// same URL gives the same digest, which links a lookup in the audit log to its item without
/// the URL ever being written down. `None` for text that is not a URL with a host.
pub fn url_digest(app: &App, url: &str) -> Option<String> {
    Target::parse(url).ok().map(|t| digest(app, &t))
}

fn digest(app: &App, t: &Target) -> String {
    hex::encode(app.keys.lookup_digest("hosting-url", t.url.as_bytes()))
}

/// Whether `by` may locate hosting at all (hotline analysts).
pub fn may_locate(by: &StaffRow) -> Result<(), HostingFail> {
    allowed(by, Action::LocateHosting)
}

/// Where `url` is hosted now, for an analyst: resolved by DNS only (never fetched) and placed
/// in a country. Every lookup that reached the resolver is audited with its outcome, and its
/// facts are given only once the entry is written.
pub async fn lookup(app: &App, by: &StaffRow, url: &str) -> Result<HostingFacts, HostingFail> {
    allowed(by, Action::LocateHosting)?;
    let target = Target::parse(url).map_err(HostingFail::Lookup)?;
    let located = app.hosting.locate_target(&target).await;
    let outcome = match &located {
        // Nothing was looked up: nothing to record.
        Err(HostingError::NotConfigured | HostingError::BadUrl) => None,
        Err(HostingError::NoSuchHost) => Some("no-such-host".to_owned()),
        Err(HostingError::Timeout(_)) => Some("timeout".to_owned()),
        Ok(f) => Some(format!("country:{}", f.country.as_deref().unwrap_or("unknown"))),
    };
    if let Some(outcome) = outcome {
        let detail = format!("url:{};{outcome}", digest(app, &target));
        app.store.record_event(&staff_event(by, "hosting-located", detail)).await?;
    }
    located.map_err(HostingFail::Lookup)
}

// ----- the hosts table -----

/// An entry of the hosts table, its sealed part opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostEntry {
    pub id: String,
    pub host: Host,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What is sealed of an entry (`hosts.sealed`).
#[derive(Serialize, Deserialize)]
struct Contact {
    abuse_email: Option<String>,
    channel: Option<String>,
    notes: Option<String>,
}

fn context(id: &str) -> String {
    zeri_storage::context::host(id)
}

fn open(app: &App, row: HostRow) -> Result<HostEntry, StoreError> {
    let bytes = app
        .keys
        .open(&row.sealed, context(&row.id).as_bytes())
        .map_err(|e| StoreError::Corrupt(format!("hosts.sealed: {e}")))?;
    let c: Contact = serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt(format!("hosts.sealed: {e}")))?;
    Ok(HostEntry {
        host: Host {
            name: row.name,
            kind: row.kind,
            country: row.country,
            abuse_email: c.abuse_email,
            domains: row.domains,
            ranges: parse_ranges(&row.ranges),
            trusted_flagger: row.trusted_flagger,
            channel: c.channel,
            notes: c.notes,
        },
        id: row.id,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn row(app: &App, id: &str, h: &Host, created_at: i64, updated_at: i64) -> HostRow {
    let contact = Contact { abuse_email: h.abuse_email.clone(), channel: h.channel.clone(), notes: h.notes.clone() };
    let plain = serde_json::to_vec(&contact).expect("plain strings serialise");
    HostRow {
        id: id.to_owned(),
        name: h.name.clone(),
        kind: h.kind,
        country: h.country.clone(),
        domains: h.domains.clone(),
        ranges: h.ranges.iter().map(ToString::to_string).collect(),
        trusted_flagger: h.trusted_flagger,
        sealed: app.keys.seal(&plain, context(id).as_bytes()),
        created_at,
        updated_at,
    }
}

/// A refused write as the field it is about.
fn conflict(e: StoreError) -> HostingFail {
    match e {
        StoreError::Conflict { constraint } if constraint == HOST_NAME_TAKEN => {
            HostingFail::Invalid(FieldErrors::from([("name", FieldError::new("name-taken"))]))
        }
        StoreError::Conflict { constraint } if constraint.starts_with(HOST_DOMAIN_TAKEN) => {
            let mut e = FieldError::new("domain-taken");
            e.options.extend(constraint.split_once(':').map(|(_, d)| d.to_owned()));
            HostingFail::Invalid(FieldErrors::from([("domains", e)]))
        }
        StoreError::NotFound => HostingFail::NotFound,
        e => e.into(),
    }
}

/// Every entry, by name (administrators).
pub async fn hosts(app: &App, by: &StaffRow) -> Result<Vec<HostEntry>, HostingFail> {
    allowed(by, Action::ManageHosts)?;
    let rows = app.store.hosts().await?;
    Ok(rows.into_iter().map(|r| open(app, r)).collect::<Result<_, _>>()?)
}

/// One entry (administrators).
pub async fn host(app: &App, by: &StaffRow, id: &str) -> Result<HostEntry, HostingFail> {
    allowed(by, Action::ManageHosts)?;
    let row = app.store.host(id).await?.ok_or(HostingFail::NotFound)?;
    Ok(open(app, row)?)
}

pub async fn add_host(app: &App, by: &StaffRow, form: &HostForm) -> Result<HostEntry, HostingFail> {
    allowed(by, Action::ManageHosts)?;
    let h = form.validate().map_err(HostingFail::Invalid)?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let now = now_ms();
    let row = row(app, &id, &h, now, now);
    app.store.insert_host(&row, &staff_event(by, "host-added", id.clone())).await.map_err(conflict)?;
    Ok(HostEntry { id, host: h, created_at: now, updated_at: now })
}

/// Replaces an entry with what `form` says (every field: an empty one clears it).
pub async fn change_host(app: &App, by: &StaffRow, id: &str, form: &HostForm) -> Result<HostEntry, HostingFail> {
    allowed(by, Action::ManageHosts)?;
    let before = app.store.host(id).await?.ok_or(HostingFail::NotFound)?;
    let h = form.validate().map_err(HostingFail::Invalid)?;
    let now = now_ms();
    let row = row(app, id, &h, before.created_at, now);
    app.store.update_host(&row, &staff_event(by, "host-changed", id.to_owned())).await.map_err(conflict)?;
    Ok(HostEntry { id: id.to_owned(), host: h, created_at: before.created_at, updated_at: now })
}

pub async fn remove_host(app: &App, by: &StaffRow, id: &str) -> Result<(), HostingFail> {
    allowed(by, Action::ManageHosts)?;
    app.store.delete_host(id, &staff_event(by, "host-removed", id.to_owned())).await.map_err(conflict)
}

/// The entry of the hosts table that located URL belongs to: the entry whose domain covers
/// its host (the longest one), else the one whose ranges hold most of its addresses
/// (`zeri_domain::hosting::best_match`). Called by the analyst's actions, which are
/// authorised themselves; the entry comes with its contacts opened (to send a notice).
pub async fn host_for(app: &App, facts: &HostingFacts) -> Result<Option<HostEntry>, StoreError> {
    let rows = app.store.hosts().await?;
    let candidates: Vec<(HostRow, Vec<IpNet>)> = rows
        .into_iter()
        .map(|r| {
            let ranges = parse_ranges(&r.ranges);
            (r, ranges)
        })
        .collect();
    let addresses: Vec<std::net::IpAddr> = facts.addresses.iter().map(|(a, _)| *a).collect();
    let found =
        best_match(&candidates, |(r, ranges)| (r.domains.as_slice(), ranges.as_slice()), &facts.host, &addresses);
    found.map(|(r, _)| open(app, r.clone())).transpose()
}

/// The entry with this id, its contacts opened, for the analyst's take-down steps (which
/// are authorised themselves, as for [`host_for`]); `None` once it was removed.
pub async fn host_by_id(app: &App, id: &str) -> Result<Option<HostEntry>, StoreError> {
    app.store.host(id).await?.map(|r| open(app, r)).transpose()
}
