//! Case work: every staff endpoint as every role, against the permission table.

use axum::http::{Method, StatusCode};
use serde_json::json;
use std::collections::HashMap;
use zeri_domain::Role;

use crate::support::*;

/// Every staff endpoint as every role, with and without a relation to the case. The
/// expected answer comes from the permission table itself: no relation → 404, denied →
/// 403, allowed → the operation's own answer (422 for an empty body, since validation
/// follows permission).
#[tokio::test]
async fn every_endpoint_as_every_role() {
    use zeri_domain::{authorize, Action, Relation};
    let t = TestApp::new().await;
    let users: [(&str, Role, Option<&str>); 11] = [
        ("cn1", Role::Counsellor, Some("helpline")),
        ("cn2", Role::Counsellor, Some("helpline")),
        ("anl", Role::HotlineAnalyst, Some("hotline")),
        ("cpo", Role::ChildProtectionOfficer, Some("cpu-kukes")),
        ("cpo2", Role::ChildProtectionOfficer, Some("cpu-tirane")),
        ("psy", Role::ServiceProvider, Some("svc-test")),
        ("pol", Role::PoliceInvestigator, Some("police")),
        ("pros", Role::Prosecutor, Some("prosecution")),
        ("coord", Role::BarnahusCoordinator, Some("barnahus")),
        ("adm", Role::Admin, None),
        ("stat", Role::Statistician, None),
    ];
    let mut tokens = HashMap::new();
    for (name, role, org) in users {
        t.create(name, role, org).await;
        tokens.insert(name, t.login(name).await);
    }
    let tok = |n: &str| tokens[n].clone();
    // Case A: new, untouched. Case B: worked on across agencies.
    t.report(minimal()).await;
    let a = t.case_id(&tok("cn1")).await;
    t.report(kukes_report()).await;
    let b = t.store().list_reports(None, 10).await.unwrap().into_iter().find(|r| r.id != a).unwrap().id;
    let cb = |p: &str| format!("/api/v1/cases/{b}{p}");
    t.json(Method::GET, &cb(""), None, Some(&tok("cn1"))).await;
    for (recipient, org) in [("police", None), ("service", Some("svc-test")), ("barnahus", None)] {
        let mut body = json!({"recipient": recipient, "giver": "parent", "decision": "given", "explained": "Explained to the mother and the child"});
        if let Some(o) = org {
            body["org"] = json!(o);
        }
        t.ok(&cb("/consents"), body, &tok("cn1")).await;
    }
    t.ok(&cb("/referrals"), json!({"to": "cpu-kukes"}), &tok("cn1")).await;
    t.ok(&cb("/referrals"), json!({"to": "hotline"}), &tok("cn1")).await;
    let rid = t.json(Method::GET, &cb(""), None, Some(&tok("cpo"))).await.json()["referrals"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    t.ok(&cb("/referral-answer"), json!({"referral": rid, "status": "accepted"}), &tok("cpo")).await;
    for m in ["pol", "psy", "coord"] {
        t.ok(&cb("/team"), json!({"username": m}), &tok("cpo")).await;
    }
    let up = t
        .multipart(
            &cb("/testimony"),
            &[("recorded_on", "2026-11-27"), ("interviewer", "Barnahus psychologist")],
            Some(("interview.mp4", b"synthetic test bytes")),
            &tok("coord"),
        )
        .await;
    assert_eq!(up.status, StatusCode::CREATED, "{}", up.body);

    let relations_a: HashMap<&str, Relation> = [("cn1", Relation::SameOrg), ("cn2", Relation::SameOrg)].into();
    let relations_b: HashMap<&str, Relation> = [
        ("cn1", Relation::Assigned),
        ("cn2", Relation::SameOrg),
        ("anl", Relation::ReferralPending),
        ("cpo", Relation::Referred),
        ("psy", Relation::Team),
        ("pol", Relation::Team),
        ("coord", Relation::Team),
    ]
    .into();
    let ops: [(&str, Action); 16] = [
        ("take", Action::Take),
        ("messages", Action::Reply),
        ("stage", Action::ChangeStage),
        ("triage", Action::Triage),
        ("reveal", Action::RevealIdentity),
        ("notes", Action::WriteNote),
        ("tasks", Action::ManageTasks),
        ("task-done", Action::ManageTasks),
        ("consents", Action::RecordConsent),
        ("referrals", Action::Refer),
        ("referral-answer", Action::AnswerReferral),
        ("team", Action::ManageTeam),
        ("meetings", Action::ManageTeam),
        ("outcomes", Action::RecordOutcome),
        ("contacts", Action::Reply),
        ("sessions", Action::Reply),
    ];
    let mut checked = 0;
    // Case A, case B, and case B again after the child withdrew consent for the police,
    // which cuts their access at once.
    let rounds =
        [(a.clone(), relations_a, true), (b.clone(), relations_b.clone(), true), (b.clone(), relations_b, false)];
    for (case_id, relations, consent) in rounds {
        if !consent {
            t.ok(
                &cb("/consents"),
                json!({"recipient": "police", "giver": "child", "decision": "withdrawn", "explained": "The child changed their mind"}),
                &tok("cn1"),
            )
            .await;
        }
        for (name, role, _) in users {
            let rel = relations.get(name).copied().unwrap_or(Relation::None);
            let has_consent = consent || name != "pol";
            let may = |a: Action| authorize(role, rel, has_consent, a).allowed();
            let expect = |allowed_status: StatusCode, action: Action| {
                if rel == Relation::None || !role.works_on_cases() {
                    StatusCode::NOT_FOUND
                } else if may(action) {
                    allowed_status
                } else {
                    StatusCode::FORBIDDEN
                }
            };
            let path = |p: &str| format!("/api/v1/cases/{case_id}{p}");
            for (op, action) in ops {
                if op == "take" && case_id == a {
                    continue; // allowed takes would change who holds case A
                }
                let allowed_status = if op == "take" { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
                let res = t.post(&path(&format!("/{op}")), json!({}), &tok(name)).await;
                assert_eq!(
                    res.status,
                    expect(allowed_status, action),
                    "{name} {op} on {rel:?} consent {has_consent}: {}",
                    res.body
                );
                checked += 1;
            }
            let res = t.post(&path("/exports"), json!({}), &tok(name)).await;
            assert_eq!(
                res.status,
                expect(StatusCode::UNPROCESSABLE_ENTITY, Action::Export),
                "{name} export {rel:?}: {}",
                res.body
            );
            let up = t.multipart(&path("/testimony"), &[], None, &tok(name)).await;
            assert_eq!(
                up.status,
                expect(StatusCode::UNPROCESSABLE_ENTITY, Action::AddTestimony),
                "{name} testimony upload {rel:?}: {}",
                up.body
            );
            if case_id == b {
                let res = t.json(Method::GET, &path("/testimony"), None, Some(&tok(name))).await;
                assert_eq!(res.status, expect(StatusCode::OK, Action::ReadTestimony), "{name} testimony {rel:?}");
            }
            let read = t.json(Method::GET, &path(""), None, Some(&tok(name))).await;
            let readable = may(Action::ReadCase) || may(Action::AnswerReferral);
            let expected = if rel == Relation::None || !role.works_on_cases() {
                StatusCode::NOT_FOUND
            } else if readable {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(read.status, expected, "{name} read {rel:?} consent {has_consent}");
            if read.status == StatusCode::OK && !may(Action::ReadCase) {
                assert!(read.json()["description"].is_null(), "{name}: a pending referral shows no description");
            }
            checked += 4;
        }
    }
    // The lists and administration.
    for (name, role, _) in users {
        let list = t.json(Method::GET, "/api/v1/cases", None, Some(&tok(name))).await;
        let expected = if role.works_on_cases() { StatusCode::OK } else { StatusCode::FORBIDDEN };
        assert_eq!(list.status, expected, "{name} list");
        if list.status == StatusCode::OK {
            let ids: Vec<String> =
                list.json().as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
            assert!(!ids.contains(&a) || matches!(role, Role::Counsellor), "{name} sees case A: {ids:?}");
        }
        let admin = t.json(Method::GET, "/api/v1/admin/staff", None, Some(&tok(name))).await;
        assert_eq!(
            admin.status,
            if role == Role::Admin { StatusCode::OK } else { StatusCode::FORBIDDEN },
            "{name} admin"
        );
        let tasks = if role.works_on_cases() { StatusCode::OK } else { StatusCode::FORBIDDEN };
        assert_eq!(t.json(Method::GET, "/api/v1/tasks", None, Some(&tok(name))).await.status, tasks, "{name} tasks");
        let stats =
            if matches!(role, Role::Admin | Role::Statistician) { StatusCode::OK } else { StatusCode::FORBIDDEN };
        assert_eq!(
            t.json(Method::GET, "/api/v1/statistics", None, Some(&tok(name))).await.status,
            stats,
            "{name} stats"
        );
        assert_eq!(t.json(Method::GET, "/api/v1/organisations", None, Some(&tok(name))).await.status, StatusCode::OK);
    }
    assert!(checked > 400, "{checked}");
}
