//! Chats, their hand-overs, phone calls and remote sessions.

use zeri_domain::permission::Role;
use zeri_storage::*;

use crate::setup::*;

/// Chats: one open per report, taken once, handed over warm or cold, ended once; their
/// messages join the report's thread in order, with delivery and read marks; duty, hours
/// and notifications.
pub async fn chats(store: &dyn Store) {
    store
        .insert_reports(&[NewReportRow {
            id: "rc".into(),
            case_ref: "ZR-C".into(),
            receipt_digest: [210; 32],
            ..report(10)
        }])
        .await
        .unwrap();
    for (id, name) in [("c1", "chat-one"), ("c2", "chat-two")] {
        store.insert_staff(&staff_row(id, name, Role::Counsellor, Some("helpline"))).await.unwrap();
    }
    let chat = ChatRow {
        id: "ch1".into(),
        report_id: "rc".into(),
        opened_at: 10,
        status: ChatStatus::Waiting,
        routed_to: None,
        staff_id: None,
        answered_at: None,
        ended_at: None,
        ended_by: None,
        sealed: None,
    };
    store.open_chat(&chat, &event("rc", 10, "chat-opened", None)).await.unwrap();
    let twin = ChatRow { id: "ch2".into(), ..chat.clone() };
    assert!(matches!(
        store.open_chat(&twin, &event("rc", 11, "chat-opened", None)).await,
        Err(StoreError::Conflict { .. })
    ));
    assert_eq!(store.open_chat_of("rc").await.unwrap().unwrap().id, "ch1");
    assert_eq!(store.live_chats().await.unwrap().iter().filter(|c| c.report_id == "rc").count(), 1);

    store.take_chat("ch1", "c1", 20, &event("rc", 20, "chat-taken", Some("c1"))).await.unwrap();
    let taken = store.take_chat("ch1", "c2", 21, &event("rc", 21, "chat-taken", Some("c2"))).await;
    assert!(matches!(taken, Err(StoreError::Conflict { .. })), "taken once");
    let m = |id: &str, author, at| NewMessage {
        id: id.into(),
        report_id: "rc".into(),
        author,
        staff_id: (author == Author::Staff).then(|| "c1".to_owned()),
        created_at: at,
        key_id: "case".into(),
        sealed: vec![2, 1],
    };
    let s1 = store.insert_chat_message(&m("cm1", Author::Survivor, 30), "ch1").await.unwrap();
    let s2 = store.insert_chat_message(&m("cm2", Author::Staff, 31), "ch1").await.unwrap();
    assert!(s2 > s1);
    assert!(!store.report("rc").await.unwrap().unwrap().awaiting_reply, "answered");
    let after = store.messages_after("rc", s1).await.unwrap();
    assert_eq!(after.iter().map(|t| t.row.id.as_str()).collect::<Vec<_>>(), ["cm2"]);
    assert_eq!(after[0].chat_id.as_deref(), Some("ch1"));
    assert_eq!(store.mark_seen("rc", Author::Survivor, s2, 40, false).await.unwrap(), 1);
    assert_eq!(store.mark_seen("rc", Author::Survivor, s2, 41, true).await.unwrap(), 1, "read, once delivered");
    let all = store.messages_after("rc", 0).await.unwrap();
    assert_eq!((all[0].delivered_at, all[0].read_at, all[1].delivered_at), (Some(40), Some(41), None));
    assert_eq!(store.seen_marks("rc", Author::Survivor).await.unwrap(), (s1, s1));
    assert_eq!(store.seen_marks("rc", Author::Staff).await.unwrap(), (0, 0));
    assert_eq!(store.message_seq("cm2").await.unwrap(), Some(("rc".to_owned(), s2)));
    assert_eq!(store.message_seq("nope").await.unwrap(), None);

    // Warm hand-over to a colleague, then cold back to the queue; only the holder can.
    let wrong = store.hand_over("ch1", "c2", None, None, &event("rc", 50, "chat-handed-over", Some("c2"))).await;
    assert!(matches!(wrong, Err(StoreError::Conflict { .. })));
    store
        .hand_over("ch1", "c1", Some("c2"), Some(&[2, 9]), &event("rc", 51, "chat-handed-over", Some("c1")))
        .await
        .unwrap();
    let warm = store.chat("ch1").await.unwrap().unwrap();
    assert_eq!(
        (warm.status, warm.staff_id.as_deref(), warm.sealed.as_deref()),
        (ChatStatus::Active, Some("c2"), Some(&[2u8, 9][..]))
    );
    store.hand_over("ch1", "c2", None, None, &event("rc", 52, "chat-handed-over", Some("c2"))).await.unwrap();
    assert_eq!(store.chat("ch1").await.unwrap().unwrap().status, ChatStatus::Waiting);

    assert_eq!(store.last_block("rc").await.unwrap(), None);
    store.end_chat("ch1", "blocked", Some(&[2, 7]), 60, &event("rc", 60, "chat-blocked", Some("c1"))).await.unwrap();
    let again = store.end_chat("ch1", "child", None, 61, &event("rc", 61, "chat-ended", None)).await;
    assert!(matches!(again, Err(StoreError::Conflict { .. })), "ended once");
    assert_eq!(store.last_block("rc").await.unwrap(), Some(60));
    assert!(store.open_chat_of("rc").await.unwrap().is_none());
    assert_eq!(store.blocked_chats(10).await.unwrap()[0].id, "ch1");
    store.open_chat(&twin, &event("rc", 70, "chat-opened", None)).await.unwrap();

    store.set_on_duty("c1", true, 80).await.unwrap();
    store.set_on_duty("c1", true, 81).await.unwrap();
    assert_eq!(store.on_duty().await.unwrap(), [("c1".to_owned(), 80)]);
    store.set_on_duty("c1", false, 82).await.unwrap();
    assert!(store.on_duty().await.unwrap().is_empty());
    store.set_hours("c2", &[(540, 1020), (2000, 2100)]).await.unwrap();
    store.set_hours("c2", &[(600, 700)]).await.unwrap();
    assert_eq!(store.hours("c2").await.unwrap(), [(600, 700)]);
    store.set_email("c2", Some(&[1, 2, 3])).await.unwrap();
    assert_eq!(store.email("c2").await.unwrap(), Some(vec![1, 2, 3]));
    assert!(matches!(store.set_email("nobody", None).await, Err(StoreError::NotFound)));

    let note = |id: &str, at| NotificationRow {
        id: id.into(),
        staff_id: "c2".into(),
        kind: "chat".into(),
        report_id: Some("rc".into()),
        created_at: at,
        read_at: None,
        emailed_at: None,
    };
    store.insert_notifications(&[note("n1", 90), note("n2", 91)]).await.unwrap();
    assert_eq!(store.unread_notifications("c2").await.unwrap(), 2);
    assert_eq!(store.notifications("c2", 10).await.unwrap()[0].id, "n2", "newest first");
    assert_eq!(store.unmailed_notifications(10).await.unwrap().len(), 2);
    store.mark_mailed(&["n1".to_owned()], 95).await.unwrap();
    assert_eq!(store.unmailed_notifications(10).await.unwrap()[0].id, "n2");
    store.read_notifications("c2", Some("n2"), 96).await.unwrap();
    assert_eq!(store.unread_notifications("c2").await.unwrap(), 1);
    assert!(store.unmailed_notifications(10).await.unwrap().is_empty(), "read ones are not mailed");
    store.read_notifications("c2", None, 97).await.unwrap();
    assert_eq!(store.unread_notifications("c2").await.unwrap(), 0);

    // Phone calls about a case, and remote session times.
    let call = ContactRow {
        id: "pc1".into(),
        report_id: "rc".into(),
        staff_id: "c1".into(),
        at: 100,
        channel: "phone".into(),
        minutes: Some(12),
        follow_up: "call_back".into(),
        sealed: vec![2, 3],
    };
    store.insert_contact(&call, &event("rc", 100, "phone-contact", Some("c1"))).await.unwrap();
    assert_eq!(store.contacts("rc").await.unwrap(), [call]);
    let slot = |id: &str, at| SlotRow {
        id: id.into(),
        report_id: "rc".into(),
        staff_id: "c2".into(),
        starts_at: at,
        minutes: 45,
        status: "offered".into(),
        created_at: 110,
        booked_at: None,
    };
    store
        .offer_slots(&[slot("s2", 2_000), slot("s1", 1_000)], &event("rc", 110, "session-offered", Some("c2")))
        .await
        .unwrap();
    assert_eq!(store.slots("rc").await.unwrap().iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["s1", "s2"]);
    let booked = store.book_slot("s2", "rc", 120, &event("rc", 120, "child-session-booked", None)).await.unwrap();
    assert_eq!((booked.status.as_str(), booked.booked_at, booked.minutes), ("booked", Some(120), 45));
    assert_eq!(store.slots("rc").await.unwrap()[0].status, "cancelled", "the other time is withdrawn");
    let twice = store.book_slot("s1", "rc", 121, &event("rc", 121, "child-session-booked", None)).await;
    assert!(matches!(twice, Err(StoreError::Conflict { .. })));
}
