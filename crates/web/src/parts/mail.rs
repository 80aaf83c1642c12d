//! Staff notifications by e-mail, over any SMTP server.
//!
//! One message only, fixed and content-free: "something is waiting for you in the staff
//! area", in Albanian then English, with a link to a staff page. An e-mail crosses servers
//! Zëri does not control and stays in mailboxes for years, so nothing about a case may be in
//! it: [`Mailer::notify`] takes a recipient and a staff-area path and nothing else, and the
//! path itself is checked to be a plain staff page (lower-case words, no ids, no query).
//!
//! The server is named by a URL:
//! - `smtp://127.0.0.1:2525`: no encryption, only to this machine (a local relay, the tests);
//! - `smtp+starttls://user:pass@mail.example.org` (port 587 by default): STARTTLS, required;
//! - `smtps://user:pass@mail.example.org` (port 465 by default): TLS from the first byte.
//!
//! The user name and password are percent-decoded (`%40` for `@`). Certificates are checked
//! against the system's trust store. Nothing here logs the recipient, the link or the
//! server's answer text (which often repeats the address): only "sent" or "failed" with the
//! kind of failure.

use lettre::message::header::{self, ContentTransferEncoding, ContentType};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

/// The subject of every notification, Albanian first.
pub const SUBJECT: &str = "Zëri: diçka ju pret / something is waiting for you";

/// Longest wait for the TCP connection to the SMTP server.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Longest wait for one whole delivery (connection, TLS, EHLO, AUTH, the message, QUIT).
/// lettre bounds only the connection; a server that stalls later is cut off here.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// Where and how to send notifications; built by the binary from its flags.
#[derive(Clone)]
pub struct MailConfig {
    /// `smtp://host:port` (this machine only), `smtp+starttls://[user:pass@]host[:port]` or
    /// `smtps://[user:pass@]host[:port]`.
    pub url: String,
    /// The sender, `Zëri <noreply@zeri.al>` or a bare address.
    pub from: String,
    /// The public address of the site (e.g. `https://zeri.al`), for the link; required.
    pub public_url: Option<String>,
}

impl fmt::Debug for MailConfig {
    /// Shows the URL with its password replaced, as everywhere secrets are printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailConfig")
            .field("url", &redact_url(&self.url))
            .field("from", &self.from)
            .field("public_url", &self.public_url)
            .finish()
    }
}

/// Why a notification could not be set up or sent. The texts name the kind of problem only,
/// never a recipient, a password or what the server said.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The configuration (URL, sender, public address) or an argument is not usable.
    #[error("e-mail configuration: {0}")]
    BadConfig(String),
    /// The server could not be reached or did not accept the message.
    #[error("e-mail not sent: {0}")]
    Send(String),
}

fn bad(message: impl Into<String>) -> MailError {
    MailError::BadConfig(message.into())
}

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Security {
    /// No TLS: only to this machine.
    Plain,
    /// STARTTLS after EHLO; a server without it is refused, never used in clear.
    StartTls,
    /// TLS from the first byte (SMTPS).
    Tls,
}

/// A parsed SMTP URL.
#[derive(PartialEq, Eq)]
pub(crate) struct SmtpUrl {
    security: Security,
    host: String,
    port: u16,
    /// User name and password, percent-decoded.
    credentials: Option<(String, String)>,
}

impl fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpUrl")
            .field("security", &self.security)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .finish_non_exhaustive()
    }
}

