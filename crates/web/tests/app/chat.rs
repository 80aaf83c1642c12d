//! Live chat, both sides.

use axum::http::{Method, StatusCode};
use serde_json::json;
use zeri_domain::permission::Profession;
use zeri_domain::Role;
use zeri_web::WebConfig;

use crate::support::*;

/// A child opens a chat with the receipt; the counsellors hear of it; one goes on duty and
/// takes it; both sides write and read each other's messages, with delivery and read
/// marks; a retried send is stored once; limits hold; a block pauses the chat; nothing of
/// it is in the data folder in plaintext.
#[tokio::test]
async fn a_live_chat_from_the_receipt_to_a_counsellor_and_back() {
    let t = TestApp::with(WebConfig {
        chat_hours: zeri_domain::hours::parse("daily 00:00-24:00").unwrap(),
        ..fast_config()
    })
    .await;
    let receipt = t.report(kukes_report()).await;
    let opened = t.form("/en/followup", &[("receipt", &receipt)], None).await;
    let child = opened.cookie();
    t.create("drita", Role::Counsellor, Some("helpline")).await;
    let staff = t.page_login("drita").await;

    // Nobody is on duty yet: the page says so, and the chat still opens and waits.
    let page = t.page("/en/followup/chat", Some(&child)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("No one is answering chats right now") && page.body.contains("116 111"),
        "{}",
        page.body
    );
    assert!(page.body.contains("no voice or video call"));
    let open = t.script("/followup/chat/open", json!({}), &child, None).await;
    assert_eq!(open.status, StatusCode::OK, "{}", open.body);
    let chat = open.json()["chat"].as_str().unwrap().to_owned();
    assert_eq!(
        t.script("/followup/chat/open", json!({}), &child, None).await.json()["chat"],
        chat.as_str(),
        "one open chat"
    );
    let drita = t.store().staff_by_username("drita").await.unwrap().unwrap();
    let told = t.store().notifications(&drita.id, 10).await.unwrap();
    assert_eq!(told.iter().map(|n| n.kind.as_str()).collect::<Vec<_>>(), ["chat"], "counsellors hear of it");

    // The child writes before anyone answers: kept, once, even when sent twice.
    let first = t
        .script("/followup/chat/send", json!({"id": hex_id(1), "body": "Zqxj-CHAT-1 are you there?"}), &child, None)
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = t
        .script("/followup/chat/send", json!({"id": hex_id(1), "body": "Zqxj-CHAT-1 are you there?"}), &child, None)
        .await;
    assert_eq!(again.json()["seq"], first.json()["seq"], "a retried send is stored once");

    // On duty, the counsellor sees the chat waiting and takes it; a second take fails.
    let queue = t.page("/en/staff/chats", Some(&staff)).await;
    let csrf = csrf_of(&queue.body);
    assert_eq!(
        t.form("/en/staff/chats/duty", &[("csrf", &csrf), ("on", "1")], Some(&staff)).await.status,
        StatusCode::SEE_OTHER
    );
    let queue = t.page("/en/staff/chats", Some(&staff)).await;
    assert!(
        queue.body.contains(&format!("data-chat-row=\"{chat}\"")) && queue.body.contains("You are on duty"),
        "{}",
        queue.body
    );
    let taken = t.form(&format!("/en/staff/chats/{chat}/take"), &[("csrf", &csrf)], Some(&staff)).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);
    let twice = t.form(&format!("/en/staff/chats/{chat}/take"), &[("csrf", &csrf)], Some(&staff)).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    // The counsellor's stream has the child's message; reading it marks it delivered.
    let seen = t.events(&format!("/en/staff/chats/{chat}/events?after=0"), &staff, |s| s.contains("Zqxj-CHAT-1")).await;
    assert!(seen.contains("event: message") && seen.contains("\"mine\":false"), "{seen}");
    // Without the CSRF header the counsellor's script is refused.
    let forged =
        t.script(&format!("/en/staff/chats/{chat}/send"), json!({"id": hex_id(2), "body": "x"}), &staff, None).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let reply = t
        .script(
            &format!("/en/staff/chats/{chat}/send"),
            json!({"id": hex_id(2), "body": "Zqxj-REPLY-2 yes, I am here"}),
            &staff,
            Some(&csrf),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let seq = reply.json()["seq"].as_i64().unwrap();

    // The child's stream: both messages in order, the delivery mark of their own, and the
    // chat is active.
    let child_view = t
        .events("/followup/chat/events?after=0&lang=en", &child, |s| {
            s.contains("Zqxj-REPLY-2") && s.contains("event: state")
        })
        .await;
    let (a, b) = (child_view.find("Zqxj-CHAT-1").unwrap(), child_view.find("Zqxj-REPLY-2").unwrap());
    assert!(a < b, "{child_view}");
    assert!(child_view.contains("event: receipt") && child_view.contains("data: active"), "{child_view}");
    // Resuming after the last message seen gives only what came after it.
    let resumed = t.events(&format!("/followup/chat/events?after={seq}"), &child, |s| s.contains("event: state")).await;
    assert!(!resumed.contains("Zqxj-"), "{resumed}");
    assert_eq!(t.script("/followup/chat/seen", json!({"seq": seq}), &child, None).await.status, StatusCode::NO_CONTENT);
    let report_id = t.store().chat(&chat).await.unwrap().unwrap().report_id;
    let thread = t.store().messages_after(&report_id, 0).await.unwrap();
    let staff_msg = thread.iter().find(|m| m.seq == seq).unwrap();
    assert!(staff_msg.delivered_at.is_some() && staff_msg.read_at.is_some(), "delivered and read");

    // A conversation, not a numbered list: who wrote each message (a role, never a name),
    // when in Tirana time, and the marks of the child's own messages, without a script.
    assert!(
        child_view.contains("\"who\":\"Counsellor, ALO 116 111\"") && child_view.contains("\"who\":\"You\""),
        "{child_view}"
    );
    assert!(child_view.contains("\"time\":\"") && !child_view.contains("drita"), "{child_view}");
    let talk = t.page("/en/followup/chat", Some(&child)).await;
    let log = &talk.body[talk.body.find("class=\"chat-log\"").expect("the conversation")..];
    assert!(log.starts_with("class=\"chat-log\" aria-label=\"Your conversation\""), "{log}");
    let (mine, theirs) = (log.find("Zqxj-CHAT-1").unwrap(), log.find("Zqxj-REPLY-2").unwrap());
    assert!(mine < theirs, "in order");
    let first = &log[..mine];
    assert!(first.contains("class=\"mine\"") && first.contains("<span class=\"who\">You</span>"), "{first}");
    assert!(first.contains("<time datetime=\""), "{first}");
    let reply = &log[mine..theirs];
    assert!(reply.contains("data-mark=\"delivered\">delivered</span>"), "the child's message was delivered: {reply}");
    assert!(reply.contains("class=\"theirs\"") && reply.contains("Counsellor, ALO 116 111"), "{reply}");
    assert!(!talk.body.contains("drita"), "never a person's name to the child");
    // The staff side speaks to staff.
    let desk = t.page(&format!("/en/staff/chats/{chat}"), Some(&staff)).await;
    assert!(desk.body.contains("aria-label=\"Conversation with the child\""), "{}", desk.body);
    assert!(
        desk.body.contains("<span class=\"who\">Child</span>") && desk.body.contains("<span class=\"who\">You</span>")
    );
    for words in ["The child is typing", "Delivered to the child", "Read by the child", "The chat is taken"] {
        assert!(desk.body.contains(words), "{words}");
    }
    for words in ["Someone is with you", "writing…", "Your message"] {
        assert!(!desk.body.contains(words), "the child's words on the staff page: {words}");
    }

    // Limits: too long, then too fast, each said plainly.
    let long = t.script("/followup/chat/send", json!({"id": hex_id(3), "body": "a".repeat(2001)}), &child, None).await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(long.json()["error"]["message"].as_str().unwrap().contains("2000"));
    let mut last = StatusCode::CREATED;
    for n in 0..40u8 {
        last = t.script("/followup/chat/send", json!({"id": hex_id(100 + n), "body": "hi"}), &child, None).await.status;
        if last != StatusCode::CREATED {
            break;
        }
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);

    // The counsellor ends and blocks the chat with a reason; the child cannot open a new
    // one for a day, and an administrator can review it.
    let short = t
        .form(
            &format!("/en/staff/chats/{chat}/end"),
            &[("csrf", &csrf), ("block", "1"), ("reason", "rude")],
            Some(&staff),
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY, "a block needs a reason");
    let blocked = t
        .form(
            &format!("/en/staff/chats/{chat}/end"),
            &[("csrf", &csrf), ("block", "1"), ("reason", "Zqxj-BLOCK repeated abuse")],
            Some(&staff),
        )
        .await;
    assert_eq!(blocked.status, StatusCode::SEE_OTHER, "{}", blocked.body);
    let refused = t.script("/followup/chat/open", json!({}), &child, None).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.json()["error"]["message"].as_str().unwrap().contains("116 111"));
    t.create("admin1", Role::Admin, None).await;
    let admin = t.page_login("admin1").await;
    let review = t.page("/en/staff/chats/blocked", Some(&admin)).await;
    assert!(review.body.contains("Zqxj-BLOCK repeated abuse"), "{}", review.body);
    assert_eq!(t.page("/en/staff/chats/blocked", Some(&staff)).await.status, StatusCode::FORBIDDEN);

    // Nothing of the chat in plaintext at rest.
    let all = t.bytes_at_rest();
    for s in ["Zqxj-CHAT-1", "Zqxj-REPLY-2", "Zqxj-BLOCK"] {
        assert!(!contains(&all, s.as_bytes()), "{s} found in plaintext at rest");
    }
}

