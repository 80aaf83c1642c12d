//! The frontline-worker survey, driven in-process: an administrator makes a survey from
//! the template and opens it, 30 simulated respondents answer, and the results, the CSV,
//! the API and the bytes at rest are checked against figures computed here, independently.

#[path = "../common/mod.rs"]
mod common;
mod harness;
mod respondents;

use common::folder_bytes;
use harness::*;
use respondents::*;
use std::collections::BTreeMap;
use std::net::SocketAddr;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::Value;
use zeri_domain::Role;

/// The response rows as stored, read with a connection of our own: their column names and
/// each row's values as text.
async fn stored_responses(t: &TestApp) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    use sqlx::{Column, Connection, Row, TypeInfo};
    fn text_of<R: Row>(r: &R, i: usize) -> String
    where
        for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
        for<'a> Option<i64>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
        for<'a> Option<Vec<u8>>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
        usize: sqlx::ColumnIndex<R>,
    {
        let ty = r.columns()[i].type_info().name().to_ascii_uppercase();
        if ty.contains("INT") {
            r.get::<Option<i64>, _>(i).map(|v| v.to_string()).unwrap_or_default()
        } else if ty.contains("BLOB") || ty.contains("BYTEA") {
            r.get::<Option<Vec<u8>>, _>(i).map(|v| format!("<{} sealed bytes>", v.len())).unwrap_or_default()
        } else {
            r.get::<Option<String>, _>(i).unwrap_or_default()
        }
    }
    let sql = "SELECT * FROM survey_responses";
    let mut rows = Vec::new();
    let mut columns = Vec::new();
    if t.url.starts_with("sqlite:") {
        let mut c = sqlx::SqliteConnection::connect(&t.url).await.unwrap();
        for r in sqlx::query(sql).fetch_all(&mut c).await.unwrap() {
            columns = r.columns().iter().map(|c| c.name().to_owned()).collect();
            rows.push((0..r.len()).map(|i| (columns[i].clone(), text_of(&r, i))).collect());
        }
    } else {
        let mut c = sqlx::PgConnection::connect(&t.url).await.unwrap();
        for r in sqlx::query(sql).fetch_all(&mut c).await.unwrap() {
            columns = r.columns().iter().map(|c| c.name().to_owned()).collect();
            rows.push((0..r.len()).map(|i| (columns[i].clone(), text_of(&r, i))).collect());
        }
    }
    (columns, rows)
}

async fn audit_actions(t: &TestApp) -> Vec<String> {
    let mut actions = Vec::new();
    let mut after = 0;
    loop {
        let page = t.app.store.audit_page(after, 500).await.unwrap();
        let Some(last) = page.last() else { break };
        after = last.event.seq;
        actions.extend(page.into_iter().map(|e| e.event.action));
    }
    actions
}

