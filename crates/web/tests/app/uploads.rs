//! A child always gets through: slow or hostile uploads hold nothing a report needs.

use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tower::ServiceExt;

use crate::support::*;
use zeri_domain::Role;

const BOUNDARY: &str = "zeri-slow-boundary";

/// A report with a file that starts and then stops arriving, from `addr`: the head of the
/// body and a kilobyte of the file, then nothing. Returns the task that will hold the answer
/// and the sender that keeps the body open.
fn slow_upload(
    t: &TestApp,
    addr: &str,
) -> (tokio::task::JoinHandle<StatusCode>, tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>) {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let head = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"reporter\"\r\n\r\nself\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"a.png\"\r\n\
         Content-Type: image/png\r\n\r\n"
    );
    let mut first = head.into_bytes();
    first.extend_from_slice(&landscape(false)[..1024]);
    tx.try_send(Ok(Bytes::from(first))).unwrap();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|c| (c, rx)) });
    let mut req = Request::post("/en/report")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .header(header::ACCEPT_LANGUAGE, "en")
        .body(Body::from_stream(stream))
        .unwrap();
    req.extensions_mut().insert(ConnectInfo(addr.parse::<SocketAddr>().unwrap()));
    let router = t.router.clone();
    (tokio::spawn(async move { router.oneshot(req).await.unwrap().status() }), tx)
}