/// A case referred to a psychologist: within the hours the psychologist set, the child's
/// chat goes to them (and they are told); outside them, to the helpline.
#[tokio::test]
async fn chats_of_a_referred_case_go_to_the_psychologist_within_their_hours() {
    let t = TestApp::new().await;
    let _ = t.report(kukes_report()).await;
    let receipt = t.report(kukes_report()).await;
    let counsellor = t.staff("cn-route", Role::Counsellor).await;
    let report = t.report_of(&receipt).await;
    let id = report.id.clone();
    let case = |p: &str| format!("/api/v1/cases/{id}{p}");
    let consent = json!({"recipient": "service", "org": "svc-test", "giver": "child", "decision": "given", "explained": "who they are"});
    t.ok(&case("/consents"), consent, &counsellor).await;
    t.ok(&case("/referrals"), json!({"to": "svc-test", "note": "psychological support"}), &counsellor).await;
    t.create_professional("elira-psy", Role::ServiceProvider, Some("svc-test"), Some(Profession::Psychologist)).await;
    let psy = t.login("elira-psy").await;
    let rid = t.json(Method::GET, &case(""), None, Some(&psy)).await.json()["referrals"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    t.ok(&case("/referral-answer"), json!({"referral": rid, "status": "accepted"}), &psy).await;

    let psy_page = t.page_login("elira-psy").await;
    let queue = t.page("/en/staff/chats", Some(&psy_page)).await;
    let csrf = csrf_of(&queue.body);
    let bad = t.form("/en/staff/chats/hours", &[("csrf", &csrf), ("hours", "whenever")], Some(&psy_page)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let set =
        t.form("/en/staff/chats/hours", &[("csrf", &csrf), ("hours", "daily 00:00-24:00")], Some(&psy_page)).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);

    let child = t.form("/en/followup", &[("receipt", &receipt)], None).await.cookie();
    let page = t.page("/en/followup/chat", Some(&child)).await;
    assert!(page.body.contains("Your psychologist is answering chats now"), "{}", page.body);
    let chat =
        t.script("/followup/chat/open", json!({}), &child, None).await.json()["chat"].as_str().unwrap().to_owned();
    let psy_row = t.store().staff_by_username("elira-psy").await.unwrap().unwrap();
    assert_eq!(t.store().chat(&chat).await.unwrap().unwrap().routed_to, Some(psy_row.id.clone()));
    assert!(t.store().notifications(&psy_row.id, 10).await.unwrap().iter().any(|n| n.kind == "chat"));
    let queue = t.page("/en/staff/chats", Some(&psy_page)).await;
    assert!(queue.body.contains(&chat), "the psychologist sees the chat routed to them");
    let taken = t.form(&format!("/en/staff/chats/{chat}/take"), &[("csrf", &csrf)], Some(&psy_page)).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);
    let ended =
        t.form(&format!("/en/staff/chats/{chat}/end"), &[("csrf", &csrf), ("block", "0")], Some(&psy_page)).await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);

    // Outside the psychologist's hours the next chat goes to the helpline.
    let minute = zeri_domain::hours::minute_of_week(zeri_web::now_ms());
    let elsewhere = format!(
        "{} 00:00-00:01",
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][((minute / 1440 + 3) % 7) as usize]
    );
    t.form("/en/staff/chats/hours", &[("csrf", &csrf), ("hours", &elsewhere)], Some(&psy_page)).await;
    let next =
        t.script("/followup/chat/open", json!({}), &child, None).await.json()["chat"].as_str().unwrap().to_owned();
    assert_ne!(next, chat);
    assert_eq!(t.store().chat(&next).await.unwrap().unwrap().routed_to, None);
}

