//! The staff notification e-mail through a real SMTP server.
//!
//! Runs when `ZERI_TEST_SMTP` names a server and `ZERI_TEST_SMTP_MAILDIR` the Maildir it
//! delivers into (`eval "$(bash scripts/smtp.sh)"` starts one on loopback). Under CI
//! (`CI=true`) a missing server fails the test instead of skipping it.
//!
//! The test server (aiosmtpd's Mailbox handler) adds three headers of its own to what it
//! stores: `X-Peer`, `X-MailFrom` and `X-RcptTo` (the envelope). Everything else in the
//! stored message is what Zëri sent, and it is compared exactly.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use base64::Engine;
use zeri_web::parts::mail::{MailConfig, MailError, Mailer, SUBJECT};

/// The only text a notification may carry (the link is the public URL + the staff page).
const EXPECTED_BODY: &str = "\
Zëri: diçka ju pret.

Në hapësirën e profesionistëve të Zërit ka diçka për ju. Hyni për ta parë:
https://zeri.example/sq/staff/notifications

Ky mesazh nuk përmban asnjë hollësi. Mos iu përgjigjni.


Zëri: something is waiting for you.

There is something for you in the Zëri staff area. Sign in to see it:
https://zeri.example/sq/staff/notifications

This message contains no details. Please do not reply to it.
";

fn smtp_server() -> Option<(String, PathBuf)> {
    match (std::env::var("ZERI_TEST_SMTP"), std::env::var("ZERI_TEST_SMTP_MAILDIR")) {
        (Ok(url), Ok(maildir)) => Some((url, PathBuf::from(maildir))),
        _ => {
            assert!(
                std::env::var("CI").is_err(),
                "CI must run the e-mail test: set ZERI_TEST_SMTP and ZERI_TEST_SMTP_MAILDIR (eval \"$(bash scripts/smtp.sh)\")"
            );
            eprintln!("ZERI_TEST_SMTP or ZERI_TEST_SMTP_MAILDIR not set: e-mail test not run");
            None
        }
    }
}

fn mailer(url: &str) -> Mailer {
    Mailer::new(MailConfig {
        url: url.into(),
        from: "Zëri <noreply@zeri.example>".into(),
        public_url: Some("https://zeri.example/".into()),
    })
    .unwrap()
}

/// A recipient no other run uses, so the message can be told apart in a shared Maildir.
fn fresh_recipient() -> String {
    format!("staff-{}@bashkia-kukes.example", uuid::Uuid::new_v4().simple())
}

/// The stored message whose envelope recipient is `to`, waiting up to `wait`; removed once read.
async fn delivered(maildir: &Path, to: &str, wait: Duration) -> Option<String> {
    let marker = format!("X-RcptTo: {to}");
    let deadline = Instant::now() + wait;
    loop {
        for sub in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(maildir.join(sub)) else { continue };
            for entry in entries.flatten() {
                let Ok(raw) = std::fs::read(entry.path()) else { continue };
                let raw = String::from_utf8(raw).expect("the stored message is not UTF-8 (8-bit data was sent)");
                if raw.lines().any(|line| line.trim_end() == marker) {
                    std::fs::remove_file(entry.path()).unwrap();
                    return Some(raw);
                }
            }
        }
        if Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Header fields (unfolded) and the body, line endings made `\n`.
fn split_message(raw: &str) -> (Vec<(String, String)>, String) {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").expect("a message has a blank line after its header");
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            let (_, value) = fields.last_mut().expect("a continuation line follows a field");
            value.push(' ');
            value.push_str(line.trim());
        } else {
            let (name, value) = line.split_once(':').unwrap_or_else(|| panic!("not a header field: {line:?}"));
            fields.push((name.to_owned(), value.trim().to_owned()));
        }
    }
    (fields, body.to_owned())
}

/// RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) decoded; the space between two
/// adjacent encoded words is dropped, as the RFC says.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut last_was_word = false;
    for (i, token) in value.split(' ').enumerate() {
        let word = token.strip_prefix("=?").and_then(|t| t.strip_suffix("?=")).and_then(|t| {
            let mut parts = t.splitn(3, '?');
            let (charset, encoding, text) = (parts.next()?, parts.next()?, parts.next()?);
            assert!(charset.eq_ignore_ascii_case("utf-8"), "charset {charset}");
            let bytes = match encoding {
                "b" | "B" => base64::engine::general_purpose::STANDARD.decode(text).unwrap(),
                "q" | "Q" => quoted_printable(&text.replace('_', " ")),
                other => panic!("encoding {other}"),
            };
            Some(String::from_utf8(bytes).unwrap())
        });
        match word {
            Some(decoded) => {
                if i > 0 && !last_was_word {
                    out.push(' ');
                }
                out.push_str(&decoded);
                last_was_word = true;
            }
            None => {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(token);
                last_was_word = false;
            }
        }
    }
    out
}