/// Sends staff notifications. Cheap to clone; each notification opens its own connection.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The public address without a trailing `/`.
    base_url: String,
    server: String,
    security: Security,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer")
            .field("server", &self.server)
            .field("security", &self.security)
            .field("from", &self.from.email.to_string())
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// Checks the configuration and prepares the transport (no connection is made yet).
    pub fn new(config: MailConfig) -> Result<Mailer, MailError> {
        let url = parse_url(&config.url)?;
        let from: Mailbox = config.from.trim().parse().map_err(|_| {
            bad("the From address is not a valid e-mail address (write `Name <user@domain>` or `user@domain`)")
        })?;
        let public_url =
            config.public_url.as_deref().ok_or_else(|| bad("a public URL is needed for the link in the e-mail"))?;
        let (base_url, public_host) = parse_public_url(public_url)?;

        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(url.host.as_str())
            .port(url.port)
            .timeout(Some(CONNECT_TIMEOUT))
            .hello_name(client_id(&public_host));
        let tls = || {
            TlsParameters::new(url.host.clone())
                .map_err(|_| bad("the TLS settings for the SMTP server could not be prepared"))
        };
        builder = match url.security {
            Security::Plain => builder.tls(Tls::None),
            Security::StartTls => builder.tls(Tls::Required(tls()?)),
            Security::Tls => builder.tls(Tls::Wrapper(tls()?)),
        };
        if let Some((user, password)) = url.credentials {
            builder = builder.credentials(Credentials::new(user, password));
        }
        let server = match url.host.parse::<IpAddr>() {
            Ok(IpAddr::V6(_)) => format!("[{}]:{}", url.host, url.port),
            _ => format!("{}:{}", url.host, url.port),
        };
        Ok(Mailer { transport: builder.build(), from, base_url, server, security: url.security })
    }

    /// Sends the one notification to `to`, linking to the staff page `link`
    /// (e.g. `/sq/staff/notifications`) under the public URL.
    ///
    /// The message says only that something is waiting; there is deliberately no way to put
    /// anything else in it.
    pub async fn notify(&self, to: &str, link: &str) -> Result<(), MailError> {
        let result = self.send(to, link).await;
        match &result {
            Ok(()) => tracing::info!("notification e-mail sent"),
            Err(error) => tracing::warn!(%error, "notification e-mail failed"),
        }
        result
    }

    /// Sends a notice to a host (a notice and take-down, its reminder) or a referral to the
    /// police: unlike a notification, it is addressed to a third party and must say what was
    /// found where. Its text comes only from `zeri_domain::notice` (`service::notices`),
    /// which has no field for anything about the person who reported it. `reply_to`: where
    /// the host's answer goes (the hotline's address).
    pub async fn send_notice(
        &self,
        to: &str,
        reply_to: Option<&str>,
        subject: &str,
        body: &str,
    ) -> Result<(), MailError> {
        let to: Address = to.trim().parse().map_err(|_| bad("the recipient is not a valid e-mail address"))?;
        let message_id = format!("<{}@{}>", uuid::Uuid::new_v4().simple(), self.from.email.domain());
        let mut b = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(subject.replace(['\r', '\n'], " "))
            .message_id(Some(message_id))
            .header(header::MIME_VERSION_1_0)
            .header(ContentType::TEXT_PLAIN)
            .header(ContentTransferEncoding::QuotedPrintable);
        if let Some(r) = reply_to {
            let r: Mailbox = r.trim().parse().map_err(|_| bad("the reply-to address is not a valid e-mail address"))?;
            b = b.reply_to(r);
        }
        let message = b.body(body.trim_end().to_owned()).map_err(|_| bad("the message could not be built"))?;
        let result = self.deliver(message).await;
        match &result {
            Ok(()) => tracing::info!("notice e-mail sent"),
            Err(error) => tracing::warn!(%error, "notice e-mail failed"),
        }
        result
    }

    async fn send(&self, to: &str, link: &str) -> Result<(), MailError> {
        let message = self.message(to, link)?;
        self.deliver(message).await
    }

    async fn deliver(&self, message: Message) -> Result<(), MailError> {
        match tokio::time::timeout(SEND_TIMEOUT, self.transport.send(message)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(error)) => Err(MailError::Send(send_error_kind(&error))),
            Err(_) => Err(MailError::Send("timed out".into())),
        }
    }

    /// The message as it will be sent.
    fn message(&self, to: &str, link: &str) -> Result<Message, MailError> {
        let to: Address = to.trim().parse().map_err(|_| bad("the recipient is not a valid e-mail address"))?;
        check_link(link)?;
        let url = format!("{}{link}", self.base_url);
        // The id names the sender's domain, not this machine.
        let message_id = format!("<{}@{}>", uuid::Uuid::new_v4().simple(), self.from.email.domain());
        Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(SUBJECT)
            .message_id(Some(message_id))
            .header(header::MIME_VERSION_1_0)
            .header(ContentType::TEXT_PLAIN)
            .header(ContentTransferEncoding::QuotedPrintable)
            .body(body(&url))
            .map_err(|_| bad("the message could not be built"))
    }
}

