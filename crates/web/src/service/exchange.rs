//! Partner hotlines (INHOPE's hand-over): an item assessed illegal and hosted abroad goes to
//! the hotline of the hosting country as a `zeri-exchange/1` document
//! (`zeri_domain::exchange`, `docs/EXCHANGE.md`); what partners send us enters the queue as
//! an item of source `partner`. No axum, no maud.
//!
//! - Administrators register partners (`ManageHosts`: the same people who keep the hosts
//!   table): name, country, endpoint, the key we send with (sealed under the master key),
//!   and a key for them to send to us, shown once and kept only as a keyed digest.
//! - Analysts forward (`ItemAction::AssessItem`): the document is built from the item
//!   (never anything about who reported it: the format has no field for it), posted to the
//!   partner with `Authorization: Bearer`, and the attempt recorded with its outcome in one
//!   transaction with its audit entry; only an answered one sets `forwarded_to`. A failed
//!   one can be tried again.
//! - A partner's document is checked whole before anything is stored; the same reference
//!   twice is one item.

use std::time::Duration;

use crate::now_ms;
use crate::service::case::{invalid, new_id, Fail};
use crate::service::hosting::HostingFail;
use crate::service::hotline::{item_by_hash, permitted, url_digest};
use crate::service::receipts::ClientId;
use crate::App;
use zeri_domain::exchange::{self, format_time, is_country, Document, ExchangeError, Hosting, FORMAT};
use zeri_domain::hotline::{normalise_url, Source};
use zeri_domain::permission::ItemAction;
use zeri_domain::{authorize, Action, FieldError, FieldErrors, Relation};
use zeri_storage::{
    ContentItemRow, ForwardOutcome, ForwardRow, LinkOutcome, NewContentReport, NewEvent, NewLink, PartnerRow,
    ReceivedRow, StaffRow, StoreError, ALREADY_RECEIVED, PARTNER_NAME_TAKEN,
};

/// The country this hotline works in: items hosted here get a notice, not a hand-over.
pub const HOME: &str = "AL";
/// The path a partner's Zëri receives documents on (after its endpoint).
pub const RECEIVE_PATH: &str = "/api/v1/exchange/items";
/// How long a partner may take to answer a forward.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(15);

/// Why an exchange request was not done.
pub enum ExchangeFail {
    /// The usual answers (not found, forbidden, invalid, conflict, internal).
    Fail(Fail),
    /// A partner's document that is not `zeri-exchange/1` or has wrong values.
    Document(ExchangeError),
    /// The partner did not take the item (a code: `http-401`, `unreachable`, …); recorded.
    SendFailed(String),
    /// Locating the item's host failed.
    Hosting(HostingFail),
}

impl From<Fail> for ExchangeFail {
    fn from(f: Fail) -> Self {
        ExchangeFail::Fail(f)
    }
}

impl From<StoreError> for ExchangeFail {
    fn from(e: StoreError) -> Self {
        ExchangeFail::Fail(e.into())
    }
}

fn staff_event(user: &StaffRow, action: &'static str, detail: String) -> NewEvent {
    NewEvent {
        at: now_ms(),
        staff_id: Some(user.id.clone()),
        role: Some(user.role),
        org_id: user.org_id.clone(),
        action,
        detail: Some(detail),
        ..NewEvent::default()
    }
}

// ----- partners -----

fn manage(user: &StaffRow) -> Result<(), Fail> {
    if authorize(user.role, Relation::None, false, Action::ManageHosts).allowed() {
        Ok(())
    } else {
        Err(Fail::Forbidden)
    }
}

/// A partner as administrators enter it.
#[derive(Debug, Clone, Default)]
pub struct PartnerForm {
    pub name: Option<String>,
    pub country: Option<String>,
    pub endpoint: Option<String>,
    /// The key the partner gave us to send to them with.
    pub key: Option<String>,
}

/// A checked partner form: (name, country, endpoint, key).
pub struct CheckedPartner {
    pub name: String,
    pub country: String,
    pub endpoint: String,
    pub key: String,
}

/// An endpoint as administrators may set it: `http` or `https` only (anything else is
/// refused, never followed), a host, no query, no fragment, no user; without a trailing `/`.
pub fn check_endpoint(input: &str) -> Result<String, &'static str> {
    let u = url::Url::parse(input.trim()).map_err(|_| "exchange-endpoint-not-url")?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err("exchange-endpoint-not-http");
    }
    if u.host_str().is_none_or(str::is_empty)
        || u.query().is_some()
        || u.fragment().is_some()
        || !u.username().is_empty()
        || u.password().is_some()
    {
        return Err("exchange-endpoint-not-url");
    }
    Ok(u.as_str().trim_end_matches('/').to_owned())
}

