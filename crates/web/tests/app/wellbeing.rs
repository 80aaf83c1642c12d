//! Protecting the staff who look at material: every opening counted, the daily limit, breaks,
//! the safer display of images, videos and matched files, the numbers-only summary, and
//! who may change the limits. Ordinary test pictures only (the PDQ reference landscape).

use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};
use zeri_domain::wellbeing::{day_start, tirana_day};
use zeri_domain::Role;

use crate::support::*;

const HOUR: i64 = 3_600_000;
const MINUTE: i64 = 60_000;

/// A synthetic video: an MP4 header and zeros (no real material, and not playable).
fn synthetic_video() -> Vec<u8> {
    let mut v = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom".to_vec();
    v.extend(std::iter::repeat_n(0u8, 2048));
    v
}

/// Moves the application's clock to 09:00 tomorrow, Tirana time, so that the minutes a test
/// adds never cross midnight.
fn morning(t: &TestApp) {
    let now = t.app.clock.now();
    t.app.clock.advance(day_start(tirana_day(now) + 1) + 9 * HOUR - now);
}

/// The stages every test shares: a child's report with files, a counsellor who may open
/// them (signed in on the API and on the page), and the evidence ids by file.
struct Setup {
    case: String,
    receipt: String,
    token: String,
    cookie: String,
    /// Evidence id by the SHA-256 of its file.
    by_sha: Vec<(String, String)>,
}

impl Setup {
    fn evidence(&self, bytes: &[u8]) -> String {
        let sha = zeri_hashing::sha256_hex(bytes);
        self.by_sha.iter().find(|(s, _)| *s == sha).map(|(_, id)| id.clone()).expect("the file's evidence")
    }
}