/// A stream checks who watches it at every look, not only when it connects: the child's
/// stream ends when they leave (the quick exit, or "close my report on this device"), the
/// counsellor's when their account is disabled.
#[tokio::test]
async fn chat_streams_end_when_the_watcher_may_no_longer_watch() {
    let t = TestApp::with(WebConfig {
        chat_hours: zeri_domain::hours::parse("daily 00:00-24:00").unwrap(),
        ..fast_config()
    })
    .await;
    let receipt = t.report(kukes_report()).await;
    let child = t.form("/en/followup", &[("receipt", &receipt)], None).await.cookie();
    t.create("drita", Role::Counsellor, Some("helpline")).await;
    let staff = t.page_login("drita").await;
    let chat =
        t.script("/followup/chat/open", json!({}), &child, None).await.json()["chat"].as_str().unwrap().to_owned();
    let csrf = csrf_of(&t.page("/en/staff/chats", Some(&staff)).await.body);
    t.form("/en/staff/chats/duty", &[("csrf", &csrf), ("on", "1")], Some(&staff)).await;
    let taken = t.form(&format!("/en/staff/chats/{chat}/take"), &[("csrf", &csrf)], Some(&staff)).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);

    // The child leaves while the stream is open: it ends (within a look, 4 s) instead of
    // running until the events' deadline.
    let started = std::time::Instant::now();
    let (text, left) = tokio::join!(t.events("/followup/chat/events?after=0", &child, |_| false), async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        t.form("/en/followup/leave", &[], Some(&child)).await
    });
    assert!(left.status.is_redirection() || left.status.is_success(), "{}", left.status);
    assert!(text.contains("event: state"), "it was streaming: {text}");
    assert!(started.elapsed() < std::time::Duration::from_secs(9), "the child's stream ended");

    // The counsellor's stream ends when an administrator disables the account.
    let admin = t.staff("root", Role::Admin).await;
    let drita = t.store().staff_by_username("drita").await.unwrap().unwrap();
    let started = std::time::Instant::now();
    let path = format!("/en/staff/chats/{chat}/events?after=0");
    let (text, disabled) = tokio::join!(t.events(&path, &staff, |_| false), async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        t.post(&format!("/api/v1/admin/staff/{}/disable", drita.id), json!({}), &admin).await
    });
    assert_eq!(disabled.status, StatusCode::OK, "{}", disabled.body);
    assert!(text.contains("event: state"), "it was streaming: {text}");
    assert!(started.elapsed() < std::time::Duration::from_secs(9), "the counsellor's stream ended");
}

