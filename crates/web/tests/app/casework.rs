//! Case work: need-to-know down to the person, and the Kukës referral story.

use axum::http::{Method, StatusCode};
use serde_json::json;
use zeri_domain::Role;

use crate::support::*;

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