impl PartnerForm {
    pub const FIELDS: &'static [&'static str] = &["name", "country", "endpoint", "key"];

    pub fn validate(&self) -> Result<CheckedPartner, FieldErrors> {
        let mut e = FieldErrors::new();
        let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or("").to_owned();
        let name = text(&self.name);
        if name.chars().count() < 2 || name.chars().count() > 100 {
            e.insert("name", FieldError::new("exchange-partner-name"));
        }
        let country = text(&self.country).to_ascii_uppercase();
        if !is_country(&country) {
            e.insert("country", FieldError::new("exchange-not-a-country"));
        }
        let endpoint = check_endpoint(&text(&self.endpoint)).unwrap_or_else(|code| {
            e.insert("endpoint", FieldError::new(code));
            String::new()
        });
        let key = text(&self.key);
        if key.len() < 20 || key.len() > 128 || !key.bytes().all(|b| b.is_ascii_graphic()) {
            e.insert("key", FieldError::new("exchange-partner-key"));
        }
        if e.is_empty() {
            Ok(CheckedPartner { name, country, endpoint, key })
        } else {
            Err(e)
        }
    }
}

fn key_digest(app: &App, key: &str) -> [u8; 32] {
    app.keys.lookup_digest("partner-key", key.as_bytes())
}

/// Every partner (administrators).
pub async fn partners(app: &App, user: &StaffRow) -> Result<Vec<PartnerRow>, Fail> {
    manage(user)?;
    Ok(app.store.partners().await?)
}

/// Registers a partner; returns it with the key it is to send to us with, to be shown once
/// (only a keyed digest is kept). Audited `partner-added`.
pub async fn add_partner(app: &App, user: &StaffRow, form: &PartnerForm) -> Result<(PartnerRow, String), Fail> {
    manage(user)?;
    let p = form.validate().map_err(Fail::Invalid)?;
    let id = new_id();
    let incoming = zeri_crypto::new_token();
    let context = zeri_storage::context::exchange_partner_key(&id);
    let row = PartnerRow {
        key_sealed: app.keys.seal(p.key.as_bytes(), context.as_bytes()),
        incoming_digest: key_digest(app, &incoming),
        id: id.clone(),
        name: p.name,
        country: p.country,
        endpoint: p.endpoint,
        created_at: now_ms(),
        created_by: Some(user.id.clone()),
        revoked_at: None,
    };
    match app.store.insert_partner(&row, &staff_event(user, "partner-added", id)).await {
        Ok(()) => Ok((row, incoming)),
        Err(StoreError::Conflict { constraint }) if constraint == PARTNER_NAME_TAKEN => {
            Err(invalid("name", "exchange-partner-name-taken"))
        }
        Err(e) => Err(e.into()),
    }
}

