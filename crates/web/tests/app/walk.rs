//! The helpline walk of issue 19 in-process: the child's chat page asks the two rating
//! questions as soon as the chat ends (once per chat), and the supervisor's live queue and
//! reading along follow a warm hand-over from one counsellor to a colleague. Each story
//! runs on SQLite and on PostgreSQL.

use axum::http::{header, Method, StatusCode};
use serde_json::json;
use zeri_domain::Role;

use crate::support::*;

/// The part of the supervisor's queue page that is the row of `chat`.
fn queue_row(page: &str, chat: &str) -> String {
    let at = page.find(&format!("data-sup-chat=\"{chat}\"")).unwrap_or_else(|| panic!("chat {chat} in {page}"));
    let row = &page[at..];
    row[..row.find("</tr>").unwrap()].to_owned()
}

// ----- the rating where the child is -----

/// While the chat is open the chat page asks nothing; when the counsellor ends it the
/// child's stream says so, and the chat page (rendered by the server, so without a script
/// too) asks the two questions with the chat's rating token; once answered it asks no more.
/// A chat nobody answered is not rated.
async fn the_chat_page_asks_for_the_rating(t: TestApp) {
    t.create("drita", Role::Counsellor, Some("helpline")).await;
    let staff = t.page_login("drita").await;
    let csrf = csrf_of(&t.page("/en/staff/chats", Some(&staff)).await.body);
    t.form("/en/staff/chats/duty", &[("csrf", &csrf), ("on", "1")], Some(&staff)).await;

    let receipt = t.report(kukes_report()).await;
    let child = t.form("/en/followup", &[("receipt", &receipt)], None).await.cookie();
    let api = t.survivor(&receipt).await;
    let chat =
        t.script("/followup/chat/open", json!({}), &child, None).await.json()["chat"].as_str().unwrap().to_owned();
    t.script("/followup/chat/send", json!({"id": hex_id(1), "body": "Zqxj-WALK-1 hello"}), &child, None).await;
    let page = t.page("/en/followup/chat", Some(&child)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(!page.body.contains("data-chat-rating"), "nothing to rate while the chat waits");

    let taken = t.form(&format!("/en/staff/chats/{chat}/take"), &[("csrf", &csrf)], Some(&staff)).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);
    assert!(
        !t.page("/en/followup/chat", Some(&child)).await.body.contains("data-chat-rating"),
        "nor while it is taken"
    );
    let ended = t.form(&format!("/en/staff/chats/{chat}/end"), &[("csrf", &csrf), ("block", "0")], Some(&staff)).await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);

    // The child's page learns it from its stream; then its chat page asks at once.
    let stream = t.events("/followup/chat/events?after=0&lang=en", &child, |s| s.contains("data: ended")).await;
    assert!(stream.contains("event: state\ndata: ended"), "{stream}");
    let token = t.json(Method::GET, "/api/v1/chat/rating", None, Some(&api)).await.json()["token"]
        .as_str()
        .expect("a rating token once the chat ended")
        .to_owned();
    let page = t.page("/en/followup/chat", Some(&child)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    assert!(page.body.contains("data-chat-rating") && page.body.contains("The chat has ended."), "{}", page.body);
    assert!(page.body.contains("Did you feel listened to?") && page.body.contains("Would you come back to us?"));
    assert!(page.body.contains(&format!("name=\"token\" value=\"{token}\"")), "the chat's own token");
    assert!(page.body.contains("action=\"/en/followup/chat/rating\""));
    // In Albanian too.
    let sq = t.page("/sq/followup/chat", Some(&child)).await.body;
    assert!(sq.contains("Chat-i mbaroi.") && sq.contains("A u ndjeve i dëgjuar?"), "{sq}");

    // Half an answer is refused; both are counted once, anonymously.
    let half = t.form("/en/followup/chat/rating", &[("token", &token), ("listened", "yes")], None).await;
    assert_eq!(half.status, StatusCode::UNPROCESSABLE_ENTITY);
    let sent = t
        .form("/en/followup/chat/rating", &[("token", &token), ("listened", "partly"), ("come_back", "yes")], None)
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert!(sent.body.contains("Thank you for telling us."));
    let page = t.page("/en/followup/chat", Some(&child)).await;
    assert!(!page.body.contains("data-chat-rating"), "once per chat: {}", page.body);
    let again =
        t.form("/en/followup/chat/rating", &[("token", &token), ("listened", "no"), ("come_back", "no")], None).await;
    assert!(again.body.contains("Thank you"), "a second answer is not counted, and not an error page");
    let month = {
        let today = zeri_web::now_ms() / 86_400_000;
        let n = *zeri_domain::statistics::Period::last_full_month(today).month_numbers().start() + 1;
        format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1)
    };
    let counts = t.store().rating_counts("helpline", &month, "9999-12").await.unwrap();
    assert_eq!(counts.iter().map(|c| c.count).sum::<i64>(), 1, "{counts:?}");
    assert_eq!((counts[0].listened.as_str(), counts[0].come_back.as_str()), ("partly", "yes"));

    // A new chat the child ends before anyone answered: nothing to rate.
    let second =
        t.script("/followup/chat/open", json!({}), &child, None).await.json()["chat"].as_str().unwrap().to_owned();
    assert_ne!(second, chat);
    assert_eq!(t.script("/followup/chat/end", json!({}), &child, None).await.status, StatusCode::NO_CONTENT);
    assert!(!t.page("/en/followup/chat", Some(&child)).await.body.contains("data-chat-rating"));
    assert_eq!(t.json(Method::GET, "/api/v1/chat/rating", None, Some(&api)).await.json()["token"], json!(null));
}