/// The chat queue reloads itself every ten seconds; those reloads are not activity, so a desk
/// left unattended still signs out after the idle time, while a person's own request keeps
/// the session (issue 16, point 11).
#[tokio::test]
async fn the_queue_reloading_itself_does_not_keep_an_unattended_desk_signed_in() {
    let t = TestApp::new().await;
    t.create("desk", Role::Counsellor, Some("helpline")).await;
    let cookie = t.page_login("desk").await;
    let page = t.page("/en/staff/chats", Some(&cookie)).await;
    assert!(page.body.contains("url=/en/staff/chats?auto=1"), "{}", page.body);
    let url = format!("sqlite://{}", t.dir.path().join("zeri.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let idle_for = |minutes: i64| {
        let pool = pool.clone();
        async move {
            let at = zeri_web::now_ms() - minutes * 60_000;
            sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE kind = 'staff'")
                .bind(at)
                .execute(&pool)
                .await
                .unwrap();
            at
        }
    };
    let seen = idle_for(29).await;
    assert_eq!(t.page("/en/staff/chats?auto=1", Some(&cookie)).await.status, StatusCode::OK);
    let last: i64 =
        sqlx::query_scalar("SELECT last_seen_at FROM sessions WHERE kind = 'staff'").fetch_one(&pool).await.unwrap();
    assert_eq!(last, seen, "the reload did not touch the session");
    idle_for(31).await;
    let gone = t.page("/en/staff/chats?auto=1", Some(&cookie)).await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER, "signed out after the idle time");
    assert_eq!(gone.headers[axum::http::header::LOCATION], "/en/staff/login");
    // A person's own request is activity.
    let cookie = t.page_login("desk").await;
    let seen = idle_for(29).await;
    assert_eq!(t.page("/en/staff/chats", Some(&cookie)).await.status, StatusCode::OK);
    let last: i64 = sqlx::query_scalar("SELECT MAX(last_seen_at) FROM sessions WHERE kind = 'staff'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(last > seen, "touched");
}