/// Revokes a partner: its key to us is refused at once and nothing more is sent to it.
pub async fn revoke_partner(app: &App, user: &StaffRow, id: &str) -> Result<(), Fail> {
    manage(user)?;
    match app.store.revoke_partner(id, &staff_event(user, "partner-revoked", id.to_owned())).await {
        Ok(()) => Ok(()),
        Err(StoreError::NotFound) => Err(Fail::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// Who a partner request comes from: the same answer for no key, a wrong one and a revoked
/// one; guessing is limited per client as platform tokens are.
pub type PartnerCheck = crate::service::receipts::BearerCheck<PartnerRow>;

pub async fn check_partner(app: &App, client: ClientId, key: Option<&str>) -> Result<PartnerCheck, StoreError> {
    let cfg = app.config.throttle;
    let (now, window) = (now_ms(), cfg.window_ms());
    let bucket = app.keys.lookup_digest("throttle-partner", &client.0);
    if app.store.throttle_hit(&bucket, now, window).await? > cfg.login_per_client {
        return Ok(PartnerCheck::Throttled { retry_after: cfg.retry_after(now) });
    }
    let found = match key {
        Some(k) => app.store.partner_by_key(&key_digest(app, k)).await?,
        None => None,
    };
    match found {
        Some(p) => {
            app.store.throttle_release(&bucket, now, window).await?;
            Ok(PartnerCheck::Found(p))
        }
        None => {
            tracing::info!("partner key refused");
            Ok(PartnerCheck::Refused)
        }
    }
}

// ----- documents -----

/// The item's URLs, opened (the item's own first).
async fn item_urls(app: &App, item_id: &str) -> Result<Vec<String>, Fail> {
    let mut urls = Vec::new();
    for u in app.store.content_urls(item_id).await? {
        let context = zeri_storage::context::content_url(&u.url_digest);
        let plain = app.keys.open(&u.url_sealed, context.as_bytes()).map_err(|e| Fail::Internal(e.to_string()))?;
        urls.push(String::from_utf8_lossy(&plain).into_owned());
    }
    Ok(urls)
}

/// Where the item is hosted: the item's own facts when another part of Zëri located it,
/// else the facts of its latest forward (`reuse`), else a lookup now (audited by itself).
async fn hosting_of(
    app: &App,
    user: &StaffRow,
    item: &ContentItemRow,
    url: &str,
    reuse: bool,
) -> Result<Hosting, ExchangeFail> {
    let host = normalise_url(url).ok().map(|u| u.host()).filter(|h| !h.is_empty());
    if let (Some(country), Some(at)) = (&item.hosting_country, item.hosting_checked_at) {
        return Ok(Hosting { country: country.clone(), addresses: Vec::new(), checked_at: format_time(at), host });
    }
    if reuse {
        if let Some(f) = app.store.forwards(&item.id).await?.pop() {
            let context = zeri_storage::context::exchange_forward(&f.id);
            let plain =
                app.keys.open(&f.facts_sealed, context.as_bytes()).map_err(|e| Fail::Internal(e.to_string()))?;
            return serde_json::from_slice(&plain).map_err(|e| Fail::Internal(e.to_string()).into());
        }
    }
    let facts = crate::service::hosting::lookup(app, user, url).await.map_err(ExchangeFail::Hosting)?;
    let country = facts.country.clone().ok_or(Fail::Conflict("exchange-country-unknown"))?;
    Ok(Hosting {
        country,
        addresses: facts
            .addresses
            .iter()
            .map(|(a, c)| exchange::Address { address: a.to_string(), country: c.clone() })
            .collect(),
        checked_at: format_time(facts.checked_at),
        host: Some(facts.host),
    })
}

/// The document of an item assessed illegal (baseline or national), for the user's hotline.
async fn document(app: &App, user: &StaffRow, item: &ContentItemRow, reuse: bool) -> Result<Document, ExchangeFail> {
    let c = item.classification.filter(|c| c.verdict.illegal()).ok_or(Fail::Conflict("exchange-not-illegal"))?;
    let urls = item_urls(app, &item.id).await?;
    let first = urls.first().cloned().ok_or_else(|| Fail::Internal("an item without a URL".into()))?;
    let hosting = hosting_of(app, user, item, &first, reuse).await?;
    let sender = match &user.org_id {
        Some(id) => app.store.organisation(id).await?.map(|o| o.name),
        None => None,
    };
    Ok(Document {
        format: FORMAT.into(),
        sent_at: format_time(now_ms()),
        sender: exchange::Sender { name: sender.unwrap_or_else(|| "Zëri".into()), country: HOME.into() },
        item: exchange::Item {
            reference: item.id.clone(),
            urls,
            first_reported_at: format_time(item.created_at),
            times_reported: item.times_reported.max(1) as u64,
        },
        classification: exchange::SentClassification {
            verdict: c.verdict,
            content_type: c.content_type,
            age_group: c.age_group,
            site_type: c.site_type,
            other_harm: c.other_harm,
            assessed_at: format_time(item.assessed_at.unwrap_or(item.created_at)),
        },
        hosting,
        hashes: app
            .store
            .item_hashes(&item.id)
            .await?
            .into_iter()
            .map(|h| exchange::Hash { kind: h.kind, value: h.value })
            .collect(),
    })
}

// ----- forwarding -----

/// What the partner answered.
#[derive(serde::Deserialize)]
struct Answer {
    reference: String,
}

/// Posts `doc` to the partner; their reference, or a failure code.
async fn send(app: &App, partner: &PartnerRow, doc: &Document) -> Result<String, String> {
    let context = zeri_storage::context::exchange_partner_key(&partner.id);
    let key = app.keys.open(&partner.key_sealed, context.as_bytes()).map_err(|_| "key-unreadable".to_owned())?;
    let key = String::from_utf8_lossy(&key).into_owned();
    // Only the administrators' endpoint, checked again: never a non-http(s) address, never
    // a redirect elsewhere.
    let base = check_endpoint(&partner.endpoint).map_err(|c| c.to_owned())?;
    let client = reqwest::Client::builder()
        .timeout(SEND_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|_| "client".to_owned())?;
    let body = serde_json::to_vec(doc).map_err(|_| "encode".to_owned())?;
    let res = client
        .post(format!("{base}{RECEIVE_PATH}"))
        .bearer_auth(key)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .map_err(|e| if e.is_timeout() { "timeout".to_owned() } else { "unreachable".to_owned() })?;
    let status = res.status();
    if !status.is_success() {
        return Err(format!("http-{}", status.as_u16()));
    }
    // A partner's answer is a reference in a few bytes: read at most 16 KiB of it.
    let mut res = res;
    let mut bytes = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|_| "unreadable-answer".to_owned())? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > 16 * 1024 {
            return Err("unreadable-answer".into());
        }
    }
    let answer: Answer = serde_json::from_slice(&bytes).map_err(|_| "unreadable-answer".to_owned())?;
    let ok = !answer.reference.is_empty()
        && answer.reference.len() <= 100
        && answer.reference.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b));
    if ok {
        Ok(answer.reference)
    } else {
        Err("unreadable-answer".into())
    }
}