/// The whole text of a notification: Albanian, then English, the link in each.
/// No final line break: the SMTP client adds one before the closing `.`, and a second would
/// reach the mailbox as an empty last line.
fn body(url: &str) -> String {
    format!(
        "Zëri: diçka ju pret.\n\
         \n\
         Në hapësirën e profesionistëve të Zërit ka diçka për ju. Hyni për ta parë:\n\
         {url}\n\
         \n\
         Ky mesazh nuk përmban asnjë hollësi. Mos iu përgjigjni.\n\
         \n\
         \n\
         Zëri: something is waiting for you.\n\
         \n\
         There is something for you in the Zëri staff area. Sign in to see it:\n\
         {url}\n\
         \n\
         This message contains no details. Please do not reply to it."
    )
}

/// A staff page: `/sq/staff…` or `/en/staff…`, lower-case letters, `-` and `/` only. No
/// digits, so no id or case reference can ride in the link; no query, fragment or `//`.
fn check_link(link: &str) -> Result<(), MailError> {
    let rest = link.strip_prefix("/sq/staff").or_else(|| link.strip_prefix("/en/staff"));
    let ok = match rest {
        Some(rest) => {
            (rest.is_empty() || rest.starts_with('/'))
                && link.len() <= 100
                && !link.contains("//")
                && rest.bytes().all(|b| b.is_ascii_lowercase() || b == b'-' || b == b'/')
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(bad("the link must be a staff page such as /sq/staff/notifications (lower-case letters, - and / only)"))
    }
}

/// What went wrong, in words that cannot carry the recipient or the server's text.
fn send_error_kind(error: &lettre::transport::smtp::Error) -> String {
    if error.is_timeout() {
        "timed out".into()
    } else if error.is_tls() {
        "TLS failed (certificate or handshake)".into()
    } else if let Some(code) = error.status() {
        if error.is_permanent() {
            format!("refused by the server ({code})")
        } else {
            format!("temporarily refused by the server ({code}), try again later")
        }
    } else if error.is_client() {
        // E.g. STARTTLS required but not offered, or no usable AUTH mechanism.
        "the server lacks something required (STARTTLS or a known AUTH mechanism)".into()
    } else if error.is_response() {
        "the server's answer could not be understood".into()
    } else {
        "the connection failed".into()
    }
}

fn parse_url(url: &str) -> Result<SmtpUrl, MailError> {
    const SCHEMES: &str = "the SMTP URL must start with smtp://, smtp+starttls:// or smtps://";
    let (scheme, rest) = url.trim().split_once("://").ok_or_else(|| bad(SCHEMES))?;
    let security = match scheme.to_ascii_lowercase().as_str() {
        "smtp" => Security::Plain,
        "smtp+starttls" => Security::StartTls,
        "smtps" => Security::Tls,
        _ => return Err(bad(SCHEMES)),
    };
    // The host comes after the last `@`, so an unencoded `@` in a password still parses.
    let (userinfo, hostport) = match rest.rsplit_once('@') {
        Some((userinfo, hostport)) => (Some(userinfo), hostport),
        None => (None, rest),
    };
    let hostport = hostport.strip_suffix('/').unwrap_or(hostport);
    if hostport.contains(['/', '?', '#']) {
        return Err(bad("the SMTP URL must not have a path, a query or a fragment \
             (percent-encode / ? # @ in the user name or password)"));
    }
    let (host, port) = split_host_port(hostport)?;
    let port = match port {
        Some(port) => port,
        None => match security {
            Security::Plain => 25,
            Security::StartTls => 587,
            Security::Tls => 465,
        },
    };
    if security == Security::Plain && !is_loopback(&host) {
        return Err(bad("smtp:// sends in clear and is only for a server on this machine; \
             use smtp+starttls:// or smtps:// for any other"));
    }
    let credentials = match userinfo {
        None => None,
        Some(userinfo) => {
            let (user, password) = userinfo
                .split_once(':')
                .filter(|(user, password)| !user.is_empty() && !password.is_empty())
                .ok_or_else(|| bad("the SMTP URL must give both a user name and a password, or neither"))?;
            let decode = |s: &str| {
                percent_decode(s).ok_or_else(|| bad("the SMTP user name or password is not validly percent-encoded"))
            };
            Some((decode(user)?, decode(password)?))
        }
    };
    Ok(SmtpUrl { security, host, port, credentials })
}

/// `host`, `host:port`, `[v6]` or `[v6]:port`; the host checked, the port 1–65535.
fn split_host_port(hostport: &str) -> Result<(String, Option<u16>), MailError> {
    let (host, port) = if let Some(rest) = hostport.strip_prefix('[') {
        let (v6, after) = rest.split_once(']').ok_or_else(|| bad("the SMTP host is not valid"))?;
        v6.parse::<std::net::Ipv6Addr>().map_err(|_| bad("the SMTP host is not valid"))?;
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':').ok_or_else(|| bad("the SMTP host is not valid"))?),
        };
        (v6.to_owned(), port)
    } else {
        match hostport.split_once(':') {
            Some((host, port)) => (host.to_owned(), Some(port)),
            None => (hostport.to_owned(), None),
        }
    };
    if host.is_empty() {
        return Err(bad("the SMTP URL has no host"));
    }
    if !host.contains(':') && !is_hostname(&host) {
        return Err(bad("the SMTP host is not valid"));
    }
    let port = match port {
        None => None,
        Some(port) => Some(
            port.parse::<u16>()
                .ok()
                .filter(|port| *port != 0)
                .ok_or_else(|| bad("the SMTP port must be a number from 1 to 65535"))?,
        ),
    };
    Ok((host, port))
}

