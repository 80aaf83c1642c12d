//! A child always gets through: slow or hostile uploads hold nothing a report needs.

use axum::body::{Body, Bytes};
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tower::ServiceExt;

use crate::support::*;

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