/// Forwards an item to the partner hotline of the country it is hosted in. The attempt is
/// recorded with its outcome (audited `item-forwarded` or `item-forward-failed`, item id
/// first); `SendFailed` when the partner did not take it (try again later).
pub async fn forward(app: &App, user: &StaffRow, id: &str) -> Result<ForwardRow, ExchangeFail> {
    let item = permitted(app, user, id, ItemAction::AssessItem).await?;
    if item.forwarded_to.is_some() {
        return Err(Fail::Conflict("exchange-already-forwarded").into());
    }
    let doc = document(app, user, &item, false).await?;
    let country = doc.hosting.country.clone();
    if country == HOME {
        return Err(Fail::Conflict("exchange-hosted-here").into());
    }
    let partner = app.store.partner_for_country(&country).await?.ok_or(Fail::Conflict("exchange-no-partner"))?;
    let sent = send(app, &partner, &doc).await;
    let forward_id = new_id();
    let facts = serde_json::to_vec(&doc.hosting).map_err(|e| Fail::Internal(e.to_string()))?;
    let context = zeri_storage::context::exchange_forward(&forward_id);
    let row = ForwardRow {
        facts_sealed: app.keys.seal(&facts, context.as_bytes()),
        id: forward_id,
        item_id: item.id.clone(),
        partner_id: partner.id.clone(),
        at: now_ms(),
        staff_id: Some(user.id.clone()),
        outcome: if sent.is_ok() { ForwardOutcome::Sent } else { ForwardOutcome::Failed },
        their_ref: sent.as_ref().ok().cloned(),
        error: sent.as_ref().err().cloned(),
        country,
    };
    let (action, detail) = match &sent {
        Ok(_) => ("item-forwarded", format!("{} partner:{}", item.id, partner.id)),
        Err(code) => ("item-forward-failed", format!("{} partner:{} {code}", item.id, partner.id)),
    };
    app.store.record_forward(&row, &staff_event(user, action, detail)).await?;
    tracing::info!(outcome = row.outcome.as_str(), "item forwarded to a partner hotline");
    match sent {
        Ok(_) => Ok(row),
        Err(code) => Err(ExchangeFail::SendFailed(code)),
    }
}

/// What the item's page shows of the exchange: who sent it to us (with their
/// classification), and where it was forwarded.
pub struct ItemExchange {
    /// (partner's name, what they sent).
    pub received: Vec<(String, ReceivedRow)>,
    /// (partner's name, the attempt).
    pub forwards: Vec<(String, ForwardRow)>,
}

async fn partner_name(app: &App, id: &str) -> Result<String, StoreError> {
    Ok(app.store.partner(id).await?.map(|p| p.name).unwrap_or_default())
}

/// The exchange facts of an item already opened through `service::hotline::open_item`.
pub async fn item_exchange(app: &App, item_id: &str) -> Result<ItemExchange, StoreError> {
    let mut received = Vec::new();
    for r in app.store.received_for_item(item_id).await? {
        received.push((partner_name(app, &r.partner_id).await?, r));
    }
    let mut forwards = Vec::new();
    for f in app.store.forwards(item_id).await? {
        forwards.push((partner_name(app, &f.partner_id).await?, f));
    }
    Ok(ItemExchange { received, forwards })
}

/// The name of the partner that sent each of these items (the queue's mark), by item id.
pub async fn senders(app: &App, items: &[ContentItemRow]) -> Result<Vec<(String, String)>, StoreError> {
    let mut out = Vec::new();
    for i in items.iter().filter(|i| i.source == Source::Partner) {
        if let Some(r) = app.store.received_for_item(&i.id).await?.into_iter().next() {
            out.push((i.id.clone(), partner_name(app, &r.partner_id).await?));
        }
    }
    Ok(out)
}