/// A DNS name or an IPv4 address: dot-separated labels of letters, digits, `-` and `_`.
fn is_hostname(host: &str) -> bool {
    host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `%XX` decoded; `None` for a broken escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok().filter(|_| hex.bytes().all(|b| b.is_ascii_hexdigit()))?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `https://host[:port][/prefix]` → (the URL without a trailing `/`, the host).
fn parse_public_url(url: &str) -> Result<(String, String), MailError> {
    const INVALID: &str = "the public URL must look like https://zeri.al (http or https, a host, no query)";
    let url = url.trim().trim_end_matches('/');
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).ok_or_else(|| bad(INVALID))?;
    if rest.contains(['?', '#', '@']) || rest.bytes().any(|b| b.is_ascii_whitespace() || b.is_ascii_control()) {
        return Err(bad(INVALID));
    }
    let authority = rest.split('/').next().unwrap_or_default();
    let (host, _port) = split_host_port(authority).map_err(|_| bad(INVALID))?;
    Ok((url.to_owned(), host))
}

/// The EHLO name: the site's public host (never this machine's own name).
fn client_id(host: &str) -> ClientId {
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ClientId::Ipv4(ip),
        Ok(IpAddr::V6(ip)) => ClientId::Ipv6(ip),
        Err(_) => ClientId::Domain(host.to_owned()),
    }
}