async fn survey_story(t: &TestApp) {
    t.create("amina", Role::Admin, None).await;
    t.create("stat", Role::Statistician, None).await;
    t.create("cns", Role::Counsellor, Some("helpline")).await;
    let admin = t.page_login("amina").await;
    let admin_token = t.login("amina").await;
    let stat = t.login("stat").await;
    let counsellor = t.login("cns").await;
    let stat_cookie = t.page_login("stat").await;

    // The administrator makes a survey from the template.
    let list = t.page("/en/staff/surveys", Some(&admin)).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert!(list.body.contains("href=\"/en/staff/surveys\""), "the nav links to the surveys");
    let res = t.form("/en/staff/surveys", &[("csrf", &list.csrf()), ("from", "template")], Some(&admin), None).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let edit_path = res.location();
    let id = edit_path.rsplit('/').next().unwrap().to_owned();
    let edit = t.page(&edit_path, Some(&admin)).await;
    assert_eq!(edit.status, StatusCode::OK);
    assert!(edit.body.contains("Fear of how others will react"), "the template's barriers");
    assert!(!edit.body.contains('⟦'), "{}", edit.body);
    let sq = t.page(&edit_path.replace("/en/", "/sq/"), Some(&admin)).await;
    assert!(sq.body.contains("Frika nga reagimi i të tjerëve") && !sq.body.contains('⟦'));
    let slug = t.app.store.survey(&id).await.unwrap().unwrap().slug;
    assert_eq!(slug.len(), 32);
    assert_eq!(
        t.page(&format!("/en/survey/{slug}"), None).await.status,
        StatusCode::NOT_FOUND,
        "a draft is not public"
    );

    // Editing a draft: add, correct, move, remove; a stale form is refused.
    let csrf = edit.csrf();
    let version = |body: &str| {
        let at = body.find("name=\"version\" value=\"").unwrap() + 22;
        body[at..].split('"').next().unwrap().to_owned()
    };
    let v = version(&edit.body);
    let bad = [
        ("csrf", csrf.as_str()),
        ("version", v.as_str()),
        ("kind", "single"),
        ("prompt_sq", "Sa vjet përvojë keni?"),
        ("prompt_en", "How many years of experience do you have?"),
        ("options_sq", "0–5\n6–10\nMbi 10"),
        ("options_en", "0–5\nOver 5"),
        ("required", "true"),
    ];
    let res = t.form(&format!("{edit_path}/add"), &bad, Some(&admin), None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Give the same number of options in English as in Albanian (3)"), "{}", res.body);
    assert!(res.body.contains("Sa vjet përvojë keni?"), "what was typed comes back");
    let mut good = bad;
    good[6] = ("options_en", "0–5\n6–10\nOver 10");
    let res = t.form(&format!("{edit_path}/add"), &good, Some(&admin), None).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert!(res.location().ends_with("#q-q10"));
    let stale = t.form(&format!("{edit_path}/add"), &good, Some(&admin), None).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "a form made on an older version");
    let edit = t.page(&edit_path, Some(&admin)).await;
    let v = version(&edit.body);
    let res =
        t.form(&format!("{edit_path}/up"), &[("csrf", &csrf), ("version", &v), ("q", "q10")], Some(&admin), None).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let def: zeri_domain::survey::Survey =
        serde_json::from_str(&t.app.store.survey(&id).await.unwrap().unwrap().definition).unwrap();
    assert_eq!(def.questions[8].id, "q10", "moved above the free text");
    assert_eq!(def.questions[8].options[2].label.en, "Over 10");
    let v = (v.parse::<i64>().unwrap() + 1).to_string();
    let res = t
        .form(&format!("{edit_path}/remove"), &[("csrf", &csrf), ("version", &v), ("q", "q10")], Some(&admin), None)
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let v = (v.parse::<i64>().unwrap() + 1).to_string();
    let head = [
        ("csrf", csrf.as_str()),
        ("version", v.as_str()),
        ("title_sq", "Pyetësori i vijës së parë 2026"),
        ("title_en", "Frontline survey 2026"),
        ("intro_sq", &def.intro.sq),
        ("intro_en", &def.intro.en),
        ("threshold", "3"),
    ];
    let res = t.form(&format!("{edit_path}/head"), &head, Some(&admin), None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "the threshold cannot go below 5");
    assert!(res.body.contains("Give a whole number from 5 to 100."));
    let mut head = head;
    head[6] = ("threshold", "5");
    assert_eq!(t.form(&format!("{edit_path}/head"), &head, Some(&admin), None).await.status, StatusCode::SEE_OTHER);
    let preview = t.page(&format!("{edit_path}/preview"), Some(&admin)).await;
    assert!(preview.body.contains("Frontline survey 2026") && preview.body.contains("disabled"));

    // An empty survey cannot be opened; a draft is deleted only when that is confirmed.
    let res = t.form("/en/staff/surveys", &[("csrf", &csrf), ("from", "blank")], Some(&admin), None).await;
    let blank = res.location();
    let blank_page = t.page(&blank, Some(&admin)).await;
    assert!(blank_page.body.contains("No questions yet"));
    let bv = version(&blank_page.body);
    let res = t.form(&format!("{blank}/open"), &[("csrf", &csrf), ("version", &bv)], Some(&admin), None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Add at least one question."), "{}", res.body);
    let res = t.form(&format!("{blank}/delete"), &[("csrf", &csrf)], Some(&admin), None).await;
    assert_eq!(res.location(), blank, "not confirmed: nothing deleted");
    let res = t.form(&format!("{blank}/delete"), &[("csrf", &csrf), ("confirm", "yes")], Some(&admin), None).await;
    assert_eq!(res.location(), "/en/staff/surveys");
    assert_eq!(t.page(&blank, Some(&admin)).await.status, StatusCode::NOT_FOUND);

    // Only administrators manage surveys.
    assert_eq!(t.page(&edit_path, Some(&stat_cookie)).await.status, StatusCode::FORBIDDEN);
    let csrf_stat = t.page("/en/staff/surveys", Some(&stat_cookie)).await.csrf();
    let res =
        t.form("/en/staff/surveys", &[("csrf", &csrf_stat), ("from", "template")], Some(&stat_cookie), None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    // Opening freezes the questions and publishes the link.
    let v = (v.parse::<i64>().unwrap() + 1).to_string();
    let res = t.form(&format!("{edit_path}/open"), &[("csrf", &csrf), ("version", &v)], Some(&admin), None).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let edit = t.page(&edit_path, Some(&admin)).await;
    assert!(edit.body.contains(&format!("/en/survey/{slug}")) && edit.body.contains(&format!("/sq/survey/{slug}")));
    let late = t.form(&format!("{edit_path}/add"), &good, Some(&admin), None).await;
    assert_eq!(late.status, StatusCode::CONFLICT, "an open survey's questions are frozen");

    // The public form: no cookie, labelled fieldsets, and errors in the page's language.
    for lang in ["sq", "en"] {
        let form = t.page(&format!("/{lang}/survey/{slug}"), None).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(!form.headers.contains_key(header::SET_COOKIE), "no cookie is set");
        assert!(form.body.contains("<fieldset id=\"field-q1\"") && form.body.contains("<legend>"));
        assert!(form.body.contains("<label for=\"answer-q9\""), "the free text has its label");
        assert!(!form.body.contains('⟦'));
        assert!(!form.body.contains("<script>"), "no inline script");
    }
    let peer: SocketAddr = "10.9.9.9:4000".parse().unwrap();
    let res = t.form(&format!("/sq/survey/{slug}"), &[("q1", "o2"), ("q9", "Zqxj-KEPT-8841")], None, Some(peer)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Të lutem zgjidh një."), "Albanian errors on the Albanian page");
    assert!(res.body.contains("href=\"#field-q2\""), "the summary links to the question");
    assert!(res.body.contains("value=\"o2\" checked") && res.body.contains("Zqxj-KEPT-8841"), "answers are kept");
    let res = t.form(&format!("/en/survey/{slug}"), &[("q5", "o1"), ("q5", "o5")], None, Some(peer)).await;
    assert!(res.body.contains("“None of these” cannot be chosen together with other answers."));
    assert!(res.body.contains("Please choose one."), "{}", res.body);

    // 30 respondents, from 30 addresses, in both languages.
    let mut rng = Rng(0x5EED_2026_0000_0030);
    let all: Vec<Vec<(String, String)>> = (0..30).map(|i| respondent(&mut rng, i)).collect();
    for (i, a) in all.iter().enumerate() {
        let lang = if i % 2 == 0 { "sq" } else { "en" };
        let pairs: Vec<(&str, &str)> = a.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let peer: SocketAddr = format!("10.0.{i}.7:{}", 40000 + i).parse().unwrap();
        let res = t.form(&format!("/{lang}/survey/{slug}"), &pairs, Some(COOKIE), Some(peer)).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "respondent {i}: {}", res.body);
        assert!(!res.headers.contains_key(header::SET_COOKIE));
        let thanks = t.page(&res.location(), Some(COOKIE)).await;
        assert_eq!(thanks.status, StatusCode::OK);
        assert!(thanks.body.contains(if lang == "sq" { "Faleminderit" } else { "Thank you" }));
        assert!(!thanks.headers.contains_key(header::SET_COOKIE));
    }
    let expected = tally(&all);
    assert_eq!(expected.n["q1"], 30);

    // The results through the API, for statisticians and administrators alike.
    let path = format!("/api/v1/surveys/{id}/results");
    assert_eq!(t.api(&path, &counsellor).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.api("/api/v1/surveys", &counsellor).await.status, StatusCode::FORBIDDEN);
    let listed = t.api("/api/v1/surveys", &stat).await.json();
    assert_eq!(listed[0]["responses"], 30);
    let res = t.api(&path, &stat).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(t.api(&path, &admin_token).await.body, res.body, "the same figures for both");
    let body = res.json();
    assert_eq!(body["respondents"], 30);
    assert_eq!(body["threshold"], 5);
    assert!(!res.body.contains("Zqxj-SURVEY-TEXT"), "no free text in the API");
    let mut below = (0, 0);
    let mut protected = 0;
    let page = t.page(&format!("/en/staff/surveys/{id}/results"), Some(&stat_cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    for q in body["questions"].as_array().unwrap() {
        let qid = q["id"].as_str().unwrap();
        let kind = q["kind"].as_str().unwrap();
        let n = expected.n[qid];
        assert!(n >= 5);
        assert_eq!(q["n"], n, "{qid}: n is who answered the question");
        if kind == "text" {
            assert!(q["options"].as_array().unwrap().is_empty());
            continue;
        }
        let none = BTreeMap::new();
        let counts = expected.counts.get(qid).unwrap_or(&none);
        let options = q["options"].as_array().unwrap();
        let mut shown_sum = 0;
        let mut hidden: Vec<(u64, bool)> = Vec::new();
        for o in options {
            let c = counts.get(o["id"].as_str().unwrap()).copied().unwrap_or(0);
            match o["suppressed"].as_str() {
                None => {
                    assert!(c == 0 || c >= 5, "{qid}: {c} shown");
                    assert_eq!(o["count"], c, "{qid} {o}");
                    assert_eq!(o["percent"], pct(c, n), "{qid} {o}");
                    let text = format!("{}%, n={n}", pct(c, n));
                    assert_eq!(o["text"], text.as_str());
                    assert!(page.body.contains(&text), "{qid}: the page shows {text}");
                    shown_sum += c;
                }
                Some("below_threshold") => {
                    assert!((1..5).contains(&c), "{qid}: {c} hidden as <5");
                    assert_eq!(o["text"], "<5");
                    assert!(o["count"].is_null() && o["percent"].is_null());
                    hidden.push((c, true));
                    if kind == "multiple" {
                        below.1 += 1;
                    } else {
                        below.0 += 1;
                    }
                }
                Some("protected") => {
                    assert_ne!(kind, "multiple", "ticks do not add up to n: nothing to protect");
                    assert_eq!(o["text"], "–");
                    hidden.push((c, false));
                    protected += 1;
                }
                Some(other) => panic!("{other}"),
            }
        }
        if matches!(kind, "single" | "rating") {
            // What a reader knows: n, the shown counts, that each "<5" is 1 to 4 and each
            // "–" is 0 or at least 5. Every hidden count must still have two possible values.
            assert_eq!(shown_sum + hidden.iter().map(|h| h.0).sum::<u64>(), n);
            for (i, values) in possible_values(&hidden, n - shown_sum).iter().enumerate() {
                assert!(values.len() >= 2, "{qid}: hidden count {} could be worked out: {hidden:?}", hidden[i].0);
                assert!(values.contains(&hidden[i].0));
            }
            let all_shown = hidden.is_empty();
            assert_eq!(
                q["mean"].is_null(),
                !(kind == "rating" && all_shown),
                "{qid}: a mean only when nothing is hidden"
            );
        }
    }
    assert!(below.0 >= 1 && below.1 >= 1 && protected >= 1, "the data exercise suppression: {below:?} {protected}");
    assert!(page.body.contains("&lt;5"), "the page shows <5");

    // Free text: administrators only, from five answers, never in the CSV.
    let texts: Vec<&String> = all.iter().flatten().filter(|(k, _)| k == "q9").map(|(_, v)| v).collect();
    assert!(texts.len() >= 5);
    let admin_page = t.page(&format!("/en/staff/surveys/{id}/results"), Some(&admin)).await;
    for text in &texts {
        assert!(admin_page.body.contains(text.as_str()), "the administrator reads {text}");
        assert!(!page.body.contains(text.as_str()), "the statistician does not");
    }
    let csv = t.page(&format!("/en/staff/surveys/{id}/results.csv"), Some(&stat_cookie)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    assert!(!csv.body.contains("Zqxj-SURVEY-TEXT"));
    assert!(csv.body.lines().any(|l| l.starts_with("q1,") && l.contains(",<5,")), "{}", csv.body);
    let raised = t.api(&format!("{path}?threshold=2"), &stat).await.json();
    assert_eq!(raised["threshold"], 5, "the threshold is never lowered");
    let raised = t.api(&format!("{path}?threshold=12"), &stat).await.json();
    assert_eq!(raised["threshold"], 12);

    // At rest: nothing that identifies a respondent, no time finer than a day, no free
    // text in the clear anywhere.
    let (columns, rows) = stored_responses(t).await;
    assert_eq!(columns, ["id", "survey_id", "submitted_on", "answers", "sealed"]);
    assert_eq!(rows.len(), 30);
    let today = zeri_web::now_ms() / 86_400_000;
    for r in &rows {
        let day: i64 = r["submitted_on"].parse().unwrap();
        assert!((today - 1..=today).contains(&day), "the day only: {day}");
        let answers: Value = serde_json::from_str(&r["answers"]).unwrap();
        assert!(answers.as_object().unwrap().keys().all(|k| k.starts_with('q')));
        let flat = r.values().cloned().collect::<Vec<_>>().join(" ");
        for bad in ["10.0.", "Zqxj", "tracker", "Mozilla", "Agent"] {
            assert!(!flat.contains(bad), "{bad} in a response row: {flat}");
        }
        assert_eq!(r["id"].len(), 32);
    }
    let written = rows.iter().filter(|r| !r["sealed"].is_empty()).count();
    assert_eq!(written, texts.len(), "free text is sealed, one box per response that has some");
    let actions = audit_actions(t).await;
    assert!(!actions.iter().any(|a| a.contains("response")), "answering leaves no audit entry: {actions:?}");
    assert!(actions.contains(&"survey-opened".to_owned()) && actions.contains(&"survey-created".to_owned()));
    if t.url.starts_with("sqlite:") {
        let bytes = folder_bytes(t.dir.path());
        assert!(contains(&bytes, b"survey_responses"), "the scan reads the database");
        for text in &texts {
            assert!(!contains(&bytes, text.as_bytes()), "{text} in plaintext at rest");
        }
        for s in ["Zqxj-SURVEY-TEXT", "Zqxj-KEPT-8841", USER_AGENT, "Zqxj-COOKIE-8841", "10.0.3.7", "10.9.9.9"] {
            assert!(!contains(&bytes, s.as_bytes()), "{s} at rest");
        }
    }

    // Closing: the link says so, and no answer gets in.
    let res = t.form(&format!("{edit_path}/close"), &[("csrf", &csrf)], Some(&admin), None).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let closed = t.page(&format!("/en/survey/{slug}"), None).await;
    assert_eq!(closed.status, StatusCode::GONE);
    assert!(closed.body.contains("This survey is closed"));
    let pairs: Vec<(&str, &str)> = all[0].iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let late = t.form(&format!("/sq/survey/{slug}"), &pairs, None, Some(peer)).await;
    assert_eq!(late.status, StatusCode::GONE);
    assert!(late.body.contains("Ky pyetësor është mbyllur"));
    assert_eq!(stored_responses(t).await.1.len(), 30);
    let unknown = t.page(&format!("/en/survey/{}", "0".repeat(32)), None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.body.contains("We could not find this survey"));
}

#[tokio::test]
async fn thirty_respondents_sqlite() {
    survey_story(&TestApp::sqlite().await).await;
}

#[tokio::test]
async fn thirty_respondents_postgres() {
    let Some(t) = TestApp::postgres().await else { return };
    survey_story(&t).await;
}

/// A flood from one address stops at the gentle limit; others can still answer.
#[tokio::test]
async fn answering_is_throttled_per_client() {
    let t = TestApp::sqlite().await;
    t.create("amina", Role::Admin, None).await;
    let admin = t.page_login("amina").await;
    let csrf = t.page("/en/staff/surveys", Some(&admin)).await.csrf();
    let res = t.form("/en/staff/surveys", &[("csrf", &csrf), ("from", "template")], Some(&admin), None).await;
    let edit_path = res.location();
    let id = edit_path.rsplit('/').next().unwrap().to_owned();
    let row = t.app.store.survey(&id).await.unwrap().unwrap();
    let v = row.version.to_string();
    let res = t.form(&format!("{edit_path}/open"), &[("csrf", &csrf), ("version", &v)], Some(&admin), None).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let path = format!("/en/survey/{}", row.slug);
    let flood: SocketAddr = "10.1.1.1:5000".parse().unwrap();
    let mut statuses = Vec::new();
    for _ in 0..52 {
        // Incomplete answers: each one is refused, but still counted.
        statuses.push(t.form(&path, &[("q1", "o1")], None, Some(flood)).await.status);
    }
    assert_eq!(statuses[..50].iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count(), 50);
    let last = t.form(&path, &[("q1", "o1")], None, Some(flood)).await;
    assert_eq!(last.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(last.headers.contains_key(header::RETRY_AFTER));
    assert!(last.body.contains("Too many attempts"));
    let other: SocketAddr = "10.1.1.2:5000".parse().unwrap();
    assert_eq!(t.form(&path, &[("q1", "o1")], None, Some(other)).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Another site's page cannot post answers through its visitors.
    let req = Request::post(&path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from("q1=o1"))
        .unwrap();
    assert_eq!(t.send(req).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_openapi_document_lists_the_survey_api() {
    let t = TestApp::sqlite().await;
    let doc = t.page("/api/openapi.json", None).await.json();
    for path in ["/api/v1/surveys", "/api/v1/surveys/{id}/results"] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} undocumented");
    }
}