// ----- export -----

/// The documents of one item (`Some`) or of every item waiting to be handed over, for a
/// hotline that runs something else; audited `item-exported` per item.
pub async fn export(app: &App, user: &StaffRow, id: Option<&str>) -> Result<Vec<Document>, ExchangeFail> {
    let ids = match id {
        Some(id) => vec![permitted(app, user, id, ItemAction::AssessItem).await?.id],
        None => {
            permitted_list(app, user).await?;
            app.store.forward_pending(HOME).await?
        }
    };
    let mut docs = Vec::new();
    for id in ids {
        let item = permitted(app, user, &id, ItemAction::AssessItem).await?;
        docs.push(document(app, user, &item, true).await?);
        app.store.record_event(&staff_event(user, "item-exported", id)).await?;
    }
    Ok(docs)
}

async fn permitted_list(app: &App, user: &StaffRow) -> Result<(), Fail> {
    if crate::service::hotline::works_on_items(app, user).await? {
        Ok(())
    } else {
        Err(Fail::NotFound)
    }
}

// ----- receiving -----

/// What became of a received document.
pub struct Taken {
    /// Our id of the item (the partner's reference for it).
    pub item_id: String,
    /// The item was there before (its URL or a hash was known).
    pub joined: bool,
    /// This partner sent this reference before: nothing new was stored.
    pub again: bool,
}

/// A partner's document: checked whole, then stored as a report of source `partner` that
/// makes or joins an item (the URL sealed as every reported URL), with the sender's
/// classification kept as theirs; audited. The same reference twice is one item.
pub async fn receive(app: &App, partner: &PartnerRow, body: &[u8]) -> Result<Taken, ExchangeFail> {
    let got = exchange::parse(body).map_err(ExchangeFail::Document)?;
    let reference = got.document.item.reference.clone();
    let again = |r: ReceivedRow| Taken { item_id: r.item_id, joined: true, again: true };
    if let Some(r) = app.store.received_by_ref(&partner.id, &reference).await? {
        return Ok(again(r));
    }
    let by_hash = item_by_hash(app, &got.hashes).await?;
    let links: Vec<NewLink> = got
        .urls
        .iter()
        .map(|url| {
            let digest = url_digest(app, url);
            let context = zeri_storage::context::content_url(&hex::encode(digest));
            NewLink {
                url_digest: digest,
                url_sealed: app.keys.seal(url.as_str().as_bytes(), context.as_bytes()),
                new_item_id: new_id(),
                by_hash: by_hash.clone(),
            }
        })
        .collect();
    let plain = serde_json::to_vec(&got.document).map_err(|e| Fail::Internal(e.to_string()))?;
    for _ in 0..4 {
        let at = now_ms();
        let received_id = new_id();
        let context = zeri_storage::context::exchange_received(&received_id);
        let report = NewContentReport {
            id: new_id(),
            created_at: at,
            source: Source::Partner,
            shows: None,
            receipt_digest: None,
            form: None,
            case_id: None,
            staff_id: None,
            links: links.clone(),
            hashes: got.hashes.clone(),
        };
        let row = ReceivedRow {
            id: received_id,
            partner_id: partner.id.clone(),
            sender_ref: reference.clone(),
            report_id: report.id.clone(),
            item_id: String::new(),
            received_at: at,
            classification: got.classification,
            hosting_country: got.document.hosting.country.clone(),
            sealed: app.keys.seal(&plain, context.as_bytes()),
        };
        let template = NewEvent { at, ..NewEvent::default() };
        match app.store.receive_item(&report, &row, &template).await {
            Ok(made) => {
                let LinkOutcome { item_id, joined } =
                    made.into_iter().next().ok_or_else(|| Fail::Internal("no link".into()))?;
                tracing::info!(joined, "item received from a partner hotline");
                return Ok(Taken { item_id, joined, again: false });
            }
            Err(StoreError::Conflict { constraint }) if constraint == ALREADY_RECEIVED => {
                if let Some(r) = app.store.received_by_ref(&partner.id, &reference).await? {
                    return Ok(again(r));
                }
            }
            Err(StoreError::Conflict { constraint }) if constraint == "content_urls" => {}
            Err(e) => return Err(e.into()),
        }
    }
    Err(Fail::Internal("a received item could not be stored after retries".into()).into())
}
