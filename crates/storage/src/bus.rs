//! The signal bus: what one instance tells the others so they agree without restarting (a
//! chat message or typing mark, evidence inspected, the directory, hash lists or keys
//! changed, e-mail or inspection waiting, a case erased).
//!
//! A signal carries a kind and at most one id (of a report or a piece of evidence): never
//! personal data, since PostgreSQL's `NOTIFY` payloads can be seen by database
//! administrators and in its logs. Whoever receives one reads what changed from the
//! database. On PostgreSQL signals travel by `LISTEN/NOTIFY` on one channel; on SQLite
//! (one instance by design) they stay in the process. Either way the instance that sends a
//! signal gets it at once, in process, and ignores its own copy coming back.
//!
//! A lost listener connection is opened again; signals sent meanwhile are lost, so after
//! every reconnection subscribers get [`Signal::Resync`]: read everything again.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use sqlx::postgres::{PgListener, PgPool};
use tokio::sync::{broadcast, mpsc, watch};

use crate::model::Author;

/// The PostgreSQL channel every instance listens on.
pub const CHANNEL: &str = "zeri_signals";

/// What happened, and to what. Ids are the random ids of rows, checked on the way in and out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// Something new in a report's chat (a message, a mark, its state): look again.
    Chat { report: String },
    /// That side is typing in the report's chat.
    Typing { report: String, author: Author },
    /// A piece of evidence was inspected and its hashes stored: add them to the matcher.
    Evidence { id: String },
    /// Hash lists were imported: add their entries to the matcher.
    HashLists,
    /// The directory of services changed: reload it.
    Directory,
    /// A notification waits to be e-mailed.
    Mail,
    /// Evidence waits to be inspected.
    Inspect,
    /// The master key was rotated: read the key file again.
    Keys,
    /// A case was erased (by the retention pass or at the child's request): forget what is
    /// kept of it outside the database (its evidence in the matcher, its case key beside the
    /// key file, its chat streams).
    Erased { report: String },
    /// Signals may have been lost (the listener reconnected): read everything again.
    Resync,
}

impl Signal {
    fn encode(&self) -> String {
        match self {
            Signal::Chat { report } => format!("chat:{report}"),
            Signal::Typing { report, author } => format!("typing-{}:{report}", author.as_str()),
            Signal::Evidence { id } => format!("evidence:{id}"),
            Signal::HashLists => "hash-lists".into(),
            Signal::Directory => "directory".into(),
            Signal::Mail => "mail".into(),
            Signal::Inspect => "inspect".into(),
            Signal::Keys => "keys".into(),
            Signal::Erased { report } => format!("erased:{report}"),
            Signal::Resync => "resync".into(),
        }
    }

    /// The signal a payload names; `None` for anything else (nothing else is ever acted on).
    fn decode(text: &str) -> Option<Signal> {
        let (kind, id) = match text.split_once(':') {
            Some((k, id)) if valid_id(id) => (k, Some(id.to_owned())),
            Some(_) => return None,
            None => (text, None),
        };
        Some(match (kind, id) {
            ("chat", Some(report)) => Signal::Chat { report },
            ("typing-survivor", Some(report)) => Signal::Typing { report, author: Author::Survivor },
            ("typing-staff", Some(report)) => Signal::Typing { report, author: Author::Staff },
            ("evidence", Some(id)) => Signal::Evidence { id },
            ("hash-lists", None) => Signal::HashLists,
            ("directory", None) => Signal::Directory,
            ("mail", None) => Signal::Mail,
            ("inspect", None) => Signal::Inspect,
            ("keys", None) => Signal::Keys,
            ("erased", Some(report)) => Signal::Erased { report },
            _ => return None,
        })
    }