/// Quoted-printable decoded (`\n` line endings): `=XX` escapes and `=` soft line breaks.
fn quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'=' => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("bad escape ={hex}")));
                i += 3;
            }
            b => {
                assert!(b.is_ascii(), "8-bit byte in a quoted-printable body");
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

#[tokio::test]
async fn a_notification_arrives_with_the_fixed_text_and_nothing_else() {
    let Some((url, maildir)) = smtp_server() else { return };
    let to = fresh_recipient();
    mailer(&url).notify(&to, "/sq/staff/notifications").await.unwrap();
    let raw = delivered(&maildir, &to, Duration::from_secs(10)).await.expect("the message was not delivered in 10 s");
    let (fields, body) = split_message(&raw);

    // Exactly these fields, each once: ours, then the three the test server adds.
    let mut names: Vec<&str> = fields.iter().map(|(name, _)| name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "Content-Transfer-Encoding",
            "Content-Type",
            "Date",
            "From",
            "MIME-Version",
            "Message-ID",
            "Subject",
            "To",
            "X-MailFrom",
            "X-Peer",
            "X-RcptTo",
        ],
        "{raw}"
    );
    let field = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap();

    assert_eq!(field("To"), to);
    assert_eq!(field("X-RcptTo"), to, "the envelope goes to the recipient only");
    assert_eq!(field("X-MailFrom"), "noreply@zeri.example");
    assert_eq!(decode_words(field("From")), "Zëri <noreply@zeri.example>");
    assert_eq!(decode_words(field("Subject")), SUBJECT);
    assert_eq!(SUBJECT, "Zëri: diçka ju pret / something is waiting for you");
    assert_eq!(field("MIME-Version"), "1.0");
    assert_eq!(field("Content-Type").to_ascii_lowercase(), "text/plain; charset=utf-8");
    assert_eq!(field("Content-Transfer-Encoding"), "quoted-printable");
    // `Sat, 28 Nov 2026 06:18:00 +0000`
    let date: Vec<&str> = field("Date").split(' ').collect();
    assert!(date.len() == 6 && date[0].ends_with(',') && date[5].starts_with(['+', '-']), "Date: {date:?}");
    // `<32 hex digits@the sender's domain>`: nothing about this machine or the recipient.
    let id = field("Message-ID").strip_prefix('<').and_then(|id| id.strip_suffix("@zeri.example>")).unwrap();
    assert!(id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()), "Message-ID: {id}");

    // The body, decoded, is the fixed text and nothing more.
    let body = String::from_utf8(quoted_printable(&body)).unwrap();
    assert_eq!(body.replace("\r\n", "\n"), EXPECTED_BODY);
    assert_eq!(raw.matches("zeri.example/sq/staff/notifications").count(), 2, "the link, once in each language");
}

#[tokio::test]
async fn starttls_is_required_never_skipped() {
    let Some((url, maildir)) = smtp_server() else { return };
    // The test server offers no STARTTLS: an smtp+starttls:// URL must refuse to send in clear.
    let hostport = url.split_once("://").unwrap().1;
    let to = fresh_recipient();
    let err = mailer(&format!("smtp+starttls://{hostport}")).notify(&to, "/sq/staff/notifications").await.unwrap_err();
    assert!(matches!(err, MailError::Send(_)), "{err:?}");
    eprintln!("refused as expected: {err}");
    assert!(!err.to_string().contains(&to), "errors never name the recipient: {err}");
    assert!(delivered(&maildir, &to, Duration::from_secs(1)).await.is_none(), "sent without TLS");
}

#[tokio::test]
async fn an_unreachable_server_fails_quickly() {
    // A loopback port nothing listens on (bound, then released).
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let start = Instant::now();
    let err = mailer(&format!("smtp://127.0.0.1:{port}")).notify(&fresh_recipient(), "/en/staff").await.unwrap_err();
    assert!(matches!(err, MailError::Send(_)), "{err:?}");
    eprintln!("failed as expected: {err}");
    assert!(start.elapsed() < Duration::from_secs(10));
}