/// The URL with its password replaced by `***`, for `Debug`.
fn redact_url(url: &str) -> String {
    match url.split_once("://").and_then(|(scheme, rest)| Some((scheme, rest.rsplit_once('@')?))) {
        Some((scheme, (userinfo, host))) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(url: &str) -> MailConfig {
        MailConfig {
            url: url.into(),
            from: "Zëri <noreply@zeri.al>".into(),
            public_url: Some("https://zeri.al/".into()),
        }
    }

    fn parsed(url: &str) -> SmtpUrl {
        parse_url(url).unwrap_or_else(|e| panic!("{url}: {e}"))
    }

    #[test]
    fn good_urls() {
        let plain =
            |host: &str, port| SmtpUrl { security: Security::Plain, host: host.into(), port, credentials: None };
        assert_eq!(parsed("smtp://127.0.0.1:2525"), plain("127.0.0.1", 2525));
        assert_eq!(parsed("smtp://localhost"), plain("localhost", 25));
        assert_eq!(parsed("SMTP://LocalHost:25/"), plain("LocalHost", 25));
        assert_eq!(parsed("smtp://[::1]:2525"), plain("::1", 2525));
        assert_eq!(parsed("smtp://127.8.9.10"), plain("127.8.9.10", 25));
        assert_eq!(
            parsed("smtp+starttls://mail.example.org"),
            SmtpUrl { security: Security::StartTls, host: "mail.example.org".into(), port: 587, credentials: None }
        );
        assert_eq!(
            parsed("smtps://zeri%40example.org:p%40ss%3Aw%2Fd%25@smtp.example.org"),
            SmtpUrl {
                security: Security::Tls,
                host: "smtp.example.org".into(),
                port: 465,
                credentials: Some(("zeri@example.org".into(), "p@ss:w/d%".into())),
            }
        );
        // A password with an unencoded `@` and `:` still parses (the host is after the last `@`).
        assert_eq!(
            parsed("smtp+starttls://user:p@ss:w@mail.example.org:2587").credentials,
            Some(("user".into(), "p@ss:w".into()))
        );
        assert_eq!(parsed("smtps://u:%C3%AB@[2001:db8::1]:4650").host, "2001:db8::1");
        // Loopback with credentials is allowed (a local relay that wants them).
        assert!(parsed("smtp://u:p@localhost:2525").credentials.is_some());
    }

    #[test]
    fn bad_urls() {
        for url in [
            "",
            "mail.example.org",
            "http://mail.example.org",
            "smtp+tls://mail.example.org",
            "smtp://mail.example.org",
            "smtp://10.0.0.5:25",
            "smtp://",
            "smtps://",
            "smtps://:465",
            "smtps://mail.example.org:0",
            "smtps://mail.example.org:65536",
            "smtps://mail.example.org:abc",
            "smtps://mail.example.org:",
            "smtps://mail.example.org/path",
            "smtps://mail.example.org?tls=required",
            "smtps://mail.example.org#x",
            "smtps://mail example.org",
            "smtps://mail..example.org",
            "smtps://[::1",
            "smtps://[not-v6]:465",
            "smtps://[::1]465",
            "smtps://user@mail.example.org",
            "smtps://user:@mail.example.org",
            "smtps://:secret@mail.example.org",
            "smtps://user:se%zzcret@mail.example.org",
            "smtps://user:se%ffcret@mail.example.org",
            "smtps://user:secret%2@mail.example.org",
        ] {
            let err = parse_url(url).expect_err(url);
            assert!(matches!(err, MailError::BadConfig(_)), "{url}: {err:?}");
            // No error ever repeats the password.
            assert!(!err.to_string().contains("secret"), "{url}: {err}");
        }
    }

    #[test]
    fn from_and_public_url() {
        assert!(Mailer::new(config("smtp://127.0.0.1:2525")).is_ok());
        assert!(
            Mailer::new(MailConfig { from: "noreply@zeri.al".into(), ..config("smtps://u:p@mail.zeri.al") }).is_ok()
        );
        assert!(Mailer::new(config("smtp+starttls://mail.zeri.al")).is_ok());
        for from in ["", "noreply", "noreply@", "Zëri <noreply>", "a@b@c", "a@b.c, d@e.f"] {
            let err = Mailer::new(MailConfig { from: from.into(), ..config("smtp://127.0.0.1:2525") }).unwrap_err();
            assert!(err.to_string().contains("From address"), "{from:?}: {err}");
        }
        for public_url in
            [None, Some(""), Some("zeri.al"), Some("ftp://zeri.al"), Some("https://"), Some("https://zeri.al?x=1")]
        {
            let err =
                Mailer::new(MailConfig { public_url: public_url.map(String::from), ..config("smtp://localhost") })
                    .unwrap_err();
            assert!(err.to_string().contains("public URL"), "{public_url:?}: {err}");
        }
        assert_eq!(parse_public_url("https://zeri.al/").unwrap(), ("https://zeri.al".into(), "zeri.al".into()));
        assert_eq!(
            parse_public_url("http://127.0.0.1:8080/zeri/").unwrap(),
            ("http://127.0.0.1:8080/zeri".into(), "127.0.0.1".into())
        );
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let config = config("smtps://zeri:hunter2@mail.zeri.al");
        let shown = format!("{config:?}");
        assert!(shown.contains("smtps://zeri:***@mail.zeri.al") && !shown.contains("hunter2"), "{shown}");
        let shown = format!("{:?}", Mailer::new(config).unwrap());
        assert!(!shown.contains("hunter2") && shown.contains("mail.zeri.al:465"), "{shown}");
        assert!(!format!("{:?}", parsed("smtps://zeri:hunter2@mail.zeri.al")).contains("hunter2"));
    }

    #[test]
    fn links_are_plain_staff_pages() {
        for link in ["/sq/staff/notifications", "/en/staff/notifications", "/sq/staff", "/en/staff/tasks/overdue"] {
            check_link(link).unwrap_or_else(|e| panic!("{link}: {e}"));
        }
        for link in [
            "",
            "sq/staff/notifications",
            "/sq/report",
            "/de/staff/notifications",
            "/sq/staffing",
            "/sq/staff/reports/ZR-0001",
            "/sq/staff/reports/0f8c2b9e",
            "/sq/staff/Drita",
            "/sq/staff//evil.example",
            "/sq/staff/notifications?case=zr",
            "/sq/staff/notifications#zr",
            "/sq/staff/kukës",
            "/sq/staff/a b",
            "https://evil.example/sq/staff",
        ] {
            assert!(matches!(check_link(link), Err(MailError::BadConfig(_))), "{link}");
        }
        let long = format!("/sq/staff/{}", "a".repeat(100));
        assert!(check_link(&long).is_err());
    }

    #[test]
    fn the_message_is_fixed() {
        let mailer = Mailer::new(config("smtp://127.0.0.1:2525")).unwrap();
        let message = mailer.message("drita@bashkia-kukes.gov.al", "/sq/staff/notifications").unwrap();
        let raw = String::from_utf8(message.formatted()).unwrap();
        let (head, _) = raw.split_once("\r\n\r\n").unwrap();
        let names: Vec<&str> =
            head.split("\r\n").filter(|l| !l.starts_with([' ', '\t'])).map(|l| l.split(':').next().unwrap()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(
            sorted,
            [
                "Content-Transfer-Encoding",
                "Content-Type",
                "Date",
                "From",
                "MIME-Version",
                "Message-ID",
                "Subject",
                "To"
            ],
            "{raw}"
        );
        assert!(head.contains("@zeri.al>\r\n"), "the Message-ID names the sender's domain: {head}");
        assert!(body("https://zeri.al/sq/staff/notifications").contains("\nhttps://zeri.al/sq/staff/notifications\n"));
        // Bad recipients and links are refused before anything is sent.
        assert!(mailer.message("not an address", "/sq/staff/notifications").is_err());
        assert!(mailer.message("Drita <drita@example.org>", "/sq/staff/notifications").is_err());
        assert!(mailer.message("drita@example.org", "/sq/staff/reports/ZR-0001").is_err());
    }
}