    /// Whether what it carries may travel: an id of at most 64 letters, digits and dashes.
    fn travels(&self) -> bool {
        match self {
            Signal::Chat { report } | Signal::Typing { report, .. } | Signal::Erased { report } => valid_id(report),
            Signal::Evidence { id } => valid_id(id),
            Signal::Resync => false,
            _ => true,
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The bus of one store: cheap to clone, shared by everything of one instance.
#[derive(Clone)]
pub struct Bus {
    inner: Arc<Inner>,
}

struct Inner {
    /// This instance (random at every start): its own signals coming back are ignored.
    origin: String,
    local: broadcast::Sender<Signal>,
    /// PostgreSQL only: the pool to listen with and the queue of signals to send.
    pg: Option<(PgPool, mpsc::UnboundedSender<String>)>,
    listening: OnceLock<()>,
    /// Dropped with the bus: stops the listener and the sender.
    _alive: watch::Sender<()>,
    alive: watch::Receiver<()>,
}

impl Bus {
    /// Signals within this process only (SQLite: one instance).
    pub fn local() -> Self {
        Self::build(None)
    }

    /// Signals through PostgreSQL's `LISTEN/NOTIFY` on [`CHANNEL`].
    pub(crate) fn postgres(pool: PgPool) -> Self {
        Self::build(Some(pool))
    }

    fn build(pool: Option<PgPool>) -> Self {
        let (alive_tx, alive) = watch::channel(());
        let origin = uuid::Uuid::new_v4().simple().to_string()[..16].to_owned();
        let pg = pool.map(|pool| {
            let (tx, rx) = mpsc::unbounded_channel();
            tokio::spawn(send_loop(pool.clone(), rx, alive.clone()));
            (pool, tx)
        });
        Bus {
            inner: Arc::new(Inner {
                origin,
                local: broadcast::channel(4096).0,
                pg,
                listening: OnceLock::new(),
                _alive: alive_tx,
                alive,
            }),
        }
    }

    /// This instance's id on the bus (random at every start; names lease holders too).
    pub fn instance(&self) -> &str {
        &self.inner.origin
    }

    /// Whether signals reach other instances (PostgreSQL).
    pub fn shared(&self) -> bool {
        self.inner.pg.is_some()
    }

    /// Every signal from now on, from this instance and (PostgreSQL) every other. The
    /// first subscription starts listening.
    pub fn subscribe(&self) -> broadcast::Receiver<Signal> {
        let rx = self.inner.local.subscribe();
        if let Some((pool, _)) = &self.inner.pg {
            self.inner.listening.get_or_init(|| {
                tokio::spawn(listen_loop(
                    pool.clone(),
                    self.inner.origin.clone(),
                    self.inner.local.clone(),
                    self.inner.alive.clone(),
                ));
            });
        }
        rx
    }

    /// Tells this instance at once and every other one within moments. Never waits.
    pub fn publish(&self, signal: Signal) {
        if !signal.travels() {
            tracing::error!("a signal with an id that may not travel was not sent");
            return;
        }
        if let Some((_, tx)) = &self.inner.pg {
            let _ = tx.send(format!("{} {}", self.inner.origin, signal.encode()));
        }
        let _ = self.inner.local.send(signal);
    }

    /// Tells every other instance only (PostgreSQL; nothing on SQLite, one instance): for a
    /// change this instance has acted on already, before answering (an erasure, whose traces
    /// must be gone here by the time the caller hears it is done). Never waits.
    pub fn tell_others(&self, signal: Signal) {
        if !signal.travels() {
            tracing::error!("a signal with an id that may not travel was not sent");
            return;
        }
        if let Some((_, tx)) = &self.inner.pg {
            let _ = tx.send(format!("{} {}", self.inner.origin, signal.encode()));
        }
    }

    /// [`Bus::publish`], waiting until the database has taken the signal (for a command
    /// that exits straight after).
    pub async fn publish_now(&self, signal: Signal) -> crate::Result<()> {
        if !signal.travels() {
            return Err(crate::StoreError::Corrupt("a signal with an id that may not travel".into()));
        }
        if let Some((pool, _)) = &self.inner.pg {
            notify(pool, &format!("{} {}", self.inner.origin, signal.encode())).await?;
        }
        let _ = self.inner.local.send(signal);
        Ok(())
    }
}

async fn notify(pool: &PgPool, payload: &str) -> crate::Result<()> {
    sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(pool).await?;
    Ok(())
}

/// Sends the queued signals in order; one that fails is dropped (the others poll anyway).
async fn send_loop(pool: PgPool, mut rx: mpsc::UnboundedReceiver<String>, mut alive: watch::Receiver<()>) {
    loop {
        let payload = tokio::select! {
            p = rx.recv() => match p { Some(p) => p, None => return },
            _ = alive.changed() => return,
        };
        if let Err(e) = notify(&pool, &payload).await {
            tracing::warn!(error = %e, "a signal to the other instances was not sent");
        }
    }
}

/// Listens on [`CHANNEL`] while the bus lives; opens the connection again when it is lost,
/// then tells subscribers to read everything again.
async fn listen_loop(pool: PgPool, origin: String, local: broadcast::Sender<Signal>, mut alive: watch::Receiver<()>) {
    let mut first = true;
    loop {
        let connected = async {
            let mut l = PgListener::connect_with(&pool).await?;
            l.listen(CHANNEL).await?;
            Ok::<_, sqlx::Error>(l)
        };
        let mut listener = tokio::select! {
            l = connected => match l {
                Ok(l) => l,
                Err(e) => {
                    tracing::warn!(error = %e, "signals: listening failed; trying again");
                    tokio::select! {
                        _ = tokio::time::sleep(Duration::from_secs(1)) => continue,
                        _ = alive.changed() => return,
                    }
                }
            },
            _ = alive.changed() => return,
        };
        if !first {
            tracing::info!("signals: listening again; every instance state is read again");
            let _ = local.send(Signal::Resync);
        }
        first = false;
        loop {
            let next = tokio::select! {
                n = listener.try_recv() => n,
                _ = alive.changed() => return,
            };
            match next {
                Ok(Some(n)) => {
                    let Some((from, text)) = n.payload().split_once(' ') else { continue };
                    if from == origin {
                        continue;
                    }
                    if let Some(signal) = Signal::decode(text) {
                        let _ = local.send(signal);
                    }
                }
                // The connection was lost: signals may have been missed.
                Ok(None) | Err(_) => {
                    tracing::warn!("signals: the listening connection was lost; reconnecting");
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_carry_kinds_and_ids_only() {
        let all = [
            Signal::Chat { report: "a1b2".into() },
            Signal::Typing { report: "a1b2".into(), author: Author::Survivor },
            Signal::Typing { report: "a1b2".into(), author: Author::Staff },
            Signal::Evidence { id: "e-1".into() },
            Signal::HashLists,
            Signal::Directory,
            Signal::Mail,
            Signal::Inspect,
            Signal::Keys,
            Signal::Erased { report: "a1b2".into() },
        ];
        for s in all {
            assert_eq!(Signal::decode(&s.encode()), Some(s));
        }
        // Nothing but an id passes, either way.
        assert!(!Signal::Chat { report: "Drita Hoxha".into() }.travels());
        assert!(!Signal::Evidence { id: "x".repeat(65) }.travels());
        assert!(!Signal::Erased { report: "Drita Hoxha".into() }.travels());
        assert_eq!(Signal::decode("erased"), None, "an erasure names its case");
        assert_eq!(Signal::decode("chat:Drita Hoxha"), None);
        assert_eq!(Signal::decode("resync"), None, "only a reconnection resyncs");
        assert_eq!(Signal::decode("evidence"), None);
        assert_eq!(Signal::decode("mail:123"), None);
    }

    #[tokio::test]
    async fn the_local_bus_reaches_every_subscriber_of_the_process() {
        let bus = Bus::local();
        assert!(!bus.shared());
        let mut a = bus.subscribe();
        let mut b = bus.clone().subscribe();
        bus.publish(Signal::Chat { report: "r1".into() });
        bus.publish(Signal::Chat { report: "not an id!".into() });
        // Told to the others only: this process has acted on it already.
        bus.tell_others(Signal::Erased { report: "r1".into() });
        bus.publish(Signal::Keys);
        for rx in [&mut a, &mut b] {
            assert_eq!(rx.recv().await.unwrap(), Signal::Chat { report: "r1".into() });
            assert_eq!(rx.recv().await.unwrap(), Signal::Keys);
            assert!(rx.try_recv().is_err());
        }
    }
}
