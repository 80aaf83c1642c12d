//! Organisations, triage, consent and referrals, the team, testimony, exports, outcomes.

use zeri_domain::casework::{ConsentDecision, ConsentGiver, LegalDuty, ReferralStatus, Urgency};
use zeri_domain::permission::{OrgKind, Role};
use zeri_domain::report::Category;
use zeri_storage::*;

use crate::setup::*;

pub async fn casework(store: &dyn Store) {
    // Organisations: the national ones and one Child Protection Unit per municipality.
    let orgs = store.organisations().await.unwrap();
    assert_eq!(orgs.iter().filter(|o| o.kind == OrgKind::ChildProtectionUnit).count(), 61);
    let kukes = store.organisation("cpu-kukes").await.unwrap().unwrap();
    assert_eq!(kukes.municipality.as_deref(), Some("Kukës"));
    let svc =
        OrgRow { id: "svc".into(), kind: OrgKind::Service, name: "Qendra".into(), municipality: None, demo: true };
    store.insert_organisation(&svc, &NewEvent { action: "org-added", at: 1, ..NewEvent::default() }).await.unwrap();
    assert!(matches!(store.insert_organisation(&svc, &NewEvent::default()).await, Err(StoreError::Conflict { .. })));

    store.insert_staff(&staff_row("cpo", "arta", Role::ChildProtectionOfficer, Some("cpu-kukes"))).await.unwrap();
    store.insert_staff(&staff_row("pol", "besnik", Role::PoliceInvestigator, Some("police"))).await.unwrap();
    assert_eq!(store.list_staff().await.unwrap().len(), 3);

    // Triage puts a child in danger first.
    store
        .set_triage(
            "r3",
            Urgency::ImmediateDanger,
            Category::SexualExtortion,
            &event("r3", 4_000, "triaged", Some("s1")),
        )
        .await
        .unwrap();
    let r3 = store.report("r3").await.unwrap().unwrap();
    assert_eq!(
        (r3.urgency, r3.category, r3.org_id.as_str()),
        (Urgency::ImmediateDanger, Category::SexualExtortion, "helpline")
    );
    let mine = store.cases_for("s1", Some("helpline"), 10).await.unwrap();
    assert_eq!(mine[0].id, "r3");
    assert!(store.cases_for("cpo", Some("cpu-kukes"), 10).await.unwrap().is_empty());

    // Consent, then a referral: the receiving organisation sees the case while it is open.
    let consent = ConsentRow {
        id: "c1".into(),
        report_id: "r2".into(),
        kind: OrgKind::ChildProtectionUnit,
        org_id: None,
        giver: ConsentGiver::Child,
        decision: ConsentDecision::Given,
        at: 4_100,
        recorded_by: Some("s1".into()),
        sealed: Some(vec![1]),
    };
    store.insert_consent(&consent, &event("r2", 4_100, "consent", Some("s1"))).await.unwrap();
    assert_eq!(store.consents("r2").await.unwrap()[0].giver, ConsentGiver::Child);
    let referral = ReferralRow {
        id: "f1".into(),
        report_id: "r2".into(),
        to_org: "cpu-kukes".into(),
        status: ReferralStatus::Sent,
        legal_duty: None,
        created_by: "s1".into(),
        created_at: 4_200,
        updated_at: 4_200,
        sealed: vec![2],
        answer_sealed: None,
        handled_by: None,
    };
    store.insert_referral(&referral, &event("r2", 4_200, "referred", Some("s1"))).await.unwrap();
    assert_eq!(store.cases_for("cpo", Some("cpu-kukes"), 10).await.unwrap().len(), 1);
    let none = NewEvent::default();
    let answer = |from, to| store.answer_referral("f1", "r2", from, to, Some(&[3]), Some("s1"), 4_300, &none);
    answer(ReferralStatus::Sent, ReferralStatus::Accepted).await.unwrap();
    assert!(matches!(answer(ReferralStatus::Sent, ReferralStatus::Declined).await, Err(StoreError::Conflict { .. })));
    let f = &store.referrals("r2").await.unwrap()[0];
    assert_eq!((f.status, f.answer_sealed.as_deref()), (ReferralStatus::Accepted, Some([3u8].as_slice())));
    assert_eq!(f.handled_by.as_deref(), Some("s1"), "accepted by the one who handles it");
    assert_eq!(store.cases_for("s1", Some("cpu-kukes"), 10).await.unwrap().len(), 1);
    assert!(store.cases_for("cpo", Some("cpu-kukes"), 10).await.unwrap().is_empty(), "not a colleague's case");
    let duty = ReferralRow {
        id: "f2".into(),
        to_org: "police".into(),
        legal_duty: Some(LegalDuty::ChildInDanger),
        ..referral
    };
    store.insert_referral(&duty, &event("r2", 4_250, "referred", Some("s1"))).await.unwrap();
    answer(ReferralStatus::Accepted, ReferralStatus::Completed).await.unwrap();
    assert!(store.cases_for("s1", Some("cpu-kukes"), 10).await.unwrap().is_empty(), "completed referrals end access");

    // The team, its meeting, tasks and notes.
    let member =
        TeamMemberRow { report_id: "r2".into(), staff_id: "pol".into(), added_by: "cpo".into(), added_at: 4_400 };
    store.add_team_member(&member, &event("r2", 4_400, "team-added", Some("cpo"))).await.unwrap();
    assert!(matches!(store.add_team_member(&member, &NewEvent::default()).await, Err(StoreError::Conflict { .. })));
    assert_eq!(store.team("r2").await.unwrap(), vec![member]);
    assert_eq!(store.cases_for("pol", Some("police"), 10).await.unwrap().len(), 1);
    let meeting = MeetingRow {
        id: "mt".into(),
        report_id: "r2".into(),
        held_on: 20_000,
        recorded_by: "cpo".into(),
        created_at: 4_500,
        sealed: vec![4],
    };
    store.insert_meeting(&meeting, &event("r2", 4_500, "meeting", Some("cpo"))).await.unwrap();
    assert_eq!(store.meetings("r2").await.unwrap()[0].held_on, 20_000);
    for (id, due) in [("t1", 20_010), ("t2", 20_001)] {
        let task = TaskRow {
            id: id.into(),
            report_id: "r2".into(),
            owner_id: "s1".into(),
            created_by: "cpo".into(),
            created_at: 4_600,
            due_on: due,
            done_at: None,
            sealed: vec![5],
        };
        store.insert_task(&task, &event("r2", 4_600, "task-added", Some("cpo"))).await.unwrap();
    }
    assert_eq!(
        store.open_tasks("s1", Some("helpline")).await.unwrap().iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["t2", "t1"]
    );
    assert_eq!(
        store.open_tasks("x", Some("helpline")).await.unwrap().len(),
        2,
        "colleagues see the organisation's tasks"
    );
    assert!(store.open_tasks("pol", Some("police")).await.unwrap().is_empty());
    store.complete_task("t2", "r2", 4_700, &NewEvent::default()).await.unwrap();
    assert!(matches!(
        store.complete_task("t2", "r2", 4_701, &NewEvent::default()).await,
        Err(StoreError::Conflict { .. })
    ));
    assert!(matches!(store.complete_task("t1", "r1", 4_701, &NewEvent::default()).await, Err(StoreError::NotFound)));
    assert_eq!(store.tasks("r2").await.unwrap().last().unwrap().done_at, Some(4_700));
    let note = NoteRow { id: "n1".into(), report_id: "r2".into(), staff_id: "cpo".into(), at: 4_800, sealed: vec![6] };
    store.insert_note(&note, &event("r2", 4_800, "note", Some("cpo"))).await.unwrap();
    assert_eq!(store.notes("r2").await.unwrap()[0].sealed, vec![6]);

    // One testimony per case.
    let t = TestimonyRow {
        report_id: "r2".into(),
        recorded_on: 20_002,
        recorded_by: "pol".into(),
        created_at: 4_900,
        size: 3,
        sha256: "ab".into(),
        sealed_meta: vec![7],
    };
    let blob = testimony::TestimonyBlob { blob_key: "testimony/t2".into(), sealed_key: vec![8, 8, 8] };
    store.insert_testimony_blob(&t, &blob, &event("r2", 4_900, "testimony-added", Some("pol"))).await.unwrap();
    let again = store.insert_testimony_blob(&t, &blob, &NewEvent::default()).await;
    assert!(matches!(again, Err(StoreError::Conflict { .. })), "{again:?}");
    assert_eq!(store.testimony("r2").await.unwrap().unwrap().size, 3);
    assert_eq!(store.testimony_blob("r2").await.unwrap(), Some(blob.clone()));
    assert_eq!(store.testimony_source("r2").await.unwrap(), Some(testimony::TestimonySource::Blob(blob)));
    assert!(store.testimony_file("r2").await.unwrap().is_none(), "nothing of the file in the database");
    assert!(store.testimony_source("r1").await.unwrap().is_none());
    assert!(store.testimony("r1").await.unwrap().is_none());

    // Exports are found by their fingerprint.
    let e = ExportRow {
        id: "e1".into(),
        report_id: "r2".into(),
        recipient_org: "police".into(),
        created_by: "s1".into(),
        created_at: 5_000,
        fingerprint: "00ff".into(),
    };
    store.insert_export(&e, &[event("r2", 5_000, "exported", Some("s1"))]).await.unwrap();
    assert_eq!(store.export_by_fingerprint("00ff").await.unwrap(), Some(e));
    assert!(store.export_by_fingerprint("00fe").await.unwrap().is_none());

    // Outcomes, in the order they happened.
    for (id, outcome, kind, on) in [
        (
            "o2",
            zeri_domain::casework::Outcome::SupportReceived,
            Some(zeri_domain::directory::ServiceKind::Psychological),
            20_010,
        ),
        ("o1", zeri_domain::casework::Outcome::InvestigationOpened, None, 20_005),
    ] {
        let row = OutcomeRow {
            id: id.into(),
            report_id: "r2".into(),
            outcome,
            support_kind: kind,
            occurred_on: on,
            recorded_by: "pol".into(),
            recorded_at: 6_000,
        };
        store.insert_outcome(&row, &event("r2", 6_000, "outcome", Some("pol"))).await.unwrap();
    }
    let outcomes = store.outcomes("r2").await.unwrap();
    assert_eq!(outcomes.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["o1", "o2"]);
    assert_eq!(outcomes[1].support_kind, Some(zeri_domain::directory::ServiceKind::Psychological));

    // TOTP steps only move forward.
    store.set_totp("s1", Some(&[1, 2]), 10, &NewEvent::default()).await.unwrap();
    assert!(store.use_totp_step("s1", 11).await.unwrap());
    assert!(!store.use_totp_step("s1", 11).await.unwrap(), "replay");
    assert_eq!(store.staff_by_id("s1").await.unwrap().unwrap().totp_sealed, Some(vec![1, 2]));
    // Disabling ends the sessions of the account.
    store.set_staff_disabled("pol", true, &NewEvent::default()).await.unwrap();
    assert!(store.staff_by_id("pol").await.unwrap().unwrap().disabled);
}