#[tokio::test]
async fn the_chat_page_asks_for_the_rating_when_the_chat_ends() {
    the_chat_page_asks_for_the_rating(TestApp::new().await).await;
}

#[tokio::test]
async fn the_chat_page_asks_for_the_rating_when_the_chat_ends_postgres() {
    if let Some(t) = TestApp::postgres().await {
        the_chat_page_asks_for_the_rating(t).await;
    }
}

// ----- the supervisor and a warm hand-over -----

/// Drita takes the chat; the supervisor's queue shows her handling it and the supervisor
/// reads along; Drita hands it over warm to Arben with a note; the queue shows Arben, handed
/// over by Drita; reading along goes on (Arben's reply is in it, the supervisor's coaching
/// reaches Arben, who sees who reads along); Arben ends the chat and records the contact.
async fn a_warm_hand_over_under_supervision(t: TestApp) {
    t.create("drita", Role::Counsellor, Some("helpline")).await;
    t.create("arben", Role::Counsellor, Some("helpline")).await;
    t.create("besa", Role::Supervisor, Some("helpline")).await;
    let a = t.page_login("drita").await;
    let b = t.page_login("arben").await;
    let sup = t.page_login("besa").await;
    let a_csrf = csrf_of(&t.page("/en/staff/chats", Some(&a)).await.body);
    let b_csrf = csrf_of(&t.page("/en/staff/chats", Some(&b)).await.body);
    t.form("/en/staff/chats/duty", &[("csrf", &a_csrf), ("on", "1")], Some(&a)).await;
    t.form("/en/staff/chats/duty", &[("csrf", &b_csrf), ("on", "1")], Some(&b)).await;

    let receipt = t.report(kukes_report()).await;
    let child = t.form("/en/followup", &[("receipt", &receipt)], None).await.cookie();
    let chat =
        t.script("/followup/chat/open", json!({}), &child, None).await.json()["chat"].as_str().unwrap().to_owned();
    t.script("/followup/chat/send", json!({"id": hex_id(1), "body": "Zqxj-HAND-1 hello"}), &child, None).await;
    let taken = t.form(&format!("/en/staff/chats/{chat}/take"), &[("csrf", &a_csrf)], Some(&a)).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);
    let sent = t
        .script(
            &format!("/en/staff/chats/{chat}/send"),
            json!({"id": hex_id(2), "body": "Zqxj-HAND-2 I am here"}),
            &a,
            Some(&a_csrf),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);

    // The queue: Drita handles it, nobody handed it over.
    let q = t.page("/en/staff/supervision", Some(&sup)).await;
    assert_eq!(q.status, StatusCode::OK, "{}", q.body);
    let row = queue_row(&q.body, &chat);
    assert!(row.contains("data-sup-handler=\"drita\"") && !row.contains("data-sup-handed-from"), "{row}");
    assert!(q.body.contains("data-on-duty=\"drita\"") && q.body.contains("data-on-duty=\"arben\""));
    // The live part is fetched again by the page's script (marked as an automatic reload);
    // only without a script does the whole page reload (no meta refresh for axe, WCAG 2.2.1).
    assert!(q.body.contains("data-live=\"/en/staff/supervision?auto=1\""), "{}", q.body);
    assert!(q.body.contains("<noscript><meta http-equiv=\"refresh\""), "{}", q.body);
    let along = t.page(&format!("/en/staff/chats/{chat}/supervise"), Some(&sup)).await;
    assert_eq!(along.status, StatusCode::OK, "{}", along.body);
    assert!(along.body.contains("Zqxj-HAND-2"));
    assert!(along.body.contains("<noscript><meta http-equiv=\"refresh\""), "{}", along.body);
    // What is fetched again holds the thread and the notes, never the note being written.
    let live = &along.body[along.body.find("data-live=").expect("a live part")..];
    let live = &live[..live.find("</section></div>").expect("its end")];
    assert!(live.contains("Zqxj-HAND-2") && !live.contains("<textarea"), "{live}");
    assert!(along.body.contains("<textarea id=\"note\""));
    let sup_csrf = csrf_of(&along.body);

    // The warm hand-over, with a note for Arben.
    let a_page = t.page(&format!("/en/staff/chats/{chat}"), Some(&a)).await.body;
    let arben = t.store().staff_by_username("arben").await.unwrap().unwrap();
    assert!(a_page.contains(&format!("<option value=\"{}\">arben</option>", arben.id)), "{a_page}");
    let handed = t
        .form(
            &format!("/en/staff/chats/{chat}/handover"),
            &[("csrf", &a_csrf), ("to", &arben.id), ("note", "Zqxj-NOTE she is in Kukës, asked about the police")],
            Some(&a),
        )
        .await;
    assert_eq!(handed.status, StatusCode::SEE_OTHER, "{}", handed.body);

    // The queue follows: Arben handles it now, handed over warm by Drita.
    let q = t.page("/en/staff/supervision", Some(&sup)).await;
    let row = queue_row(&q.body, &chat);
    assert!(row.contains("data-sup-handler=\"arben\""), "{row}");
    assert!(row.contains("data-sup-handed-from=\"drita\"") && row.contains("handed over warm by drita"), "{row}");
    assert!(row.contains("Being answered") && !row.contains("Someone is with you"), "staff words: {row}");
    assert!(!q.body.contains("Zqxj-"), "no message text or note in the queue");
    let sq = t.page("/sq/staff/supervision", Some(&sup)).await.body;
    assert!(queue_row(&sq, &chat).contains("dorëzuar drejtpërdrejt nga drita"));

    // Drita may no longer write in it; Arben may, sees the note and who reads along.
    let refused = t
        .script(
            &format!("/en/staff/chats/{chat}/send"),
            json!({"id": hex_id(3), "body": "Zqxj-HAND-3"}),
            &a,
            Some(&a_csrf),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let b_page = t.page(&format!("/en/staff/chats/{chat}"), Some(&b)).await.body;
    assert!(b_page.contains("Zqxj-NOTE") && b_page.contains("Supervisor besa is reading along"), "{b_page}");
    let sent = t
        .script(
            &format!("/en/staff/chats/{chat}/send"),
            json!({"id": hex_id(4), "body": "Zqxj-HAND-4 Arben here"}),
            &b,
            Some(&b_csrf),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);

    // Reading along goes on across the hand-over: the colleague's reply, and coaching.
    let along = t.page(&format!("/en/staff/chats/{chat}/supervise?auto=1"), Some(&sup)).await;
    assert_eq!(along.status, StatusCode::OK, "{}", along.body);
    assert!(along.body.contains("Zqxj-HAND-2") && along.body.contains("Zqxj-HAND-4"), "{}", along.body);
    let coached = t
        .form(
            &format!("/en/staff/chats/{chat}/coach"),
            &[("csrf", &sup_csrf), ("note", "Zqxj-COACH-B well done")],
            Some(&sup),
        )
        .await;
    assert_eq!(coached.status, StatusCode::SEE_OTHER, "{}", coached.body);
    assert!(t.page(&format!("/en/staff/chats/{chat}"), Some(&b)).await.body.contains("Zqxj-COACH-B"));
    let child_page = t.page("/en/followup/chat", Some(&child)).await.body;
    assert!(
        child_page.contains("Zqxj-HAND-4") && !child_page.contains("Zqxj-COACH") && !child_page.contains("Zqxj-NOTE")
    );

    // Arben ends it and records the contact; the chat leaves the live queue.
    let ended = t.form(&format!("/en/staff/chats/{chat}/end"), &[("csrf", &b_csrf), ("block", "0")], Some(&b)).await;
    assert_eq!(ended.headers[header::LOCATION], format!("/en/staff/contacts/chat/{chat}"));
    assert_eq!(
        t.page(&format!("/en/staff/contacts/chat/{chat}"), Some(&a)).await.status,
        StatusCode::FORBIDDEN,
        "the one who answered last records it"
    );
    let rec = t
        .form(
            &format!("/en/staff/contacts/chat/{chat}"),
            &[("csrf", &b_csrf), ("disposition", "data"), ("category", "sexual_extortion"), ("gender", "girl")],
            Some(&b),
        )
        .await;
    assert_eq!(rec.status, StatusCode::SEE_OTHER, "{}", rec.body);
    let record = t.store().contact_record_of_chat(&chat).await.unwrap().expect("recorded");
    assert_eq!(record.staff_id, arben.id);
    assert!(!t.page("/en/staff/supervision", Some(&sup)).await.body.contains(&format!("data-sup-chat=\"{chat}\"")));

    // The audit log has the hand-over, warm, by Drita.
    let drita = t.store().staff_by_username("drita").await.unwrap().unwrap();
    let report_id = t.store().chat(&chat).await.unwrap().unwrap().report_id;
    let events = t.store().events(&report_id).await.unwrap();
    assert!(events.iter().any(|e| e.action == "chat-handed-over"
        && e.detail.as_deref() == Some("warm")
        && e.staff_id.as_deref() == Some(drita.id.as_str())));
}

#[tokio::test]
async fn the_supervisor_follows_a_warm_hand_over() {
    a_warm_hand_over_under_supervision(TestApp::new().await).await;
}

#[tokio::test]
async fn the_supervisor_follows_a_warm_hand_over_postgres() {
    if let Some(t) = TestApp::postgres().await {
        a_warm_hand_over_under_supervision(t).await;
    }
}
