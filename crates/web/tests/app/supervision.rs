//! The helpline as a team: every contact recorded with its CHI category, the supervisor's
//! live queue, reading along and coaching, the quality review of a sample, closure
//! approval, the CHI export and the team's figures, each checked against the database.

use axum::http::{header, StatusCode};
use serde_json::json;
use std::collections::BTreeMap;
use zeri_domain::chi::{Disposition, Gender, Sub};
use zeri_domain::Role;
use zeri_storage::{ContactRecordRow, NewEvent};

use crate::support::*;

/// A child chats; a supervisor sees the chat waiting and then who answers it, reads along
/// (the counsellor sees it), and coaches the counsellor (never shown to the child); the
/// counsellor ends the chat and records it with a CHI category; the supervisor finds it in
/// the week's sample and reviews it; everything the supervisor read is in the audit log;
/// a supervisor of another organisation sees none of it.
async fn a_chat_recorded_and_reviewed(t: TestApp) {
    let receipt = t.report(kukes_report()).await;
    let child = t.form("/en/followup", &[("receipt", &receipt)], None).await.cookie();
    t.create("drita", Role::Counsellor, Some("helpline")).await;
    t.create("besa", Role::Supervisor, Some("helpline")).await;
    t.create("other", Role::Supervisor, Some("hotline")).await;
    let staff = t.page_login("drita").await;
    let sup = t.page_login("besa").await;
    let other = t.page_login("other").await;

    // The child is told a supervisor may read along.
    let page = t.page("/en/followup/chat", Some(&child)).await;
    assert!(page.body.contains("A supervisor of the helpline may read the chat along"), "{}", page.body);
    let open = t.script("/followup/chat/open", json!({}), &child, None).await;
    let chat = open.json()["chat"].as_str().unwrap().to_owned();
    t.script("/followup/chat/send", json!({"id": hex_id(1), "body": "Zqxj-SUP-1 hello"}), &child, None).await;

    // The supervisor's live queue: the chat waits, nobody is on duty yet.
    let q = t.page("/en/staff/supervision", Some(&sup)).await;
    assert_eq!(q.status, StatusCode::OK, "{}", q.body);
    assert!(q.body.contains(&format!("data-sup-chat=\"{chat}\"")) && q.body.contains("data-waiting-minutes"));
    assert!(q.body.contains("http-equiv=\"refresh\"") && !q.body.contains("Zqxj-SUP-1"), "no message text");
    assert!(q.body.contains("Nobody of your organisation is on duty"));
    // Another organisation's supervisor sees no chat of the helpline; a counsellor no queue.
    let elsewhere = t.page("/en/staff/supervision", Some(&other)).await;
    assert!(!elsewhere.body.contains(&chat), "{}", elsewhere.body);
    assert_eq!(t.page("/en/staff/supervision", Some(&staff)).await.status, StatusCode::FORBIDDEN);

    let queue = t.page("/en/staff/chats", Some(&staff)).await;
    let csrf = csrf_of(&queue.body);
    t.form("/en/staff/chats/duty", &[("csrf", &csrf), ("on", "1")], Some(&staff)).await;
    let taken = t.form(&format!("/en/staff/chats/{chat}/take"), &[("csrf", &csrf)], Some(&staff)).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);
    let q = t.page("/en/staff/supervision", Some(&sup)).await;
    assert!(q.body.contains("data-on-duty=\"drita\""), "who is on duty: {}", q.body);
    let row = &q.body[q.body.find(&format!("data-sup-chat=\"{chat}\"")).unwrap()..];
    assert!(row[..row.find("</tr>").unwrap()].contains("drita"), "who handles it: {row}");

    // Reading along: the supervisor sees the thread; the counsellor sees who reads along.
    let along = t.page(&format!("/en/staff/chats/{chat}/supervise"), Some(&sup)).await;
    assert_eq!(along.status, StatusCode::OK, "{}", along.body);
    assert!(along.body.contains("Zqxj-SUP-1"));
    let report_id = t.store().chat(&chat).await.unwrap().unwrap().report_id;
    let thread = t.store().messages_after(&report_id, 0).await.unwrap();
    assert!(thread.iter().all(|m| m.delivered_at.is_none()), "reading along marks nothing delivered");
    assert_eq!(
        t.page(&format!("/en/staff/chats/{chat}/supervise"), Some(&other)).await.status,
        StatusCode::NOT_FOUND,
        "never another organisation's chat"
    );
    let sup_csrf = csrf_of(&along.body);
    let coached = t
        .form(
            &format!("/en/staff/chats/{chat}/coach"),
            &[("csrf", &sup_csrf), ("note", "Zqxj-COACH ask whether they are safe now")],
            Some(&sup),
        )
        .await;
    assert_eq!(coached.status, StatusCode::SEE_OTHER, "{}", coached.body);
    let mine = t.page(&format!("/en/staff/chats/{chat}"), Some(&staff)).await;
    assert!(
        mine.body.contains("Supervisor besa is reading along") && mine.body.contains("Zqxj-COACH"),
        "{}",
        mine.body
    );
    let child_page = t.page("/en/followup/chat", Some(&child)).await;
    let child_stream = t.events("/followup/chat/events?after=0&lang=en", &child, |s| s.contains("event: state")).await;
    assert!(!child_page.body.contains("Zqxj-COACH") && !child_stream.contains("Zqxj-COACH"), "never to the child");
    assert!(!t.bytes_at_rest().windows(10).any(|w| w == b"Zqxj-COACH"), "the note is sealed");

    // Ending the chat leads to its record; the category is suggested from the report.
    let ended = t.form(&format!("/en/staff/chats/{chat}/end"), &[("csrf", &csrf), ("block", "0")], Some(&staff)).await;
    assert_eq!(ended.headers[header::LOCATION], format!("/en/staff/contacts/chat/{chat}"));
    let form = t.page(&format!("/en/staff/contacts/chat/{chat}"), Some(&staff)).await;
    assert!(form.body.contains("<option value=\"sexual_extortion\" selected"), "{}", form.body);
    let bad = t
        .form(
            &format!("/en/staff/contacts/chat/{chat}"),
            &[("csrf", &csrf), ("disposition", "nonsense"), ("category", "cyberbullying")],
            Some(&staff),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let rec = t
        .form(
            &format!("/en/staff/contacts/chat/{chat}"),
            &[("csrf", &csrf), ("disposition", "data"), ("category", "cyberbullying"), ("gender", "girl")],
            Some(&staff),
        )
        .await;
    assert_eq!(rec.status, StatusCode::SEE_OTHER, "{}", rec.body);
    let again = t
        .form(&format!("/en/staff/contacts/chat/{chat}"), &[("csrf", &csrf), ("disposition", "prank")], Some(&staff))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "recorded once");
    let record = t.store().contact_record_of_chat(&chat).await.unwrap().expect("recorded");
    assert_eq!(
        (record.disposition.as_str(), record.chi_main.as_deref(), record.chi_sub.as_deref(), record.gender.as_str()),
        ("data", Some("abuse_violence"), Some("cyberbullying"), "girl")
    );
    assert_eq!((record.channel.as_str(), record.org_id.as_str()), ("chat", "helpline"));
    assert_eq!(record.age_band, t.store().report(&report_id).await.unwrap().unwrap().age_band.as_str());

    // The week's sample holds it (the only contact about a case); the review is saved once.
    let sample = t.page("/en/staff/supervision/reviews", Some(&sup)).await;
    assert!(sample.body.contains(&format!("data-sample=\"{}\"", record.id)), "{}", sample.body);
    assert!(sample.body.contains("Cyberbullying") && !sample.body.contains("Zqxj"), "categories, no text");
    assert!(!t.page("/en/staff/supervision/reviews", Some(&other)).await.body.contains(&record.id));
    let review_url = format!("/en/staff/supervision/reviews/{}", record.id);
    assert_eq!(t.page(&review_url, Some(&other)).await.status, StatusCode::NOT_FOUND);
    let form = t.page(&review_url, Some(&sup)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let answers = [("csrf", sup_csrf.as_str()), ("q1", "5"), ("q2", "4"), ("q3", "5"), ("q4", "3"), ("q5", "4")];
    let mut out_of_range = answers.to_vec();
    out_of_range[3] = ("q3", "9");
    assert_eq!(t.form(&review_url, &out_of_range, Some(&sup)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut with_comment = answers.to_vec();
    with_comment.push(("comment", "Zqxj-REVIEW warm and safe"));
    assert_eq!(t.form(&review_url, &with_comment, Some(&sup)).await.status, StatusCode::SEE_OTHER);
    assert_eq!(t.form(&review_url, &with_comment, Some(&sup)).await.status, StatusCode::CONFLICT);
    let saved = t.store().review(&record.id).await.unwrap().expect("reviewed");
    assert_eq!(saved.answers, [5, 4, 5, 3, 4]);
    assert!(!t.bytes_at_rest().windows(12).any(|w| w == b"Zqxj-REVIEW "), "the comment is sealed");
    assert!(t.page("/en/staff/supervision/reviews", Some(&sup)).await.body.contains("Reviewed"));

    // Every supervisor read is in the audit log of the case, by the supervisor; the child's
    // access log names the role, never the person.
    let besa = t.store().staff_by_username("besa").await.unwrap().unwrap();
    let events = t.store().events(&report_id).await.unwrap();
    for action in ["chat-supervised", "chat-coached", "quality-review-opened", "quality-reviewed"] {
        assert!(
            events.iter().any(|e| e.action == action && e.staff_id.as_deref() == Some(besa.id.as_str())),
            "{action}"
        );
    }
    assert!(events.iter().any(|e| e.action == "contact-recorded"));
    let followup = t.page("/en/followup", Some(&child)).await;
    assert!(followup.body.contains("A supervisor") && !followup.body.contains("besa"), "{}", followup.body);
}

#[tokio::test]
async fn a_chat_is_recorded_with_a_chi_category_and_the_supervisor_samples_it() {
    a_chat_recorded_and_reviewed(TestApp::new().await).await;
}

#[tokio::test]
async fn a_chat_is_recorded_with_a_chi_category_and_the_supervisor_samples_it_postgres() {
    if let Some(t) = TestApp::postgres().await {
        a_chat_recorded_and_reviewed(t).await;
    }
}

/// Milliseconds at the start of a UTC day of 2025.
fn in_2025(day: usize) -> i64 {
    (20_089 + day as i64) * 86_400_000 + 3_600_000
}

/// Generated contacts (seeded) in 2025 of two organisations → the CHI export of the
/// helpline's supervisor equals a direct count in SQL, cell by cell; every count from 1 to
/// 4 is hidden as "<5"; the hotline's contacts are not in it; a year that has not ended is
/// refused.
async fn chi_export_equals_the_database(t: TestApp) {
    t.create("drita", Role::Counsellor, Some("helpline")).await;
    t.create("besa", Role::Supervisor, Some("helpline")).await;
    t.create("arta", Role::HotlineAnalyst, Some("hotline")).await;
    let drita = t.store().staff_by_username("drita").await.unwrap().unwrap();
    let arta = t.store().staff_by_username("arta").await.unwrap().unwrap();
    let mut g = Lcg(19);
    // A few frequent categories, so that some cells are large and some small.
    let subs = [Sub::Cyberbullying, Sub::SexualExtortion, Sub::AnxietyDepression, Sub::Friends, Sub::Drugs];
    let ages = ["13_15", "16_17", "under_13", "unknown"];
    for i in 0..260 {
        let hotline = g.next(10) == 0;
        let disposition = if g.next(3) == 0 { Disposition::ALL[1 + g.next(7)] } else { Disposition::Data };
        let sub =
            disposition
                .is_data()
                .then(|| if g.next(6) == 0 { Sub::ALL[g.next(Sub::ALL.len())] } else { subs[g.next(5)] });
        let row = ContactRecordRow {
            id: format!("gen{i:04}"),
            org_id: if hotline { "hotline" } else { "helpline" }.into(),
            report_id: None,
            chat_id: None,
            staff_id: if hotline { arta.id.clone() } else { drita.id.clone() },
            channel: ["chat", "phone"][g.next(2)].into(),
            at: in_2025(g.next(365)),
            disposition: disposition.as_str().into(),
            chi_main: sub.map(|s| s.main().as_str().into()),
            chi_sub: sub.map(|s| s.as_str().into()),
            age_band: if sub.is_some() { ages[g.next(4)] } else { "unknown" }.into(),
            gender: if sub.is_some() { Gender::ALL[g.next(4)].as_str() } else { "unknown" }.into(),
        };
        let e = NewEvent { at: row.at, action: "contact-recorded", ..NewEvent::default() };
        t.store().insert_contact_record(&row, &e).await.unwrap();
    }
    // One at the very start of 2026 must not count.
    let late = ContactRecordRow {
        id: "late".into(),
        at: (20_089 + 365) * 86_400_000,
        ..t.store().contact_record("gen0000").await.unwrap().unwrap()
    };
    let late = ContactRecordRow { org_id: "helpline".into(), staff_id: drita.id.clone(), ..late };
    t.store()
        .insert_contact_record(&late, &NewEvent { at: late.at, action: "x", ..NewEvent::default() })
        .await
        .unwrap();

    let sup = t.page_login("besa").await;
    let res = t.page("/en/staff/contacts/chi.csv?year=2025", Some(&sup)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    let year = time::OffsetDateTime::now_utc().year();
    assert_eq!(
        t.page(&format!("/en/staff/contacts/chi.csv?year={year}"), Some(&sup)).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "only an ended year"
    );
    let counsellor = t.page_login("drita").await;
    assert_eq!(t.page("/en/staff/contacts/chi.csv?year=2025", Some(&counsellor)).await.status, StatusCode::FORBIDDEN);

    // The direct computation: one GROUP BY per table, straight from the database.
    let (from, to) = (20_089 * 86_400_000i64, (20_089 + 365) * 86_400_000i64);
    let direct = |sql: &str| sql.replace("$W", &format!("org_id = 'helpline' AND at >= {from} AND at < {to}"));
    let tables = [
        ("category", direct("SELECT chi_sub, channel, COUNT(*) FROM contact_records WHERE $W AND disposition = 'data' GROUP BY chi_sub, channel")),
        ("disposition", direct("SELECT disposition, channel, COUNT(*) FROM contact_records WHERE $W GROUP BY disposition, channel")),
        ("age_group", direct("SELECT age_band, channel, COUNT(*) FROM contact_records WHERE $W AND disposition = 'data' GROUP BY age_band, channel")),
        ("gender", direct("SELECT gender, channel, COUNT(*) FROM contact_records WHERE $W AND disposition = 'data' GROUP BY gender, channel")),
    ];
    let lines: Vec<Vec<&str>> = res.body.lines().skip(1).map(|l| l.split(',').collect()).collect();
    assert_eq!(res.body.lines().next().unwrap(), "year,table,main_category,row,chat,phone,total");
    let mut small_seen = 0;
    for (name, sql) in tables {
        let mut truth: BTreeMap<(String, String), i64> = BTreeMap::new();
        for (row, channel, n) in t.query_counts(&sql).await {
            truth.insert((row.clone(), channel.clone()), n);
            *truth.entry((row, "total".into())).or_default() += n;
            *truth.entry(("total".into(), channel)).or_default() += n;
            *truth.entry(("total".into(), "total".into())).or_default() += n;
        }
        let rows: Vec<&Vec<&str>> = lines.iter().filter(|l| l[1] == name).collect();
        assert!(!rows.is_empty(), "{name}");
        for l in rows {
            assert_eq!(l[0], "2025");
            if name == "category" && l[3] != "total" {
                assert_eq!(l[2], Sub::parse(l[3]).unwrap().main().as_str(), "the CHI main category of {}", l[3]);
            }
            for (j, channel) in ["chat", "phone", "total"].iter().enumerate() {
                let want = truth.get(&(l[3].to_owned(), (*channel).to_owned())).copied().unwrap_or(0);
                match l[4 + j] {
                    "<5" => {
                        assert!((1..5).contains(&want), "{name} {} {channel}: <5 but {want}", l[3]);
                        small_seen += 1;
                    }
                    "–" => {}
                    shown => {
                        assert_eq!(shown.parse::<i64>().unwrap(), want, "{name} {} {channel}", l[3]);
                        assert!(want == 0 || want >= 5, "{name} {} {channel}: {want} shown", l[3]);
                    }
                }
            }
        }
    }
    assert!(small_seen > 0, "the generated data has small cells, and they are hidden");
    let total_line = lines.iter().find(|l| l[1] == "disposition" && l[3] == "total").unwrap();
    let all: i64 = t
        .query_counts(&direct(
            "SELECT CAST('all' AS TEXT), CAST('all' AS TEXT), COUNT(*) FROM contact_records WHERE $W",
        ))
        .await[0]
        .2;
    assert_eq!(total_line[6], all.to_string(), "every contact of 2025, the hotline's and 2026's left out");
}

#[tokio::test]
async fn the_chi_export_equals_a_direct_count_on_generated_contacts() {
    chi_export_equals_the_database(TestApp::new().await).await;
}

#[tokio::test]
async fn the_chi_export_equals_a_direct_count_on_generated_contacts_postgres() {
    if let Some(t) = TestApp::postgres().await {
        chi_export_equals_the_database(t).await;
    }
}

/// Where the helpline requires it, a counsellor's close request waits for a supervisor, who
/// returns it with a reason (sealed; the counsellor is told) or approves it (the case
/// closes). Without the rule a counsellor closes as before.
async fn closure_needs_approval(t: TestApp) {
    let counsellor = t.staff("drita", Role::Counsellor).await;
    t.create("besa", Role::Supervisor, Some("helpline")).await;
    let sup = t.page_login("besa").await;
    t.report(minimal()).await;
    let id = t.case_id(&counsellor).await;
    t.ok(&format!("/api/v1/cases/{id}/take"), json!({}), &counsellor).await;
    t.ok(&format!("/api/v1/cases/{id}/stage"), json!({"stage": "in_review"}), &counsellor).await;

    let q = t.page("/en/staff/supervision", Some(&sup)).await;
    let csrf = csrf_of(&q.body);
    assert!(q.body.contains("counsellors close cases themselves"));
    let on = t.form("/en/staff/supervision/settings", &[("csrf", &csrf), ("closure_approval", "1")], Some(&sup)).await;
    assert_eq!(on.status, StatusCode::SEE_OTHER);
    assert!(t.store().closure_needs_approval("helpline").await.unwrap());

    let close = t.post(&format!("/api/v1/cases/{id}/stage"), json!({"stage": "closed"}), &counsellor).await;
    assert_eq!(close.status, StatusCode::CONFLICT, "{}", close.body);
    assert!(close.body.contains("waits for a supervisor"), "{}", close.body);
    assert_eq!(t.store().report(&id).await.unwrap().unwrap().stage.as_str(), "in_review", "not closed yet");
    let q = t.page("/en/staff/supervision", Some(&sup)).await;
    assert!(q.body.contains(&format!("data-closure=\"{id}\"")), "{}", q.body);

    // Returned with a reason: sealed, and the counsellor hears of it.
    let url = format!("/en/staff/supervision/closures/{id}");
    let no_reason = t.form(&url, &[("csrf", &csrf), ("decision", "return")], Some(&sup)).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let back = t
        .form(
            &url,
            &[("csrf", &csrf), ("decision", "return"), ("reason", "Zqxj-RETURN call the school first")],
            Some(&sup),
        )
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    assert!(!t.bytes_at_rest().windows(12).any(|w| w == b"Zqxj-RETURN "), "the reason is sealed");
    let drita = t.store().staff_by_username("drita").await.unwrap().unwrap();
    assert!(t.store().notifications(&drita.id, 10).await.unwrap().iter().any(|n| n.kind == "closure"));
    assert!(t.store().pending_closure(&id).await.unwrap().is_none());

    // Asked again and approved: the case closes, both steps in its audit log.
    let close = t.post(&format!("/api/v1/cases/{id}/stage"), json!({"stage": "closed"}), &counsellor).await;
    assert_eq!(close.status, StatusCode::CONFLICT);
    let ok = t.form(&url, &[("csrf", &csrf), ("decision", "approve")], Some(&sup)).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(t.store().report(&id).await.unwrap().unwrap().stage.as_str(), "closed");
    let actions: Vec<String> = t.store().events(&id).await.unwrap().into_iter().map(|e| e.action).collect();
    for a in ["closure-requested", "closure-returned", "closure-approved"] {
        assert!(actions.iter().any(|x| x == a), "{a}: {actions:?}");
    }
    // Nothing pending is approved twice; a counsellor cannot approve.
    assert_eq!(
        t.form(&url, &[("csrf", &csrf), ("decision", "approve")], Some(&sup)).await.status,
        StatusCode::NOT_FOUND
    );
    let staff_page = t.page_login("drita").await;
    let staff_csrf = csrf_of(&t.page("/en/staff/chats", Some(&staff_page)).await.body);
    let forbidden = t.form(&url, &[("csrf", &staff_csrf), ("decision", "approve")], Some(&staff_page)).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_close_request_waits_for_the_supervisor_where_the_organisation_requires_it() {
    closure_needs_approval(TestApp::new().await).await;
}

#[tokio::test]
async fn a_close_request_waits_for_the_supervisor_where_the_organisation_requires_it_postgres() {
    if let Some(t) = TestApp::postgres().await {
        closure_needs_approval(t).await;
    }
}

async fn durations(t: &TestApp, sql: &str) -> Vec<i64> {
    t.query_counts(sql).await.into_iter().map(|(_, _, d)| d).collect()
}

fn median(mut v: Vec<i64>) -> Option<f64> {
    v.sort_unstable();
    let n = v.len();
    (n > 0).then(|| if n % 2 == 1 { v[n / 2] as f64 } else { (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0 } / 60_000.0)
}

/// Generated case work (seeded): the supervisor's figures equal a direct computation from
/// the database: caseload per counsellor, overdue tasks, the medians of time to the first
/// answer (chat and case) and to closure, and contacts by disposition; satisfaction is the
/// empty slot until the chat ratings are wired.
async fn figures_equal_the_database(t: TestApp) {
    let drita = t.staff("drita", Role::Counsellor).await;
    let arben = t.staff("arben", Role::Counsellor).await;
    t.create("besa", Role::Supervisor, Some("helpline")).await;
    let mut g = Lcg(7);
    let now = zeri_web::now_ms();
    let ids: Vec<String> = {
        for _ in 0..7 {
            t.report(minimal()).await;
        }
        let cases = t.json(axum::http::Method::GET, "/api/v1/cases", None, Some(&drita)).await.json();
        cases.as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(ids.len(), 7);
    for (i, id) in ids.iter().enumerate() {
        let token = if g.next(3) == 0 { &arben } else { &drita };
        t.ok(&format!("/api/v1/cases/{id}/take"), json!({}), token).await;
        if i % 2 == 0 {
            t.ok(&format!("/api/v1/cases/{id}/messages"), json!({"body": "hello"}), token).await;
        }
        if i < 4 {
            let due = if g.next(2) == 0 { "2025-01-02" } else { "2027-06-01" };
            t.ok(&format!("/api/v1/cases/{id}/tasks"), json!({"title": "call back", "due": due}), token).await;
        }
        // A chat waiting some minutes, then answered.
        let chat = zeri_storage::ChatRow {
            id: format!("chat{i}"),
            report_id: id.clone(),
            opened_at: now - (1 + g.next(40) as i64) * 60_000,
            status: zeri_storage::ChatStatus::Waiting,
            routed_to: None,
            staff_id: None,
            answered_at: None,
            ended_at: None,
            ended_by: None,
            sealed: None,
        };
        let e = NewEvent { report_id: Some(id.clone()), at: now, action: "child-chat-opened", ..NewEvent::default() };
        t.store().open_chat(&chat, &e).await.unwrap();
        let who = t.store().report(id).await.unwrap().unwrap().assigned_to.unwrap();
        t.store().take_chat(&chat.id, &who, now, &NewEvent { action: "chat-taken", ..e.clone() }).await.unwrap();
        if i >= 5 {
            let r = t.store().report(id).await.unwrap().unwrap();
            let at = now + (1 + g.next(5) as i64) * 3_600_000;
            let e = NewEvent { at, action: "stage", detail: Some("in_review".into()), ..e.clone() };
            t.store().change_stage(id, r.stage, zeri_domain::Stage::InReview, &e).await.unwrap();
            t.store().change_stage(id, zeri_domain::Stage::InReview, zeri_domain::Stage::Closed, &e).await.unwrap();
        }
    }
    let drita_row = t.store().staff_by_username("drita").await.unwrap().unwrap();
    for i in 0..23 {
        let d = Disposition::ALL[g.next(Disposition::ALL.len())];
        let row = ContactRecordRow {
            id: format!("fig{i}"),
            org_id: "helpline".into(),
            report_id: None,
            chat_id: None,
            staff_id: drita_row.id.clone(),
            channel: "phone".into(),
            at: now - 1000,
            disposition: d.as_str().into(),
            chi_main: d.is_data().then(|| "other".into()),
            chi_sub: d.is_data().then(|| "other_reason".into()),
            age_band: "unknown".into(),
            gender: "unknown".into(),
        };
        t.store().insert_contact_record(&row, &NewEvent { at: now, action: "x", ..NewEvent::default() }).await.unwrap();
    }

    let besa = t.store().staff_by_username("besa").await.unwrap().unwrap();
    let (from, to) = (now - 86_400_000, now + 86_400_000);
    let f = zeri_web::service::supervision::figures(&t.app, &besa, from, to).await.ok().expect("the figures");
    let caseload: Vec<(String, i64)> = t
        .query_counts(
            "SELECT s.username, CAST('x' AS TEXT), COUNT(*) FROM reports r JOIN staff s ON s.id = r.assigned_to \
             WHERE r.org_id = 'helpline' AND r.stage <> 'closed' GROUP BY s.username ORDER BY s.username",
        )
        .await
        .into_iter()
        .map(|(n, _, c)| (n, c))
        .collect();
    assert_eq!(f.caseload, caseload);
    let today = now.div_euclid(86_400_000);
    let overdue = t
        .query_counts(&format!(
            "SELECT CAST('x' AS TEXT), CAST('x' AS TEXT), COUNT(*) FROM tasks WHERE done_at IS NULL AND due_on < {today}"
        ))
        .await[0]
        .2;
    assert!(overdue > 0);
    assert_eq!(f.overdue_tasks, overdue);
    let chat =
        durations(&t, "SELECT id, CAST('x' AS TEXT), answered_at - opened_at FROM chats WHERE answered_at IS NOT NULL")
            .await;
    assert_eq!(chat.len(), 7);
    assert_eq!(f.chat_first_answer, median(chat));
    let case = durations(
        &t,
        "SELECT r.id, CAST('x' AS TEXT), MIN(m.created_at) - r.created_at FROM reports r \
         JOIN messages m ON m.report_id = r.id AND m.author = 'staff' GROUP BY r.id, r.created_at",
    )
    .await;
    assert_eq!(case.len(), 4);
    assert_eq!(f.case_first_answer, median(case));
    let closed =
        durations(&t, "SELECT id, CAST('x' AS TEXT), stage_at - created_at FROM reports WHERE stage = 'closed'").await;
    assert_eq!(closed.len(), 2);
    assert_eq!(f.to_closure, median(closed));
    let by: BTreeMap<String, i64> = t
        .query_counts("SELECT disposition, CAST('x' AS TEXT), COUNT(*) FROM contact_records GROUP BY disposition")
        .await
        .into_iter()
        .map(|(d, _, n)| (d, n))
        .collect();
    for (d, n) in &f.by_disposition {
        assert_eq!(*n, by.get(*d).copied().unwrap_or(0), "{d}");
    }
    assert_eq!(f.by_disposition.len(), Disposition::ALL.len());
    assert_eq!(f.satisfaction, None, "no chat ratings yet");

    // Six anonymous ratings of the organisation's chats last month (four felt listened to,
    // one partly, one not): the figure is (4 + ½) / 6 = 75 %. Another organisation's
    // ratings and this month's do not count.
    let last = zeri_domain::statistics::Period::last_full_month(now.div_euclid(86_400_000)).to_string();
    let this = zeri_domain::statistics::Period::last_full_month(now.div_euclid(86_400_000) + 31).to_string();
    let ratings = [
        ("helpline", last.as_str(), "yes"),
        ("helpline", &last, "yes"),
        ("helpline", &last, "yes"),
        ("helpline", &last, "yes"),
        ("helpline", &last, "partly"),
        ("helpline", &last, "no"),
        ("helpline", &this, "no"),
        ("hotline", &last, "no"),
    ];
    for (i, (org, month, listened)) in ratings.into_iter().enumerate() {
        let digest = format!("{i:064x}");
        assert!(t.store().issue_rating_token(&format!("chat-{i}"), &digest, org).await.unwrap());
        t.store().rate_chat(&digest, month, listened, "yes").await.unwrap();
    }
    let f = zeri_web::service::supervision::figures(&t.app, &besa, from, to).await.ok().expect("the figures");
    assert_eq!(f.satisfaction, Some(75.0), "the share who felt listened to last month");

    // The page shows the same numbers; a counsellor may not see it.
    let sup = t.page_login("besa").await;
    let page = t.page("/en/staff/supervision/figures", Some(&sup)).await;
    assert!(page.body.contains(&format!("data-fig=\"overdue\">{overdue}<")), "{}", page.body);
    let counsellor = t.page_login("drita").await;
    assert_eq!(t.page("/en/staff/supervision/figures", Some(&counsellor)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_supervisor_figures_equal_a_direct_computation() {
    figures_equal_the_database(TestApp::new().await).await;
}

#[tokio::test]
async fn the_supervisor_figures_equal_a_direct_computation_postgres() {
    if let Some(t) = TestApp::postgres().await {
        figures_equal_the_database(t).await;
    }
}

/// Canned responses: the supervisor keeps them in both languages; the counsellor's chat page
/// offers those of its language to insert; nobody else adds or deletes them.
#[tokio::test]
async fn canned_responses_kept_by_the_supervisor_offered_in_the_chat() {
    let t = TestApp::new().await;
    let receipt = t.report(kukes_report()).await;
    let child = t.form("/en/followup", &[("receipt", &receipt)], None).await.cookie();
    t.create("drita", Role::Counsellor, Some("helpline")).await;
    t.create("besa", Role::Supervisor, Some("helpline")).await;
    t.create("other", Role::Supervisor, Some("hotline")).await;
    let staff = t.page_login("drita").await;
    let sup = t.page_login("besa").await;
    let other = t.page_login("other").await;
    let page = t.page("/en/staff/supervision/canned", Some(&sup)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = csrf_of(&page.body);
    for (lang, title, body) in
        [("en", "Welcome", "Zqxj-EN You did the right thing."), ("sq", "Mirëseardhje", "Zqxj-SQ Bëre gjënë e duhur.")]
    {
        let added = t
            .form(
                "/en/staff/supervision/canned",
                &[("csrf", &csrf), ("lang", lang), ("title", title), ("body", body)],
                Some(&sup),
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let empty = t
        .form(
            "/en/staff/supervision/canned",
            &[("csrf", &csrf), ("lang", "en"), ("title", "x"), ("body", " ")],
            Some(&sup),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let staff_csrf = csrf_of(&t.page("/en/staff/chats", Some(&staff)).await.body);
    let by_counsellor = t
        .form(
            "/en/staff/supervision/canned",
            &[("csrf", &staff_csrf), ("lang", "en"), ("title", "x"), ("body", "y")],
            Some(&staff),
        )
        .await;
    assert_eq!(by_counsellor.status, StatusCode::FORBIDDEN);

    let open = t.script("/followup/chat/open", json!({}), &child, None).await;
    let chat = open.json()["chat"].as_str().unwrap().to_owned();
    t.form(&format!("/en/staff/chats/{chat}/take"), &[("csrf", &staff_csrf)], Some(&staff)).await;
    let en = t.page(&format!("/en/staff/chats/{chat}"), Some(&staff)).await;
    assert!(
        en.body.contains("data-canned-select") && en.body.contains("Zqxj-EN") && !en.body.contains("Zqxj-SQ"),
        "{}",
        en.body
    );
    let sq = t.page(&format!("/sq/staff/chats/{chat}"), Some(&staff)).await;
    assert!(sq.body.contains("Zqxj-SQ") && !sq.body.contains("Zqxj-EN"));

    // Another organisation's supervisor neither sees nor deletes them; their own can.
    let rows = t.store().canned_responses(Some("helpline"), "en").await.unwrap();
    let id = rows[0].id.clone();
    let theirs = t.page("/en/staff/supervision/canned", Some(&other)).await;
    assert!(!theirs.body.contains("Zqxj-EN"));
    let other_csrf = csrf_of(&theirs.body);
    let del = format!("/en/staff/supervision/canned/{id}/delete");
    assert_eq!(t.form(&del, &[("csrf", &other_csrf)], Some(&other)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(t.form(&del, &[("csrf", &csrf)], Some(&sup)).await.status, StatusCode::SEE_OTHER);
    assert!(t.store().canned_responses(Some("helpline"), "en").await.unwrap().is_empty());
}