async fn setup(t: &TestApp, description: &str, files: &[(&str, &[u8])]) -> Setup {
    let fields = [
        ("reporter", "self"),
        ("category", "images_shared"),
        ("description", description),
        ("age_band", "13_15"),
        ("contact_method", "none"),
    ];
    let res = t.upload("/en/report", &fields, files, None, None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let receipt = res.body.split("data-receipt>").nth(1).unwrap().split('<').next().unwrap().to_owned();
    t.inspected().await;
    let report = t.report_of(&receipt).await;
    let token = t.staff("vera", Role::Counsellor).await;
    let cookie = t.page_login("vera").await;
    let by_sha =
        t.store().evidence_for(&report.id).await.unwrap().into_iter().map(|e| (e.sha256, e.id)).collect::<Vec<_>>();
    Setup { case: report.id, receipt, token, cookie, by_sha }
}

async fn open_api(
    t: &TestApp,
    s: &Setup,
    evidence: &str,
    extra: Value,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut body = json!({"reason": "Checking the picture for the police referral"});
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    t.json_raw(Method::POST, &format!("/api/v1/cases/{}/evidence/{evidence}", s.case), body, &s.token).await
}

async fn csrf(t: &TestApp, s: &Setup) -> String {
    let page = t.page(&format!("/en/staff/reports/{}", s.case), Some(&s.cookie)).await.body;
    page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned()
}

async fn open_page(t: &TestApp, s: &Setup, evidence: &str, extra: &[(&str, &str)]) -> Res {
    let csrf = csrf(t, s).await;
    let mut fields = vec![("csrf", csrf.as_str()), ("reason", "Checking the picture for the police referral")];
    fields.extend_from_slice(extra);
    t.form(&format!("/en/staff/reports/{}/evidence/{evidence}", s.case), &fields, Some(&s.cookie)).await
}

async fn viewed(t: &TestApp, s: &Setup) -> usize {
    t.store().events(&s.case).await.unwrap().iter().filter(|e| e.action == "evidence_viewed").count()
}

async fn exposure_rows(t: &TestApp, staff: &str) -> Vec<zeri_storage::ExposureRow> {
    let id = t.store().staff_by_username(staff).await.unwrap().unwrap().id;
    t.store().exposure(Some(&id), 0, i64::MAX).await.unwrap()
}

async fn audited(t: &TestApp, action: &str) -> Vec<zeri_storage::EventRow> {
    let page = t.store().audit_page(0, 100_000).await.unwrap();
    page.into_iter().map(|c| c.event).filter(|e| e.action == action).collect()
}

/// Each opening is counted (until the next one, at most ten minutes), and an opening past a
/// low daily limit is refused with the reason, the time to wait and where to find support:
/// on the API (429, `Retry-After`) and on the page, with nothing recorded in the chain of
/// custody or the exposure record.
async fn limit_story(t: &TestApp) {
    let picture = landscape(false);
    let s = setup(t, "Someone shares a photo of me", &[("IMG_0001.png", &picture)]).await;
    let e = s.evidence(&picture);
    let admin = t.staff("root", Role::Admin).await;
    let set = json!({"daily_limit_minutes": 25, "break_after_minutes": 120});
    let res = t.json(Method::PUT, "/api/v1/admin/wellbeing/limits", Some(set), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    morning(t);

    // Three openings ten minutes apart: each closes the one before at ten minutes.
    for n in 0..3 {
        let (status, _, bytes) = open_api(t, &s, &e, json!({})).await;
        assert_eq!(status, StatusCode::OK, "opening {n}");
        assert_eq!(bytes, picture);
        t.app.clock.advance(10 * MINUTE);
    }
    let rows = exposure_rows(t, "vera").await;
    assert_eq!(rows.len(), 3, "each opening counted: {rows:?}");
    assert_eq!(rows.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(), ["image"; 3]);
    assert_eq!((rows[0].counted_s, rows[1].counted_s), (600, 600), "closed by the next opening");
    assert_eq!((rows[2].counted_s, rows[2].ended_at), (600, None), "open: at most its cap");
    assert_eq!(viewed(t, &s).await, 3);
    let own = t.json(Method::GET, "/api/v1/wellbeing", None, Some(&s.token)).await.json();
    assert_eq!(own["today"]["exposure_seconds"], 1800, "{own}");
    assert_eq!(own["today"]["openings"], 3);
    assert_eq!(own["today"]["left_seconds"], 0);

    // The fourth is refused: 30 minutes today, over the 25-minute limit.
    let (status, headers, body) = open_api(t, &s, &e, json!({})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let err: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(err["error"]["code"], "exposure-limit", "{err}");
    let message = err["error"]["message"].as_str().unwrap();
    let now = t.app.clock.now();
    let wait = (day_start(tirana_day(now) + 1) - now) / 1000;
    let retry: i64 = headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((retry - wait).abs() <= 5, "retry after {retry} s, the next day in {wait} s");
    let wait_text = format!("{} h {:02} min", (wait + 59) / 60 / 60, (wait + 59) / 60 % 60);
    assert!(message.contains(&format!("again in {wait_text}")), "{message}");
    assert!(message.contains("30 min today") && message.contains("limit is 25 min"), "{message}");
    assert!(message.contains("counselling"), "where to find support: {message}");
    assert_eq!(viewed(t, &s).await, 3, "no custody entry for a refused opening");
    assert_eq!(exposure_rows(t, "vera").await.len(), 3, "nothing counted either");

    // The page says the same in plain words, in both languages, and where to find support.
    let page = open_page(t, &s, &e, &[]).await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.body.contains("You have reached today&#39;s limit") || page.body.contains("reached today's limit"));
    assert!(page.body.contains(&format!("again in {wait_text}")), "{}", page.body);
    assert!(page.body.contains("/en/staff/guides#wellbeing"), "the support guide is linked");
    assert!(!page.body.contains("data:image"), "no image");
    let csrf = csrf(t, &s).await;
    let sq = t
        .form(
            &format!("/sq/staff/reports/{}/evidence/{e}", s.case),
            &[("csrf", &csrf), ("reason", "Kontrolloj imazhin për policinë")],
            Some(&s.cookie),
        )
        .await;
    assert_eq!(sq.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(sq.body.contains("kufirin e sotëm") && sq.body.contains("Mbështetje"), "{}", sq.body);
    assert_eq!(viewed(t, &s).await, 3, "still no custody entry");
    let guides = t.page("/en/staff/guides", Some(&s.cookie)).await.body;
    assert!(guides.contains("id=\"wellbeing\"") && guides.contains("Looking after yourself"));

    // The next day (Tirana time) the limit begins again.
    t.app.clock.advance(wait * 1000 + MINUTE);
    assert_eq!(open_api(t, &s, &e, json!({})).await.0, StatusCode::OK);
    let child = t.survivor(&s.receipt).await;
    let status = t.json(Method::GET, "/api/v1/followup", None, Some(&child)).await;
    assert!(status.body.contains("opened one of your files"), "the child still sees every opening");
}

#[tokio::test]
async fn each_opening_is_counted_and_an_opening_over_the_limit_is_refused_sqlite() {
    limit_story(&TestApp::new().await).await;
}

#[tokio::test]
async fn each_opening_is_counted_and_an_opening_over_the_limit_is_refused_postgres() {
    if let Some(t) = TestApp::postgres().await {
        limit_story(&t).await;
    }
}

/// After the configured interval of exposure the next opening asks for a break; the
/// confirmation is recorded as a break and the opening goes on; the interval begins again.
#[tokio::test]
async fn a_break_is_asked_for_after_the_configured_interval_and_its_confirmation_recorded() {
    let t = TestApp::new().await;
    let picture = landscape(false);
    let s = setup(&t, "A photo of me is going around", &[("p.png", &picture)]).await;
    let e = s.evidence(&picture);
    let admin = t.staff("root", Role::Admin).await;
    let set = json!({"daily_limit_minutes": 300, "break_after_minutes": 20});
    assert_eq!(
        t.json(Method::PUT, "/api/v1/admin/wellbeing/limits", Some(set), Some(&admin)).await.status,
        StatusCode::OK
    );
    morning(&t);
    for _ in 0..2 {
        assert_eq!(open_api(&t, &s, &e, json!({})).await.0, StatusCode::OK);
        t.app.clock.advance(10 * MINUTE);
    }
    // Twenty minutes of exposure: the page asks for a break, and opens nothing.
    let page = open_page(&t, &s, &e, &[]).await;
    assert_eq!(page.status, StatusCode::CONFLICT, "{}", page.body);
    assert!(
        page.body.contains("Time for a break") && page.body.contains("20 min since your last break"),
        "{}",
        page.body
    );
    assert!(page.body.contains("name=\"confirm_break\" value=\"1\""), "the confirmation continues");
    assert!(page.body.contains("value=\"Checking the picture for the police referral\""), "the reason is kept");
    assert!(!page.body.contains("data:image"));
    assert_eq!(viewed(&t, &s).await, 2, "no custody entry while the break is asked for");
    let (status, _, body) = open_api(&t, &s, &e, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(serde_json::from_slice::<Value>(&body).unwrap()["error"]["code"], "break-due");
    assert_eq!(exposure_rows(&t, "vera").await.len(), 2);

    // Confirmed: the break is recorded with the opening, and the image is shown.
    let page = open_page(&t, &s, &e, &[("confirm_break", "1")]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("data:image/png;base64,"));
    let rows = exposure_rows(&t, "vera").await;
    assert_eq!(rows.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(), ["image", "image", "break", "image"]);
    assert_eq!(viewed(&t, &s).await, 3);
    let own = t.json(Method::GET, "/api/v1/wellbeing", None, Some(&s.token)).await.json();
    assert_eq!((own["today"]["breaks"].as_i64(), own["today"]["openings"].as_i64()), (Some(1), Some(3)), "{own}");
    assert_eq!(own["week"]["breaks"], 1);
    // The interval begins again: ten minutes later no break is asked for.
    t.app.clock.advance(10 * MINUTE);
    assert_eq!(open_api(&t, &s, &e, json!({})).await.0, StatusCode::OK);
    t.app.clock.advance(10 * MINUTE);
    assert_eq!(open_api(&t, &s, &e, json!({})).await.0, StatusCode::CONFLICT, "twenty minutes again");
    assert_eq!(open_api(&t, &s, &e, json!({"confirm_break": true})).await.0, StatusCode::OK);
    assert_eq!(exposure_rows(&t, "vera").await.iter().filter(|r| r.kind == "break").count(), 2);
}

/// Images arrive blurred and grey with a "show" control that needs no script; videos
/// paused and muted, their file fetched only when played and only by who opened them; a file
/// that matched a known hash list is not shown until asked once more; leaving the page ends
/// the opening's exposure.
#[tokio::test]
async fn images_arrive_blurred_videos_paused_and_matched_files_hidden_until_asked() {
    let t = TestApp::new().await;
    let (picture, known, video) = (landscape(false), landscape(true), synthetic_video());
    let admin = t.staff("root", Role::Admin).await;
    let csv = format!("sha256,label,source\n{},known image,test network\n", zeri_hashing::sha256_hex(&known));
    assert_eq!(t.csv("/api/v1/admin/hash-lists?name=Known", &csv, &admin).await.status, StatusCode::CREATED);
    let s = setup(&t, "Photos and a video", &[("a.png", &picture), ("b.png", &known), ("c.mp4", &video)]).await;
    morning(&t);

    // The ordinary image: blurred and grey until the details are opened (CSS, no script).
    let page = open_page(&t, &s, &s.evidence(&picture), &[]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let details = page.body.find("<details class=\"evidence-view\">").expect("the show control");
    let figure = page.body.find("<figure class=\"evidence-image\">").expect("the image");
    assert!(details < figure, "the control comes first, so the CSS sibling rule applies");
    assert!(page.body[details..figure].contains("<summary>Show the image clearly"));
    assert!(page.body[figure..].contains("data:image/png;base64,"));
    assert!(page.body.contains("data-exposure-done") && page.body.contains("/done\""), "the done form");
    assert!(page.body.contains("Your exposure to material today"));
    let css = t.page("/static/style.css", None).await.body;
    assert!(
        css.contains(".evidence-image img, .evidence-image video { max-width: 100%; filter: blur(24px) grayscale(1)")
    );
    assert!(css.contains(
        ".evidence-view[open] ~ .evidence-image img, .evidence-view[open] ~ .evidence-image video { filter: none"
    ));
    let js = t.page("/static/app.js", None).await.body;
    assert!(js.contains("sendBeacon") && js.contains("data-exposure-done"));

    // Done: the opening stops counting now.
    t.app.clock.advance(2 * MINUTE);
    let csrf = csrf(&t, &s).await;
    let done = t
        .form(
            &format!("/en/staff/reports/{}/evidence/{}/done", s.case, s.evidence(&picture)),
            &[("csrf", &csrf)],
            Some(&s.cookie),
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let rows = exposure_rows(&t, "vera").await;
    assert_eq!((rows[0].counted_s, rows[0].ended_at.is_some()), (120, true), "{rows:?}");
    let no_csrf = t
        .form(&format!("/en/staff/reports/{}/evidence/{}/done", s.case, s.evidence(&picture)), &[], Some(&s.cookie))
        .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);

    // The matched file: not shown, nothing recorded, until asked once more.
    let matched = s.evidence(&known);
    let case_page = t.page(&format!("/en/staff/reports/{}", s.case), Some(&s.cookie)).await.body;
    assert!(case_page.contains("known hash list “Known”"), "the match is on the case");
    let before = viewed(&t, &s).await;
    let page = open_page(&t, &s, &matched, &[]).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.body.contains("matches a known list of abuse material"), "{}", page.body);
    assert!(!page.body.contains("data:image"), "not shown at all");
    assert!(page.body.contains("name=\"show_matched\" value=\"1\"") && page.body.contains("Show it anyway"));
    let (status, _, body) = open_api(&t, &s, &matched, json!({})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(serde_json::from_slice::<Value>(&body).unwrap()["error"]["code"], "matched-hidden");
    assert_eq!(viewed(&t, &s).await, before, "no custody entry");
    assert_eq!(exposure_rows(&t, "vera").await.len(), 1, "no exposure");
    let page = open_page(&t, &s, &matched, &[("show_matched", "1")]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("data:image/png;base64,") && page.body.contains("<details class=\"evidence-view\">"));
    assert_eq!(viewed(&t, &s).await, before + 1);
    let (status, _, bytes) = open_api(&t, &s, &matched, json!({"show_matched": true})).await;
    assert_eq!((status, bytes == known), (StatusCode::OK, true));

    // The video: blurred, paused and muted; its file only on play, only for who opened it.
    let v = s.evidence(&video);
    let media = format!("/en/staff/reports/{}/evidence/{v}/media", s.case);
    assert_eq!(t.page(&media, Some(&s.cookie)).await.status, StatusCode::FORBIDDEN, "not opened yet");
    let page = open_page(&t, &s, &v, &[]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let tag = page.body.split("<video").nth(1).unwrap().split('>').next().unwrap().to_owned();
    assert!(tag.contains(" controls") && tag.contains(" muted") && tag.contains("preload=\"none\""), "{tag}");
    assert!(!tag.contains("autoplay") && tag.contains(&format!("src=\"{media}\"")), "{tag}");
    assert!(!page.body.contains("data:video"), "the file is not in the page");
    assert!(page.body.contains("<summary>Show the video clearly"));
    assert!(page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("media-src 'self'"));
    let played = t.send(
        axum::http::Request::get(&media).header(header::COOKIE, &s.cookie).body(axum::body::Body::empty()).unwrap(),
    );
    let played = played.await;
    assert_eq!(played.status, StatusCode::OK);
    assert_eq!(played.headers[header::CONTENT_TYPE], "video/mp4");
    assert_eq!(played.body.len(), video.len());
    assert_eq!(exposure_rows(&t, "vera").await.last().unwrap().kind, "video", "counted as a video");
    t.create("ana", Role::Counsellor, Some("helpline")).await;
    let other = t.page_login("ana").await;
    assert_eq!(t.page(&media, Some(&other)).await.status, StatusCode::FORBIDDEN, "a colleague did not open it");
}

/// The weekly summary and one's own page carry numbers only: no case reference, receipt,
/// description, file name, reason or digest, however distinctive; an administrator sees
/// everyone's (audited), anyone else only their own.
#[tokio::test]
async fn the_summary_holds_numbers_only_and_only_the_administrator_sees_everyone() {
    let t = TestApp::new().await;
    let picture = landscape(false);
    let description = "Zebra-Quokka-7781 sent me messages at the lake";
    let s = setup(&t, description, &[("Quokka-Secret-5512.png", &picture)]).await;
    morning(&t);
    let reason = "Checking Quokka-Reason-9912 for the police";
    let (status, _, _) = t
        .json_raw(
            Method::POST,
            &format!("/api/v1/cases/{}/evidence/{}", s.case, s.evidence(&picture)),
            json!({"reason": reason}),
            &s.token,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    t.app.clock.advance(5 * MINUTE);
    let report = t.store().report(&s.case).await.unwrap().unwrap();
    let forbidden = [
        report.case_ref.as_str(),
        s.receipt.as_str(),
        s.case.as_str(),
        "Zebra-Quokka-7781",
        "Quokka-Secret-5512",
        "Quokka-Reason-9912",
        &s.evidence(&picture),
        &zeri_hashing::sha256_hex(&picture),
        "data:image",
    ];
    let clean = |what: &str, text: &str| {
        for f in forbidden {
            assert!(!text.contains(f), "{what} carries {f}");
        }
    };

    let admin = t.staff("root", Role::Admin).await;
    let admin_cookie = t.page_login("root").await;
    let summary = t.json(Method::GET, "/api/v1/admin/wellbeing", None, Some(&admin)).await;
    assert_eq!(summary.status, StatusCode::OK, "{}", summary.body);
    clean("the summary", &summary.body);
    let j = summary.json();
    let vera = j["staff"].as_array().unwrap().iter().find(|u| u["username"] == "vera").expect("vera in it").clone();
    assert_eq!(vera["week"]["openings"], 1, "{vera}");
    assert_eq!(vera["week"]["exposure_seconds"], 300);
    assert_eq!(vera["week"]["days"].as_array().unwrap().len(), 7);
    assert_eq!(j["limits"]["daily_limit_minutes"], 300, "five hours by default");
    let page = t.page("/en/staff/admin/wellbeing", Some(&admin_cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    clean("the summary page", &page.body);
    assert!(page.body.contains("vera") && page.body.contains("5 min"), "{}", page.body);
    assert_eq!(audited(&t, "exposure-summary-viewed").await.len(), 2, "each reading audited");
    assert!(t.page("/en/staff/admin", Some(&admin_cookie)).await.body.contains("/en/staff/admin/wellbeing"));

    // One's own numbers, on the API, the page and the staff home.
    let own = t.json(Method::GET, "/api/v1/wellbeing", None, Some(&s.token)).await;
    clean("one's own summary", &own.body);
    assert_eq!(own.json()["week"]["openings"], 1);
    let page = t.page("/en/staff/wellbeing", Some(&s.cookie)).await;
    clean("one's own page", &page.body);
    assert!(page.body.contains("Your exposure to material today: 5 min of 5 h 00 min (1 openings)"), "{}", page.body);
    let home = t.page("/en/staff", Some(&s.cookie)).await.body;
    assert!(home.contains("Your exposure to material today: 5 min"), "the staff home shows it");
    let sq = t.page("/sq/staff/wellbeing", Some(&s.cookie)).await.body;
    assert!(sq.contains("Ekspozimi yt ndaj materialeve sot"));
    assert!(t.page("/en/staff/wellbeing?weeks_ago=1", Some(&s.cookie)).await.body.contains("0 min"));
    let bad = t.json(Method::GET, "/api/v1/wellbeing?weeks_ago=x", None, Some(&s.token)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);

    // Anyone else: not everyone's.
    assert_eq!(
        t.json(Method::GET, "/api/v1/admin/wellbeing", None, Some(&s.token)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(t.page("/en/staff/admin/wellbeing", Some(&s.cookie)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(audited(&t, "exposure-summary-viewed").await.len(), 2, "a refused reading records nothing");
}

/// The administrator changes the limits on the page and the API (audited, bad input
/// explained, nothing half-saved); no one else can.
#[tokio::test]
async fn the_administrator_sets_the_limits_and_no_one_else_can() {
    let t = TestApp::new().await;
    let admin = t.staff("root", Role::Admin).await;
    let cookie = t.page_login("root").await;
    let get = |token: String| {
        let t = &t;
        async move { t.json(Method::GET, "/api/v1/admin/wellbeing/limits", None, Some(&token)).await }
    };
    assert_eq!(get(admin.clone()).await.json(), json!({"daily_limit_minutes": 300, "break_after_minutes": 60}));

    let page = t.page("/en/staff/admin/wellbeing", Some(&cookie)).await.body;
    let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let res = t
        .form(
            "/en/staff/admin/wellbeing",
            &[("csrf", &csrf), ("daily_limit_minutes", "240"), ("break_after_minutes", "45")],
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page = t.page(res.headers[header::LOCATION].to_str().unwrap(), Some(&cookie)).await.body;
    assert!(page.contains("The limits were saved") && page.contains("value=\"240\""), "{page}");
    assert_eq!(get(admin.clone()).await.json(), json!({"daily_limit_minutes": 240, "break_after_minutes": 45}));
    let changes = audited(&t, "exposure-limits-changed").await;
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].detail.as_deref(), Some("daily:240,break:45"));
    assert_eq!(changes[0].staff_id, Some(t.store().staff_by_username("root").await.unwrap().unwrap().id));

    // Bad input: explained in the user's language, nothing saved.
    let res = t
        .form(
            "/en/staff/admin/wellbeing",
            &[("csrf", &csrf), ("daily_limit_minutes", "2"), ("break_after_minutes", "45")],
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("from 5 to 720"), "{}", res.body);
    let res = t
        .json(
            Method::PUT,
            "/api/v1/admin/wellbeing/limits",
            Some(json!({"daily_limit_minutes": "300", "break_after_minutes": 60})),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["fields"]["daily_limit_minutes"], "This must be a whole number.");
    let res = t
        .json(
            Method::PUT,
            "/api/v1/admin/wellbeing/limits",
            Some(json!({"daily_limit_minutes": 300, "break_after_minutes": 241})),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.json()["error"]["fields"]["break_after_minutes"].as_str().unwrap().contains("5 to 240"));
    assert_eq!(get(admin.clone()).await.json()["daily_limit_minutes"], 240, "nothing half-saved");
    assert_eq!(audited(&t, "exposure-limits-changed").await.len(), 1);

    // No one else: not the analyst, not the counsellor; not on the page either.
    for (name, role) in [("anl", Role::HotlineAnalyst), ("cns", Role::Counsellor), ("stat", Role::Statistician)] {
        let token = t.staff(name, role).await;
        let res = t
            .json(
                Method::PUT,
                "/api/v1/admin/wellbeing/limits",
                Some(json!({"daily_limit_minutes": 600, "break_after_minutes": 60})),
                Some(&token),
            )
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{name}");
        assert_eq!(get(token).await.status, StatusCode::FORBIDDEN, "{name}");
    }
    let cookie = t.page_login("anl").await;
    let page = t.page("/en/staff", Some(&cookie)).await.body;
    let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let res = t
        .form(
            "/en/staff/admin/wellbeing",
            &[("csrf", &csrf), ("daily_limit_minutes", "600"), ("break_after_minutes", "60")],
            Some(&cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(get(admin).await.json()["daily_limit_minutes"], 240);
    assert_eq!(audited(&t, "exposure-limits-changed").await.len(), 1);
}
