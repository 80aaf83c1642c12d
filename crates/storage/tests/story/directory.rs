//! The directory of services and its change log.

use zeri_storage::*;

fn service(id: &str, name: &str, at: i64) -> ServiceRow {
    ServiceRow {
        id: id.into(),
        name: name.into(),
        status: "active".into(),
        demo: false,
        updated_at: at,
        data: format!("{{\"name\":\"{name}\"}}"),
    }
}

fn change(id: &str, resource: &str, kind: &str) -> ChangeRow {
    ChangeRow {
        id: id.into(),
        resource_id: resource.into(),
        resource_type: "service".into(),
        last_action_date: 1,
        last_action_type: kind.into(),
        field_name: "name".into(),
        previous_value: String::new(),
        replacement_value: "x".into(),
        updated_by: "admin".into(),
    }
}

pub async fn directory(store: &dyn Store) {
    let v0 = store.directory_version().await.unwrap();
    assert_eq!(store.seed_services(&[service("a", "Alpha", 1), service("b", "Beta", 1)], "seed").await.unwrap(), 2);
    assert_eq!(store.seed_services(&[service("a", "Changed", 2), service("c", "Gamma", 1)], "seed").await.unwrap(), 1);
    assert_eq!(store.service("a").await.unwrap().unwrap().name, "Alpha", "seeding never overwrites");
    assert!(store.directory_version().await.unwrap() > v0);
    // An import is all or nothing: a clash in its change log undoes every row.
    let rows = [service("a", "Alpha 2", 3), service("d", "Delta", 3)];
    let clash = [change("k1", "a", "import"), change("k1", "d", "import")];
    assert!(store.save_services(&rows, &clash, &|_| {}).await.is_err());
    assert_eq!(store.service("a").await.unwrap().unwrap().name, "Alpha");
    assert!(store.service("d").await.unwrap().is_none());
    let seen = std::sync::atomic::AtomicUsize::new(0);
    store
        .save_services(&rows, &[change("k2", "a", "import")], &|n| seen.store(n, std::sync::atomic::Ordering::SeqCst))
        .await
        .unwrap();
    assert_eq!(seen.into_inner(), 2, "progress reported per row");
    assert_eq!(store.service("a").await.unwrap().unwrap().name, "Alpha 2");
    // Editing is compare-and-set on the last update.
    let edited = service("a", "Alpha 3", 4);
    assert!(matches!(store.save_service(&edited, Some(1), &[]).await, Err(StoreError::Conflict { .. })));
    store.save_service(&edited, Some(3), &[change("k3", "a", "update")]).await.unwrap();
    assert!(matches!(
        store.save_service(&service("e", "New", 5), Some(1), &[]).await,
        Err(StoreError::Conflict { .. })
    ));
    store.save_service(&service("e", "New", 5), None, &[]).await.unwrap();
    assert_eq!(store.services().await.unwrap().len(), 5);
    let log: Vec<String> = store.service_changes("a").await.unwrap().into_iter().map(|c| c.last_action_type).collect();
    assert_eq!(log, ["seed", "import", "update"]);
}
