//! One storage story, run unchanged against every backend.
//!
//! SQLite always runs. PostgreSQL runs when `ZERI_TEST_POSTGRES_URL` names a server
//! (an admin URL such as `postgres://postgres@127.0.0.1:55432/postgres`); each run creates
//! its own database. Under CI (`CI=true`) a missing PostgreSQL fails the test instead of
//! skipping it.
//!
//! The story's chapters are the modules here, one area of the store each; [`story`] runs
//! them in turn on one database, so what a chapter writes stays in the audit chain that is
//! verified at the end. `setup` holds what every chapter shares.

use std::sync::Arc;

use zeri_crypto::{Keyring, MasterKey};
use zeri_storage::*;

mod audit;
mod batch;
mod case_keys;
mod casework;
mod chats;
mod directory;
mod evidence;
mod exposure;
mod hosts;
mod hotline;
mod intake;
mod sessions;
mod setup;
mod sharing;
mod statistics;
mod surveys;

use setup::{fresh_postgres, keys, sqlite};

async fn story(store: Arc<dyn Store>, keys: Arc<Keyring>) {
    store.ping().await.unwrap();
    intake::reports(&*store).await;
    casework::casework(&*store).await;
    directory::directory(&*store).await;
    evidence::evidence(&*store).await;
    surveys::surveys(&*store).await;
    statistics::dp_releases(store.clone()).await;
    chats::chats(&*store).await;
    hotline::hotline(&*store).await;
    sharing::hash_sharing(store.clone()).await;
    assert_eq!(verify_chain(&*store, &keys).await.unwrap(), Ok(store.audit_head().await.unwrap().seq));
    // Another master key cannot vouch for this chain.
    let other = Keyring::new(MasterKey::generate());
    assert_eq!(verify_chain(&*store, &other).await.unwrap().unwrap_err().seq, 1);
    sessions::sessions(&*store).await;
    intake::group_commit(store).await;
}

#[tokio::test]
async fn sqlite_story() {
    let (_dir, url) = sqlite();
    let keys = keys();
    let store = connect(&url, keys.clone()).await.unwrap();
    assert_eq!(store.backend(), "sqlite");
    story(store, keys.clone()).await;
    audit::tampering(&url, keys).await;
}

#[tokio::test]
async fn postgres_story() {
    let Some(url) = fresh_postgres().await else { return };
    let keys = keys();
    let store = connect(&url, keys.clone()).await.unwrap();
    assert_eq!(store.backend(), "postgres");
    story(store, keys.clone()).await;
    audit::tampering(&url, keys).await;
}

/// A database made by the first schema, with events, is chained once, by an explicit step.
#[tokio::test]
async fn legacy_events_are_chained_once() {
    audit::legacy_events_are_chained_once().await;
}

#[tokio::test]
async fn sqlite_case_keys() {
    let (dir, url) = sqlite();
    let keys = keys();
    let store = connect(&url, keys.clone()).await.unwrap();
    case_keys::case_keys_and_retention(&*store, &keys).await;
    case_keys::an_erased_key_leaves_no_copy_in_the_files(&*store, dir.path()).await;
}

#[tokio::test]
async fn postgres_case_keys() {
    let Some(url) = fresh_postgres().await else { return };
    let keys = keys();
    let store = connect(&url, keys.clone()).await.unwrap();
    case_keys::case_keys_and_retention(&*store, &keys).await;
}

#[tokio::test]
async fn sqlite_hosts() {
    let (_dir, url) = sqlite();
    let keys = keys();
    let store = connect(&url, keys.clone()).await.unwrap();
    hosts::hosts(store.as_ref(), &keys).await;
}

#[tokio::test]
async fn postgres_hosts() {
    let Some(url) = fresh_postgres().await else { return };
    let keys = keys();
    let store = connect(&url, keys.clone()).await.unwrap();
    hosts::hosts(store.as_ref(), &keys).await;
}

#[tokio::test]
async fn sqlite_exposure() {
    let (_dir, url) = sqlite();
    let keys = keys();
    let store = connect(&url, keys.clone()).await.unwrap();
    exposure::exposure(&*store, &keys).await;
}

#[tokio::test]
async fn postgres_exposure() {
    let Some(url) = fresh_postgres().await else { return };
    let keys = keys();
    let store = connect(&url, keys.clone()).await.unwrap();
    exposure::exposure(&*store, &keys).await;
}
