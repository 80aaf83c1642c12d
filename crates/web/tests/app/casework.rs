//! Case work: need-to-know, the Kukës referral story, every endpoint as every role, exports, tasks, the case page.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};
use std::collections::HashMap;
use zeri_domain::Role;

use crate::support::*;
use http_body_util::BodyExt;
use tower::ServiceExt;

#[tokio::test]
async fn a_report_is_not_found_for_those_without_a_relation() {
    let t = TestApp::new().await;
    t.report(minimal()).await;
    let a = t.staff("ana", Role::Counsellor).await;
    let b = t.staff("besa", Role::Counsellor).await;
    let admin = t.staff("root1", Role::Admin).await;
    let police = t.staff("besnik", Role::PoliceInvestigator).await;
    let officer = t.staff("arta", Role::ChildProtectionOfficer).await;
    let id = t.json(Method::GET, "/api/v1/cases", None, Some(&a)).await.json()[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(t.json(Method::GET, &format!("/api/v1/cases/{id}"), None, Some(&a)).await.status, StatusCode::OK);
    // Now it is Ana's. Besa, a colleague at the helpline, may cover it but not see who the child is.
    let covered = t.json(Method::GET, &format!("/api/v1/cases/{id}"), None, Some(&b)).await;
    assert_eq!(covered.status, StatusCode::OK);
    assert_eq!(covered.json()["relation"], "same_org");
    let reveal = t
        .json(
            Method::POST,
            &format!("/api/v1/cases/{id}/reveal"),
            Some(json!({"reason": "to call the child back now"})),
            Some(&b),
        )
        .await;
    assert_eq!(reveal.status, StatusCode::FORBIDDEN);
    // Police, the Child Protection Unit and the administrator have no relation: the same
    // answer as for a report that does not exist.
    for token in [&admin, &police, &officer] {
        let res = t.json(Method::GET, &format!("/api/v1/cases/{id}"), None, Some(token)).await;
        let missing = t.json(Method::GET, "/api/v1/cases/doesnotexist", None, Some(token)).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert_eq!(res.body, missing.body);
        let reply = t
            .json(Method::POST, &format!("/api/v1/cases/{id}/messages"), Some(json!({"body": "hi"})), Some(token))
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        let stage = t
            .json(Method::POST, &format!("/api/v1/cases/{id}/stage"), Some(json!({"stage": "closed"})), Some(token))
            .await;
        assert_eq!(stage.status, StatusCode::NOT_FOUND);
    }
    assert!(t.json(Method::GET, "/api/v1/cases", None, Some(&police)).await.json().as_array().unwrap().is_empty());
    assert_eq!(t.json(Method::GET, "/api/v1/cases", None, Some(&admin)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.json(Method::GET, "/api/v1/cases", None, None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(t.json(Method::GET, "/api/v1/cases", None, Some("forged-token")).await.status, StatusCode::UNAUTHORIZED);
    // A survivor token is not a staff token.
    let receipt = t.report(minimal()).await;
    let child = t.survivor(&receipt).await;
    assert_eq!(t.json(Method::GET, "/api/v1/cases", None, Some(&child)).await.status, StatusCode::UNAUTHORIZED);
}

/// The walk-through: a report from Kukës; the counsellor triages it and refers it
/// to the Child Protection Unit of Kukës with the child's consent; the officer there
/// accepts and builds a Barnahus team with a psychologist and the police; the police
/// cannot see the child's contact until they give a reason; the child, with the receipt,
/// sees which organisations opened the case and when.
async fn kukes_scenario(t: &TestApp) {
    let receipt = t.report(kukes_report()).await;
    let counsellor = t.staff("drita.c", Role::Counsellor).await;
    let officer = t.staff("arta", Role::ChildProtectionOfficer).await;
    let psychologist = t.staff("elira", Role::ServiceProvider).await;
    let police = t.staff("besnik", Role::PoliceInvestigator).await;
    let id = t.case_id(&counsellor).await;
    let case = |p: &str| format!("/api/v1/cases/{id}{p}");

    // Before any referral, the unit of Kukës does not know the case exists.
    assert_eq!(t.json(Method::GET, &case(""), None, Some(&officer)).await.status, StatusCode::NOT_FOUND);

    let detail = t.json(Method::GET, &case(""), None, Some(&counsellor)).await.json();
    assert_eq!(detail["suggested_referral"], "cpu-kukes");
    assert!(!detail.to_string().contains("Drita Hoxha") && !detail.to_string().contains("123 4567"));
    t.ok(&case("/triage"), json!({"urgency": "high", "category": "sexual_extortion"}), &counsellor).await;
    // Police: no consent yet, so no referral without a legal duty.
    let refused = t.post(&case("/referrals"), json!({"to": "police"}), &counsellor).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.json()["error"]["fields"]["to"].as_str().unwrap().contains("consent"), "{}", refused.body);
    t.ok(
        &case("/referrals"),
        json!({"to": "cpu-kukes", "note": "Extortion by a stranger; the child is scared"}),
        &counsellor,
    )
    .await;

    // The unit sees the referral, not yet the case.
    let queue = t.json(Method::GET, "/api/v1/cases", None, Some(&officer)).await.json();
    assert_eq!(queue[0]["relation"], "referral_pending");
    let limited = t.json(Method::GET, &case(""), None, Some(&officer)).await.json();
    assert!(limited["description"].is_null(), "a pending referral shows the referral only: {limited}");
    assert_eq!(limited["referrals"][0]["note"], "Extortion by a stranger; the child is scared");
    let rid = limited["referrals"][0]["id"].as_str().unwrap().to_owned();
    t.ok(&case("/referral-answer"), json!({"referral": rid, "status": "accepted"}), &officer).await;
    let full = t.json(Method::GET, &case(""), None, Some(&officer)).await.json();
    assert_eq!(full["description"], "Someone threatens to post my photos unless I pay");
    assert_eq!(full["relation"], "referred");

    // Consent for the psychologist's service and for the police, recorded with what was explained.
    for (recipient, org) in [("service", Some("svc-test")), ("police", None)] {
        let mut body = json!({"recipient": recipient, "giver": "child", "decision": "given",
            "explained": "We explained who they are, what they will see and that you can say no"});
        if let Some(o) = org {
            body["org"] = json!(o);
        }
        t.ok(&case("/consents"), body, &officer).await;
    }
    for member in ["elira", "besnik"] {
        t.ok(&case("/team"), json!({"username": member}), &officer).await;
    }
    t.ok(
        &case("/meetings"),
        json!({"held_on": "2026-12-01", "attendees": "PMF Kukës, psychologist, police", "decisions": "One recorded interview at Barnahus",
               "actions": "Police: secure the chat logs by Friday"}),
        &officer,
    )
    .await;
    t.ok(&case("/tasks"), json!({"title": "Secure the chat logs", "owner": "besnik", "due": "2026-12-04"}), &officer)
        .await;

    // The police see the case, with the contact masked until they give a reason.
    let seen = t.json(Method::GET, &case(""), None, Some(&police)).await.json();
    assert_eq!(seen["relation"], "team");
    assert_eq!(seen["contact_masked"], "••• •• 67");
    assert!(seen["messages"].is_null(), "the conversation with the child is not for the police");
    assert!(!seen.to_string().contains("123 4567"));
    let no_reason = t.post(&case("/reveal"), json!({}), &police).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let short = t.post(&case("/reveal"), json!({"reason": "need it"}), &police).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let revealed =
        t.ok(&case("/reveal"), json!({"reason": "To invite the child to the recorded interview"}), &police).await;
    assert_eq!(revealed["identity"]["contact"], "+355 69 123 4567");
    assert_eq!(revealed["identity"]["name"], "Drita Hoxha");
    // Police never write to the child.
    assert_eq!(t.post(&case("/messages"), json!({"body": "hello"}), &police).await.status, StatusCode::FORBIDDEN);
    // Outcomes, by the professionals who know, with their dates; a future date is refused.
    t.ok(&case("/outcomes"), json!({"outcome": "investigation_opened", "on": "2026-11-20"}), &police).await;
    let no_kind =
        t.post(&case("/outcomes"), json!({"outcome": "support_received", "on": "2026-11-21"}), &officer).await;
    assert_eq!(no_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
    t.ok(
        &case("/outcomes"),
        json!({"outcome": "support_received", "support_kind": "psychological", "on": "2026-11-21"}),
        &psychologist,
    )
    .await;
    let future = t.post(&case("/outcomes"), json!({"outcome": "convicted", "on": "2099-01-01"}), &police).await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    let outcomes = t.json(Method::GET, &case(""), None, Some(&officer)).await.json()["outcomes"].clone();
    assert_eq!(outcomes.as_array().unwrap().len(), 2, "{outcomes}");
    assert_eq!(outcomes[1]["support_kind"], "psychological");
    // The psychologist reads the case as a team member.
    assert_eq!(t.json(Method::GET, &case(""), None, Some(&psychologist)).await.status, StatusCode::OK);

    // The child sees which organisations opened the case, when, and the reason given.
    let child = t.survivor(&receipt).await;
    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    let accessed = view["accessed"].as_array().unwrap();
    let orgs: Vec<&str> = accessed.iter().filter_map(|a| a["organisation"].as_str()).collect();
    for expected in
        ["Child Protection Unit, Kukës", "Policia e Shtetit", "Linja Kombëtare e Këshillimit për Fëmijë ALO 116 111"]
    {
        assert!(orgs.contains(&expected), "{expected} missing from {orgs:?}");
    }
    let reveal = accessed.iter().find(|a| a["action"] == "identity-revealed").unwrap();
    assert_eq!(reveal["role"], "police_investigator");
    assert_eq!(reveal["reason"], "To invite the child to the recorded interview");
    assert!(accessed.iter().any(
        |a| a["action"] == "referral-sent" && a["text"].as_str().unwrap().contains("Child Protection Unit, Kukës")
    ));
    let consents: Vec<&str> =
        accessed.iter().filter(|a| a["action"] == "consent").map(|a| a["text"].as_str().unwrap()).collect();
    assert!(consents.contains(&"Your decision about sharing with Police was recorded: given."), "{consents:?}");
    assert!(consents.iter().any(|c| c.contains("Qendra Test")), "consent to one service names it: {consents:?}");
    assert!(accessed.iter().all(|a| a["at"].as_i64().unwrap() > 0));
    let text = view.to_string();
    for name in ["drita.c", "arta", "besnik", "elira"] {
        assert!(
            !text.contains(&format!("\"{name}\"")) && !text.contains(&format!(" {name} ")),
            "staff name {name} reached the child"
        );
    }
    assert_eq!(view["stage"], "referred_for_support");

    // The child takes back their consent for the police on the follow-up API: the police
    // investigator's very next request for the case is refused (a team member without
    // consent may do nothing), while the Child Protection Unit keeps its access.
    let listed = t.json(Method::GET, "/api/v1/followup/consents", None, Some(&child)).await.json();
    let police_row = listed.as_array().unwrap().iter().find(|r| r["recipient"] == "police").unwrap().clone();
    assert_eq!(police_row["consent"], true, "{listed}");
    assert!(police_row["legal_duty"].is_null());
    let withdrawn = t
        .json(
            Method::POST,
            "/api/v1/followup/consents",
            Some(json!({"recipient": "police", "decision": "withdrawn"})),
            Some(&child),
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.body);
    let police_row = withdrawn.json().as_array().unwrap().iter().find(|r| r["recipient"] == "police").unwrap().clone();
    assert_eq!(police_row["consent"], false);
    assert_eq!(t.json(Method::GET, &case(""), None, Some(&police)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        t.post(&case("/reveal"), json!({"reason": "To invite the child to the recorded interview"}), &police)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(t.json(Method::GET, &case(""), None, Some(&officer)).await.status, StatusCode::OK);
    // An organisation the case never reached cannot be named.
    let unknown = t
        .json(
            Method::POST,
            "/api/v1/followup/consents",
            Some(json!({"recipient": "service", "org": "svc-nowhere", "decision": "given"})),
            Some(&child),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The decision is the child's, in their access log and in the staff's history.
    let view = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    let mine = view["accessed"].as_array().unwrap().iter().find(|a| a["action"] == "child-consent").unwrap().clone();
    assert!(mine["role"].is_null(), "{mine}");
    assert_eq!(mine["text"], "You decided about sharing with Police: withdrawn.");
    // Given again, the police read the case again.
    t.json(
        Method::POST,
        "/api/v1/followup/consents",
        Some(json!({"recipient": "police", "decision": "given"})),
        Some(&child),
    )
    .await;
    assert_eq!(t.json(Method::GET, &case(""), None, Some(&police)).await.status, StatusCode::OK);

    // Everything above is in an intact audit chain.
    let keys = t.app.keys.clone();
    let n = zeri_storage::verify_chain(t.store().as_ref(), &keys).await.unwrap().unwrap();
    assert!(n >= 20, "{n}");
}

#[tokio::test]
async fn kukes_scenario_sqlite() {
    kukes_scenario(&TestApp::new().await).await;
}

#[tokio::test]
async fn kukes_scenario_postgres() {
    if let Some(t) = TestApp::postgres().await {
        kukes_scenario(&t).await;
    }
}

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

#[tokio::test]
async fn an_export_is_traced_without_its_footer() {
    let t = TestApp::new().await;
    let mut report = kukes_report();
    report["consent_police"] = json!(true);
    report["phone"] = json!("0691234567");
    let receipt = t.report(report).await;
    let counsellor = t.staff("ana", Role::Counsellor).await;
    let id = t.case_id(&counsellor).await;
    t.json(Method::GET, &format!("/api/v1/cases/{id}"), None, Some(&counsellor)).await;
    // Not to a service, and not without consent.
    let bad = t.post(&format!("/api/v1/cases/{id}/exports"), json!({"recipient": "svc-test"}), &counsellor).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The package names the child: not without a reason, asked in the user's language.
    let before = t.store().events(&id).await.unwrap().len();
    for (lang, words) in [("en", "too short"), ("sq", "shumë e shkurtër")] {
        let req = Request::post(format!("/api/v1/cases/{id}/exports"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT_LANGUAGE, lang)
            .header(header::AUTHORIZATION, format!("Bearer {counsellor}"))
            .body(Body::from(json!({"recipient": "police", "reason": "because"}).to_string()))
            .unwrap();
        let res = t.send(req).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        let message = res.json()["error"]["fields"]["reason"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains(words), "{lang}: {}", res.body);
    }
    let missing = t.post(&format!("/api/v1/cases/{id}/exports"), json!({"recipient": "police"}), &counsellor).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.json()["error"]["fields"]["reason"].is_string(), "{}", missing.body);
    assert_eq!(t.store().events(&id).await.unwrap().len(), before, "nothing exported, nothing recorded");
    let why = "The police asked for the file of this extortion case";
    let req = Request::post(format!("/api/v1/cases/{id}/exports"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {counsellor}"))
        .body(Body::from(json!({"recipient": "police", "reason": why}).to_string()))
        .unwrap();
    let res = t.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/zip");
    let zip = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    let json_text = zeri_web::service::exports::read_zip_entry(&zip, "case.json").unwrap();
    let readme = zeri_web::service::exports::read_zip_entry(&zip, "README.txt").unwrap();
    assert!(readme.contains("Policia e Shtetit"), "the visible footer names the recipient");
    // Strip the footer: drop README and the export block, keep only the case's text.
    let mut doc: Value = serde_json::from_str(&json_text).unwrap();
    doc.as_object_mut().unwrap().remove("export");
    let leaked = serde_json::to_string_pretty(&doc["case"]).unwrap();
    assert!(!leaked.contains("Policia e Shtetit") || leaked.contains("referrals"));
    let traced = zeri_web::service::exports::trace(t.store().as_ref(), &t.app.keys, leaked.as_bytes()).await.unwrap();
    assert_eq!(traced.len(), 1);
    assert_eq!(traced[0].recipient_org, "police");
    // Even one paragraph copied out of it.
    let description = doc["case"]["description"].as_str().unwrap().to_owned();
    let traced = zeri_web::service::exports::trace(
        t.store().as_ref(),
        &t.app.keys,
        format!("The paper printed: {description}").as_bytes(),
    )
    .await
    .unwrap();
    assert_eq!(
        traced[0].id,
        zeri_web::service::exports::trace(t.store().as_ref(), &t.app.keys, &zip).await.unwrap()[0].id
    );
    // A name or a phone number copied out alone, however short, names the export too.
    for field in ["name", "contact"] {
        let alone = doc["case"]["identity"][field].as_str().unwrap().to_owned();
        assert!(["Drita Hoxha", "0691234567"].contains(&zeri_crypto::watermark::strip(&alone).as_str()), "{alone}");
        let traced =
            zeri_web::service::exports::trace(t.store().as_ref(), &t.app.keys, alone.as_bytes()).await.unwrap();
        assert_eq!(traced.len(), 1, "{field} alone traces");
        assert_eq!(traced[0].recipient_org, "police");
    }
    // The check bits are keyed: the same marks read under another installation's key name
    // nothing.
    let other = zeri_crypto::Keyring::new(zeri_crypto::MasterKey::generate());
    assert!(zeri_web::service::exports::trace(t.store().as_ref(), &other, leaked.as_bytes()).await.unwrap().is_empty());
    // A scrubbed copy carries no fingerprint, and says nothing false.
    let scrubbed = zeri_crypto::watermark::strip(&leaked);
    assert!(zeri_web::service::exports::trace(t.store().as_ref(), &t.app.keys, scrubbed.as_bytes())
        .await
        .unwrap()
        .is_empty());
    // The export is in the child's access log, with the reason, sealed like the others.
    let events = t.store().events(&id).await.unwrap();
    assert!(events.iter().any(|e| e.action == "exported" && e.detail.as_deref() == Some("police")));
    for action in ["exported", "identity-revealed"] {
        let e = events.iter().rev().find(|e| e.action == action).expect(action);
        assert!(e.sealed.is_some(), "{action}: the reason is kept, sealed");
    }
    let child = t.survivor(&receipt).await;
    let status = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await.json();
    let accessed = status["accessed"].as_array().unwrap();
    for action in ["exported", "identity-revealed"] {
        let line = accessed.iter().find(|a| a["action"] == action).unwrap_or_else(|| panic!("{action}: {status}"));
        assert_eq!(line["reason"], why, "the child sees why");
    }
}

#[tokio::test]
async fn escalation_tasks_and_the_overdue_list() {
    let t = TestApp::new().await;
    t.report(kukes_report()).await;
    let c = t.staff("ana", Role::Counsellor).await;
    let id = t.case_id(&c).await;
    t.ok(
        &format!("/api/v1/cases/{id}/triage"),
        json!({"urgency": "immediate_danger", "category": "sexual_extortion"}),
        &c,
    )
    .await;
    t.ok(
        &format!("/api/v1/cases/{id}/tasks"),
        json!({"title": "Call the school psychologist", "due": "2024-01-15"}),
        &c,
    )
    .await;
    let bad = t.post(&format!("/api/v1/cases/{id}/tasks"), json!({"title": "x", "due": "2024-02-30"}), &c).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let nobody = t
        .post(&format!("/api/v1/cases/{id}/tasks"), json!({"title": "x", "due": "2027-01-01", "owner": "ghost"}), &c)
        .await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY);
    let tasks = t.json(Method::GET, "/api/v1/tasks", None, Some(&c)).await.json();
    let tasks = tasks.as_array().unwrap();
    assert_eq!(tasks.len(), 2, "{tasks:?}");
    let overdue: Vec<_> = tasks.iter().filter(|t| t["overdue"] == true).collect();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["title"], "Call the school psychologist");
    assert!(tasks.iter().any(|t| t["title"].as_str().unwrap().contains("immediate danger")), "the escalation task");
    let cases = t.json(Method::GET, "/api/v1/cases", None, Some(&c)).await.json();
    assert_eq!(cases[0]["urgency"], "immediate_danger");
    // Done once.
    let task = overdue[0]["id"].as_str().unwrap();
    t.ok(&format!("/api/v1/cases/{id}/task-done"), json!({"task": task}), &c).await;
    assert_eq!(
        t.post(&format!("/api/v1/cases/{id}/task-done"), json!({"task": task}), &c).await.status,
        StatusCode::CONFLICT
    );
    // The queue page shows the danger first; the case page the escalation steps.
    let cookie = t.page_login("ana").await;
    let page = t.page(&format!("/en/staff/reports/{id}"), Some(&cookie)).await;
    assert!(page.body.contains("A child may be in immediate danger"), "{}", page.body);
}

#[tokio::test]
async fn the_case_page_serves_every_operation_with_csrf() {
    let t = TestApp::new().await;
    t.report(kukes_report()).await;
    t.create("ana", Role::Counsellor, Some("helpline")).await;
    let cookie = t.page_login("ana").await;
    let queue = t.page("/en/staff", Some(&cookie)).await;
    let at = queue.body.find("/en/staff/reports/").unwrap();
    let href = queue.body[at..at + "/en/staff/reports/".len() + 32].to_owned();
    let page = t.page(&href, Some(&cookie)).await;
    assert!(!page.body.contains('⟦'), "untranslated text: {}", page.body);
    assert!(page.body.contains("cpu-kukes\" selected"), "the unit of the child's municipality is suggested");
    // A long page that says what comes next and lists its parts (issue 20, point 8).
    assert!(page.body.contains("Next step:</strong> <a href=\"#triage\">"), "the next step first");
    assert!(page.body.contains("<summary>On this page</summary>") && page.body.contains("<a href=\"#notes\">"));
    // Its parts fold: where a worker acts first stays open, the rest is folded.
    assert!(page.body.contains("<details class=\"part\" open><summary><h2 id=\"triage\">"), "the next step open");
    assert!(page.body.contains("<details class=\"part\"><summary><h2 id=\"notes\">"), "other parts folded");
    for tag in ["details", "summary", "form", "section", "ul", "div", "table"] {
        let opened = page.body.matches(&format!("<{tag}>")).count() + page.body.matches(&format!("<{tag} ")).count();
        assert_eq!(opened, page.body.matches(&format!("</{tag}>")).count(), "<{tag}> balanced");
    }
    let csrf_at = page.body.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    let csrf = page.body[csrf_at..csrf_at + 32].to_owned();
    assert_eq!(
        t.form(&format!("{href}/notes"), &[("body", "forged")], Some(&cookie)).await.status,
        StatusCode::FORBIDDEN
    );
    let note = t
        .form(&format!("{href}/notes"), &[("csrf", &csrf), ("body", "Called the child back, calm now")], Some(&cookie))
        .await;
    assert_eq!(note.status, StatusCode::SEE_OTHER);
    // Every action is confirmed in words (issue 20, point 8).
    let done = note.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(done.ends_with("?done=notes#notes"), "{done}");
    let after = t.page(&done, Some(&cookie)).await.body;
    assert!(after.contains("The note was added."));
    assert!(after.contains("<details class=\"part\" open><summary><h2 id=\"notes\">"), "the part acted on is open");
    assert!(
        !t.page(&format!("{href}?done=%3Cb%3E"), Some(&cookie)).await.body.contains("class=\"card done\""),
        "only known names"
    );
    let bad = t.form(&format!("{href}/reveal"), &[("csrf", &csrf), ("reason", "short")], Some(&cookie)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("at least 10 characters"), "errors in the page's language");
    // A refusal says what to correct, not that the form could not be read, and keeps the input.
    assert!(bad.body.contains("This was not done") && !bad.body.contains("could not read the form"), "{}", bad.body);
    assert!(bad.body.contains("name=\"reason\" maxlength=\"500\" required>short</textarea>"), "the input kept");
    // A refusal shows beside its own form only, and opens the part that holds it.
    let bad_note = t.form(&format!("{href}/notes"), &[("csrf", &csrf), ("body", "  ")], Some(&cookie)).await;
    assert_eq!(bad_note.status, StatusCode::UNPROCESSABLE_ENTITY);
    let notes_at = bad_note.body.find("<h2 id=\"notes\">").unwrap();
    let error_at = bad_note.body.find("class=\"field-error\"").expect("the refusal beside its field");
    assert!(error_at > notes_at && bad_note.body.matches("class=\"field-error\"").count() == 1, "only beside the note");
    assert!(bad_note.body.contains("<details class=\"part\" open><summary><h2 id=\"notes\">"), "its part open");
    let shown = t
        .form(
            &format!("{href}/reveal"),
            &[("csrf", &csrf), ("reason", "The child asked us to call back")],
            Some(&cookie),
        )
        .await;
    assert_eq!(shown.status, StatusCode::OK);
    assert!(shown.body.contains("+355 69 123 4567") && shown.body.contains("Drita Hoxha"));
    // The next view masks it again.
    let again = t.page(&href, Some(&cookie)).await;
    assert!(!again.body.contains("123 4567") && again.body.contains("Called the child back, calm now"));
    for lang in ["sq", "en"] {
        let p = t.page(&href.replace("/en/", &format!("/{lang}/")), Some(&cookie)).await;
        assert!(!p.body.contains('⟦'), "{lang}: untranslated text");
    }
    let sq = t.page("/sq/staff", Some(&cookie)).await;
    assert!(!sq.body.contains('⟦'));
}

/// Need-to-know down to the person (issue 16, point 7): an accepted referral is the case of
/// the one who handles it; a colleague in the same unit sees only the referral, cannot
/// reveal the child or answer for them, and does not get it in their list. The child's
/// consent to "the Child Protection Unit" is to the unit of their municipality, not to any
/// of the 61.
#[tokio::test]
async fn a_second_officer_cannot_open_a_referral_accepted_by_a_colleague() {
    let t = TestApp::new().await;
    let counsellor = t.staff("cn-ntk", Role::Counsellor).await;
    t.report(kukes_report()).await;
    let id = t.case_id(&counsellor).await;
    let case = |p: &str| format!("/api/v1/cases/{id}{p}");
    // Consent to the unit of Kukës is not consent to the unit of Tirana.
    let elsewhere = t.post(&case("/referrals"), json!({"to": "cpu-tirane", "note": "Wrong unit"}), &counsellor).await;
    assert_eq!(elsewhere.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", elsewhere.body);
    assert!(elsewhere.body.contains("consent"), "{}", elsewhere.body);
    t.ok(&case("/referrals"), json!({"to": "cpu-kukes", "note": "Extortion; please help"}), &counsellor).await;

    let first = t.staff("officer-a", Role::ChildProtectionOfficer).await;
    let second = t.staff("officer-b", Role::ChildProtectionOfficer).await;
    let rid = t.json(Method::GET, &case(""), None, Some(&first)).await.json()["referrals"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    t.ok(&case("/referral-answer"), json!({"referral": rid, "status": "accepted"}), &first).await;

    let mine = t.json(Method::GET, &case(""), None, Some(&first)).await.json();
    assert_eq!(mine["relation"], "referred");
    assert_eq!(mine["description"], "Someone threatens to post my photos unless I pay");
    let theirs = t.json(Method::GET, &case(""), None, Some(&second)).await.json();
    assert_eq!(theirs["relation"], "referral_pending", "{theirs}");
    assert!(theirs["description"].is_null(), "a colleague sees the referral only: {theirs}");
    let reveal = t.post(&case("/reveal"), json!({"reason": "I want to see who this is"}), &second).await;
    assert_eq!(reveal.status, StatusCode::FORBIDDEN, "{}", reveal.body);
    let done = t.post(&case("/referral-answer"), json!({"referral": rid, "status": "completed"}), &second).await;
    assert_eq!(done.status, StatusCode::FORBIDDEN, "only its handler closes it");
    let list = t.json(Method::GET, "/api/v1/cases", None, Some(&second)).await.json();
    assert!(list.as_array().unwrap().iter().all(|c| c["id"] != id), "not in a colleague's list: {list}");

    // Accepting can name a colleague instead: then they handle it, and the one who accepted
    // keeps the referral only.
    t.report(kukes_report()).await;
    let other = t
        .json(Method::GET, "/api/v1/cases", None, Some(&counsellor))
        .await
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .find(|c| *c != id)
        .unwrap();
    let case2 = |p: &str| format!("/api/v1/cases/{other}{p}");
    t.ok(&case2("/referrals"), json!({"to": "cpu-kukes", "note": "Another child"}), &counsellor).await;
    let rid2 = t.json(Method::GET, &case2(""), None, Some(&first)).await.json()["referrals"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let unknown = t
        .post(&case2("/referral-answer"), json!({"referral": rid2, "status": "accepted", "handler": "cn-ntk"}), &first)
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY, "a handler from another organisation");
    t.ok(&case2("/referral-answer"), json!({"referral": rid2, "status": "accepted", "handler": "officer-b"}), &first)
        .await;
    assert_eq!(t.json(Method::GET, &case2(""), None, Some(&second)).await.json()["relation"], "referred");
    assert_eq!(t.json(Method::GET, &case2(""), None, Some(&first)).await.json()["relation"], "referral_pending");
}