/// Uploads held open (one address's whole share, which then gets no more, and two others) and a hostile
/// body of 8 MB without files: a child's report from the web form, with or without a
/// photo, still gets its receipt in under two seconds. The stalled uploads are answered
/// when they stop arriving, and give their places back.
#[tokio::test]
async fn slow_uploads_never_hold_up_a_childs_report() {
    let config = zeri_web::WebConfig { upload_idle: Duration::from_millis(2500), ..fast_config() };
    let t = TestApp::with(config).await;
    let per = zeri_web::parts::spool::UploadGate::PER_CLIENT;
    let mut addrs: Vec<String> = (0..per).map(|p| format!("203.0.113.1:{}", p + 1)).collect();
    addrs.extend(["203.0.113.2:1".into(), "203.0.113.3:1".into()]);
    let slow: Vec<_> = addrs.iter().map(|a| slow_upload(&t, a)).collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(t.app.uploads.in_flight(), per + 2, "uploads in flight");
    let (more, _open) = slow_upload(&t, "203.0.113.1:99");
    assert_eq!(more.await.unwrap(), StatusCode::SERVICE_UNAVAILABLE, "one more from that address, at once");

    // A hostile body without files: refused at the form's own limit, not read whole.
    let started = Instant::now();
    let hostile = format!("reporter=self&description={}", "x".repeat(8 * 1024 * 1024));
    let req = Request::post("/en/report")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT_LANGUAGE, "en")
        .body(Body::from(hostile))
        .unwrap();
    assert_eq!(t.send(req).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(started.elapsed() < Duration::from_secs(2));

    let fields = [
        ("reporter", "self"),
        ("category", "sexual_extortion"),
        ("description", "He says he will post my photos"),
        ("age_band", "13_15"),
        ("contact_method", "none"),
    ];
    let before = t.report_count().await;
    let started = Instant::now();
    let res = t.upload("/en/report", &fields, &[], None, None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert!(res.body.contains("data-receipt>"));
    let res = t.upload("/en/report", &fields, &[("photo.png", &landscape(false))], None, None).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(t.report_count().await, before + 2);

    // The stalled uploads end when nothing arrives for the idle time, and store nothing.
    for (task, _open) in slow {
        assert_eq!(task.await.unwrap(), StatusCode::REQUEST_TIMEOUT);
    }
    assert_eq!(t.app.uploads.in_flight(), 0, "every place given back");
    assert_eq!(t.report_count().await, before + 2);
}

/// A body that counts what is read of it: `head`, then 1 MiB chunks without end (far past
/// every limit), so a handler that reads it answers 413, and one that does not leaves the
/// count at nothing (or at the head).
fn watched_body(head: &str) -> (Body, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let read = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = read.clone();
    let mut head = Some(Bytes::from(head.to_owned()));
    // As from a network: a chunk, then nothing for the moment (a reader takes what is there).
    let mut ready = true;
    let stream = futures_util::stream::poll_fn(move |cx| {
        ready = !ready;
        if ready {
            cx.waker().wake_by_ref();
            return std::task::Poll::Pending;
        }
        let chunk = head.take().unwrap_or_else(|| Bytes::from(vec![b'a'; 1 << 20]));
        counter.fetch_add(chunk.len(), Ordering::SeqCst);
        std::task::Poll::Ready(Some(Ok::<_, std::io::Error>(chunk)))
    });
    (Body::from_stream(stream), read)
}

/// Role and CSRF are decided from the headers and the form's first part, before a large
/// body (a 256 MiB hash list, a 32 MiB testimony) is read: a refused request is answered
/// 401 or 403, never 413, and its body is not read (a page form: only up to its first part).
#[tokio::test]
async fn large_uploads_are_refused_before_their_body_is_read() {
    use std::sync::atomic::Ordering;
    let t = TestApp::new().await;
    t.report(kukes_report()).await;
    let counsellor = t.staff("ana", Role::Counsellor).await;
    let case = t.case_id(&counsellor).await;
    t.staff("root", Role::Admin).await;
    let admin_page = t.page_login("root").await;
    let ana_page = t.page_login("ana").await;
    let send = async |path: &str, content_type: &str, auth: (&str, String), head: &str| {
        let (body, read) = watched_body(head);
        let mut req =
            Request::post(path).header(header::CONTENT_TYPE, content_type).header(header::ACCEPT_LANGUAGE, "en");
        if !auth.1.is_empty() {
            req = req.header(auth.0, auth.1);
        }
        let res = t.router.clone().oneshot(req.body(body).unwrap()).await.unwrap();
        (res.status(), read.load(Ordering::SeqCst))
    };
    let bearer = |tok: &str| (header::AUTHORIZATION.as_str(), format!("Bearer {tok}"));
    let cookie = |c: &str| (header::COOKIE.as_str(), c.to_owned());
    let multipart = format!("multipart/form-data; boundary={BOUNDARY}");
    let file_first = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    );
    let wrong_csrf =
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}", "0".repeat(200));

    // The API: the role comes from the token.
    let hash_lists = "/api/v1/admin/hash-lists?name=Big";
    assert_eq!(send(hash_lists, "text/csv", ("x-none", String::new()), "").await, (StatusCode::UNAUTHORIZED, 0));
    assert_eq!(send(hash_lists, "text/csv", bearer(&counsellor), "").await, (StatusCode::FORBIDDEN, 0));
    let testimony = format!("/api/v1/cases/{case}/testimony");
    assert_eq!(send(&testimony, &multipart, bearer(&counsellor), &file_first).await, (StatusCode::FORBIDDEN, 0));
    assert_eq!(send(&testimony, &multipart, ("x-none", String::new()), &file_first).await.0, StatusCode::UNAUTHORIZED);

    // The pages: the role from the session, then the CSRF token, the form's first part.
    let page = "/en/staff/hash-lists";
    assert_eq!(send(page, &multipart, cookie(&ana_page), &file_first).await, (StatusCode::FORBIDDEN, 0));
    let (status, read) = send(page, &multipart, cookie(&admin_page), &file_first).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "no CSRF token first: refused");
    assert!(read < 4 << 20, "only the start of the body was read: {read} bytes");
    let (status, read) = send(page, &multipart, cookie(&admin_page), &wrong_csrf).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a token that is not the session's: refused");
    assert!(read < 4 << 20, "{read} bytes");
    let testimony_page = format!("/en/staff/reports/{case}/testimony");
    assert_eq!(send(&testimony_page, &multipart, cookie(&ana_page), &file_first).await, (StatusCode::FORBIDDEN, 0));

    // Allowed requests are read as before (an administrator's list: `evidence.rs`).
}
