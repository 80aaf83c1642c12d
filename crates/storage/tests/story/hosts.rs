//! The hosts table.

use zeri_crypto::Keyring;
use zeri_domain::permission::Role;
use zeri_storage::*;

/// The hosts table: names unique whatever their case, each domain with one entry, every
/// change in the audit chain, a refused change leaving nothing behind.
pub async fn hosts(store: &dyn Store, keys: &Keyring) {
    use zeri_domain::hosting::HostKind;
    let admin = |action: &'static str, id: &str| NewEvent {
        action,
        at: 50_000,
        staff_id: Some("adm".into()),
        role: Some(Role::Admin),
        detail: Some(id.to_owned()),
        ..NewEvent::default()
    };
    let before = store.audit_head().await.unwrap().seq;
    let provider = HostRow {
        id: "h1".into(),
        name: "Shqiponja Hosting".into(),
        kind: HostKind::HostingProvider,
        country: Some("AL".into()),
        domains: vec!["shqiponja.al".into()],
        ranges: vec!["192.0.2.0/24".into(), "2001:db8::/32".into()],
        trusted_flagger: false,
        sealed: vec![1, 2, 3],
        created_at: 50_000,
        updated_at: 50_000,
    };
    store.insert_host(&provider, &admin("host-added", "h1")).await.unwrap();
    let platform = HostRow {
        id: "h2".into(),
        name: "Imazhe".into(),
        kind: HostKind::Platform,
        country: None,
        domains: vec!["imazhe.example".into(), "cdn.imazhe.example".into()],
        ranges: vec![],
        trusted_flagger: true,
        sealed: vec![4, 5],
        ..provider.clone()
    };
    store.insert_host(&platform, &admin("host-added", "h2")).await.unwrap();
    assert_eq!(store.host("h1").await.unwrap(), Some(provider.clone()));
    let listed = store.hosts().await.unwrap();
    assert_eq!(listed.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["h2", "h1"], "by name");
    assert_eq!(listed[0].domains, ["cdn.imazhe.example", "imazhe.example"]);
    assert!(listed[0].ranges.is_empty() && listed[0].trusted_flagger && listed[0].country.is_none());

    // A name in another case, or a domain of another entry: refused, nothing stored.
    let same_name = HostRow { id: "h3".into(), name: "SHQIPONJA hosting".into(), domains: vec![], ..provider.clone() };
    let e = store.insert_host(&same_name, &admin("host-added", "h3")).await.unwrap_err();
    assert!(matches!(&e, StoreError::Conflict { constraint } if constraint == HOST_NAME_TAKEN), "{e:?}");
    let same_domain =
        HostRow { id: "h3".into(), name: "Other".into(), domains: vec!["imazhe.example".into()], ..provider.clone() };
    let e = store.insert_host(&same_domain, &admin("host-added", "h3")).await.unwrap_err();
    assert!(
        matches!(&e, StoreError::Conflict { constraint } if constraint == &format!("{HOST_DOMAIN_TAKEN}:imazhe.example")),
        "{e:?}"
    );
    assert!(store.host("h3").await.unwrap().is_none(), "half an entry was stored");

    // A change replaces domains and ranges; a clashing change leaves the entry as it was.
    let changed = HostRow {
        domains: vec!["shqiponja.com".into()],
        ranges: vec!["198.51.100.0/24".into()],
        trusted_flagger: true,
        sealed: vec![9],
        updated_at: 60_000,
        created_at: 1,
        ..provider.clone()
    };
    store.update_host(&changed, &admin("host-changed", "h1")).await.unwrap();
    let got = store.host("h1").await.unwrap().unwrap();
    assert_eq!(got, HostRow { created_at: 50_000, ..changed.clone() }, "created_at is kept");
    let clash = HostRow { domains: vec!["shqiponja.al".into(), "cdn.imazhe.example".into()], ..changed.clone() };
    assert!(matches!(store.update_host(&clash, &admin("host-changed", "h1")).await, Err(StoreError::Conflict { .. })));
    assert_eq!(store.host("h1").await.unwrap().unwrap().domains, ["shqiponja.com"], "rolled back whole");
    let ghost = HostRow { id: "nope".into(), name: "Ghost".into(), domains: vec![], ..changed.clone() };
    assert!(matches!(store.update_host(&ghost, &admin("host-changed", "nope")).await, Err(StoreError::NotFound)));

    // Removing an entry frees its domains.
    store.delete_host("h2", &admin("host-removed", "h2")).await.unwrap();
    assert!(matches!(store.delete_host("h2", &admin("host-removed", "h2")).await, Err(StoreError::NotFound)));
    let reuse = HostRow { id: "h4".into(), name: "Imazhe 2".into(), ..platform.clone() };
    store.insert_host(&reuse, &admin("host-added", "h4")).await.unwrap();
    assert_eq!(store.hosts().await.unwrap().len(), 2);

    // Exactly the writes that happened are in the chain, and it still verifies.
    let entries = store.audit_page(before, 100).await.unwrap();
    let actions: Vec<(&str, Option<&str>)> =
        entries.iter().map(|c| (c.event.action.as_str(), c.event.detail.as_deref())).collect();
    assert_eq!(
        actions,
        [
            ("host-added", Some("h1")),
            ("host-added", Some("h2")),
            ("host-changed", Some("h1")),
            ("host-removed", Some("h2")),
            ("host-added", Some("h4")),
        ]
    );
    assert!(verify_chain(store, keys).await.unwrap().is_ok());
}
