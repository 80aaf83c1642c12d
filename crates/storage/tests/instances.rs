//! Several instances on one database: job leases (compare-and-set on both backends), the
//! key ids instances report, and the signal bus between two stores on one PostgreSQL
//! database (and its reconnection). SQLite always; PostgreSQL when `ZERI_TEST_POSTGRES_URL`
//! is set (required under CI).

use std::sync::Arc;
use std::time::{Duration, Instant};

use zeri_crypto::{Keyring, MasterKey};
use zeri_storage::bus::Signal;
use zeri_storage::leases::job;
use zeri_storage::{Author, Store};

async fn fresh_postgres() -> Option<String> {
    let Ok(admin) = std::env::var("ZERI_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").is_err(), "CI must run the PostgreSQL tests: set ZERI_TEST_POSTGRES_URL");
        eprintln!("ZERI_TEST_POSTGRES_URL not set: PostgreSQL tests not run");
        return None;
    };
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    let name = format!("zeri_instances_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    Some(format!("{base}/{name}"))
}

fn keys() -> Arc<Keyring> {
    Arc::new(Keyring::new(MasterKey::generate()))
}

/// One holder at a time, renewed by its holder, taken over only once expired, dropped only
/// by its holder; many instances racing for a free lease: exactly one gets it.
async fn lease_story(store: Arc<dyn Store>) {
    let now = 1_000_000;
    assert!(store.take_lease(job::MAIL, "a", now, 1000).await.unwrap());
    assert!(!store.take_lease(job::MAIL, "b", now + 10, 1000).await.unwrap(), "held by a");
    assert!(store.take_lease(job::RETENTION, "b", now + 10, 1000).await.unwrap(), "each job its own lease");
    assert!(store.take_lease(job::MAIL, "a", now + 900, 1000).await.unwrap(), "renewed by its holder");
    assert!(!store.take_lease(job::MAIL, "b", now + 1500, 1000).await.unwrap(), "the renewal counts");
    assert_eq!(store.lease_holder(job::MAIL, now + 1500).await.unwrap().as_deref(), Some("a"));
    assert!(store.take_lease(job::MAIL, "b", now + 1901, 1000).await.unwrap(), "expired: taken over");
    assert!(!store.take_lease(job::MAIL, "a", now + 1902, 1000).await.unwrap(), "a lost it");
    store.drop_lease(job::MAIL, "a").await.unwrap();
    assert_eq!(store.lease_holder(job::MAIL, now + 1903).await.unwrap().as_deref(), Some("b"), "not a's to drop");
    store.drop_lease(job::MAIL, "b").await.unwrap();
    assert_eq!(store.lease_holder(job::MAIL, now + 1903).await.unwrap(), None);

    let racers: Vec<_> = (0..16)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move { store.take_lease(job::PURGE, &format!("i{i}"), now, 60_000).await.unwrap() })
        })
        .collect();
    let mut won = 0;
    for r in racers {
        won += usize::from(r.await.unwrap());
    }
    assert_eq!(won, 1, "exactly one instance holds a job");

    // Key ids reported by instances (ids only), the stale ones left out.
    store.report_key("i1", "k-old", now).await.unwrap();
    store.report_key("i2", "k-old", now).await.unwrap();
    store.report_key("i1", "k-new", now + 5).await.unwrap();
    assert_eq!(
        store.instance_keys(now).await.unwrap(),
        [("i1".to_owned(), "k-new".to_owned()), ("i2".to_owned(), "k-old".to_owned())]
    );
    assert_eq!(store.instance_keys(now + 1).await.unwrap(), [("i1".to_owned(), "k-new".to_owned())]);
}

#[tokio::test]
async fn leases_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("zeri.db").display());
    let store = zeri_storage::connect(&url, keys()).await.unwrap();
    assert!(!store.bus().shared(), "SQLite: one instance, signals in process");
    lease_story(store).await;
}

#[tokio::test]
async fn leases_postgres() {
    let Some(url) = fresh_postgres().await else { return };
    let store = zeri_storage::connect(&url, keys()).await.unwrap();
    assert!(store.bus().shared());
    lease_story(store).await;
}

/// Waits for the `Resync` a reconnection sends, with nothing else before it.
async fn resync(rx: &mut tokio::sync::broadcast::Receiver<Signal>) {
    let got = tokio::time::timeout(Duration::from_secs(10), rx.recv()).await.expect("a resync after reconnecting");
    assert_eq!(got.unwrap(), Signal::Resync);
}

async fn next(rx: &mut tokio::sync::broadcast::Receiver<Signal>) -> Signal {
    tokio::time::timeout(Duration::from_secs(1), rx.recv()).await.expect("a signal within a second").unwrap()
}

/// Two stores on one PostgreSQL database are two instances: what one publishes reaches the
/// other within a second, and the publisher once (in process, not again from the database);
/// a lost listening connection is opened again and says so (`Resync`), and signals flow on.
#[tokio::test]
async fn signals_cross_instances_on_postgres_and_survive_a_lost_connection() {
    let Some(url) = fresh_postgres().await else { return };
    let a = zeri_storage::connect(&url, keys()).await.unwrap();
    let b = zeri_storage::connect(&url, keys()).await.unwrap();
    assert_ne!(a.bus().instance(), b.bus().instance());
    let mut at_a = a.bus().subscribe();
    let mut at_b = b.bus().subscribe();
    // Listening starts with the first subscription: wait until B's connection listens.
    let admin = sqlx::PgPool::connect(&url).await.unwrap();
    let listening = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'";
    let deadline = Instant::now() + Duration::from_secs(5);
    while sqlx::query_scalar::<_, i32>(listening).fetch_all(&admin).await.unwrap().len() < 2 {
        assert!(Instant::now() < deadline, "both instances listen");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let started = Instant::now();
    a.bus().publish(Signal::Typing { report: "r-1".into(), author: Author::Survivor });
    assert_eq!(next(&mut at_b).await, Signal::Typing { report: "r-1".into(), author: Author::Survivor });
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(next(&mut at_a).await, Signal::Typing { report: "r-1".into(), author: Author::Survivor });
    b.bus().publish(Signal::Evidence { id: "e-1".into() });
    assert_eq!(next(&mut at_a).await, Signal::Evidence { id: "e-1".into() });
    assert_eq!(next(&mut at_b).await, Signal::Evidence { id: "e-1".into() });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(at_a.try_recv().is_err() && at_b.try_recv().is_err(), "each signal once");
    // Nothing but kinds and ids ever reaches the database: a payload with anything else is
    // not sent.
    a.bus().publish(Signal::Chat { report: "Drita Hoxha, Kukës".into() });

    // The database ends every listening connection (a restart, a failover, an idle cut).
    sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'")
        .execute(&admin)
        .await
        .unwrap();
    tokio::join!(resync(&mut at_a), resync(&mut at_b));
    a.bus().publish(Signal::Directory);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    loop {
        match tokio::time::timeout_at(deadline, at_b.recv()).await.expect("signals flow again").unwrap() {
            Signal::Directory => break,
            Signal::Resync => continue,
            other => panic!("{other:?}"),
        }
    }
}
