use crate::*;
use anyhow::{Context, Result};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use zeri_crypto::{generate_password, Keyring, PasswordParams, TotpSecret};
use zeri_domain::permission::{OrgKind, Profession};
use zeri_domain::Role;
use zeri_storage::{NewEvent, OrgRow, Store};
use zeri_web::service::audit::AuditWatch;
use zeri_web::{App, NewStaff, WebConfig};

pub(crate) async fn serve(args: ServeArgs) -> Result<()> {
    let rules = args.retention.checked()?;
    let keys = args.data.keys()?;
    if !keys.old_key_ids().is_empty() {
        tracing::warn!(
            "the key file still holds a retired master key: a rotation is running, or did not finish (then run \
             `zeri keys rotate` again)"
        );
    }
    if args.data.key_path().starts_with(&args.data.data_dir) {
        tracing::warn!(
            "the master key is inside the data folder, so a copy of the folder takes the key with the data; \
             keep it on a mount of its own (--master-key-file / ZERI_MASTER_KEY_FILE)"
        );
    }
    let store = args.data.store(keys.clone()).await?;
    let public_url = args.public_url.clone().filter(|u| !u.trim().is_empty());
    if let Some(u) = &public_url {
        if !(u.starts_with("https://") || u.starts_with("http://")) {
            anyhow::bail!("--public-url must start with https:// (or http:// for a trial on this machine)");
        }
    }
    if args.listen.ip().is_loopback()
        && public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
        && args.trusted_proxies == 0
        && !args.trust_forwarded_for
    {
        tracing::warn!(
            "listening on loopback behind an https address, but no proxy is trusted: every client shares one \
             address for limits; set --trusted-proxies to the number of proxies in front (nginx alone: 1)"
        );
    }
    let mail = args.smtp_url.clone().filter(|u| !u.trim().is_empty()).map(|url| zeri_web::MailConfig {
        url,
        from: args.smtp_from.clone(),
        public_url: public_url.clone().or_else(|| Some(format!("http://{}", args.listen))),
    });
    let hosting = hosting(&args)?;
    let notices = notices(&args)?;
    let config = WebConfig {
        secure_cookies: secure_cookies(public_url.as_deref(), args.listen),
        trusted_proxies: if args.trust_forwarded_for { 1 } else { args.trusted_proxies },
        public_url,
        chat_hours: zeri_domain::hours::parse(&args.chat_hours).map_err(|e| anyhow::anyhow!("--chat-hours: {e}"))?,
        mail,
        spool_dir: spool_dir(&args.data.data_dir)?,
        hosting,
        notices,
        upload_idle: Duration::from_secs(args.upload_idle_seconds),
        ..WebConfig::default()
    };
    if args.demo {
        create_demo(store.as_ref(), &keys, config.password_params).await?;
    }
    let blobs = args.data.blobs()?;
    blobs.ping().await.context("reaching the evidence store")?;
    // Testimonies stored before 0028 move out of the database, once, before serving (every
    // instance may try at once: each file is moved by one). One that cannot be moved is
    // logged and still served from the database.
    zeri_storage::testimony::move_to_blobs(store.as_ref(), &keys, &blobs)
        .await
        .context("moving testimonies to the blob store")?;
    let app = App::new(store.clone(), blobs, keys.clone(), config).await.context("loading hashes for matching")?;
    zeri_web::seed_directory(&app, args.demo).await.context("loading the directory")?;
    super::ops::stats_database(&args, &app).await?;
    // The audit log's tail against its latest checkpoint outside the database: now, then on
    // a schedule. A break is logged and told to administrators; the service still serves.
    let file = args.data.checkpoint_file();
    let mut watch = AuditWatch::open(&app, file.clone())
        .with_context(|| format!("reading the audit checkpoints {}", file.path.display()))?;
    watch.look(&app).await.context("checking the audit log against its checkpoint")?;
    let every = Duration::from_secs(args.audit_check_seconds.max(1));
    tokio::spawn(zeri_web::service::audit::watch_loop(app.clone(), watch, every));
    tokio::spawn(zeri_web::directory_refresh_loop(app.clone()));
    tokio::spawn(purge_loop(store.clone()));
    // A key rotation made while serving is taken up (see `keywatch`).
    keywatch::look(&keys, &args.data.key_path(), store.as_ref()).await;
    tokio::spawn(keywatch::run(keys.clone(), args.data.key_path(), store.clone()));
    tokio::spawn(zeri_web::mail_loop(app.clone()));
    tokio::spawn(zeri_web::notice_loop(app.clone()));
    // A case erased, here or on another instance (the bus's `erased`), leaves this
    // instance's case-key copy too.
    let data = args.data.clone();
    let _ = app.on_erased.set(Box::new(move |cases: &[String]| {
        let (data, cases) = (data.clone(), cases.to_vec());
        // The copy's lock may be held by a `zeri backup` reading every case key: the wait
        // (and the file's fsyncs) happen on a blocking thread, not on a runtime worker.
        tokio::task::spawn_blocking(move || {
            if let Err(e) = case_keys::forget(&data, &cases) {
                tracing::error!(error = %e, "an erased case is still in the case-key copy: run `zeri backup` now");
            }
        });
    }));
    let erasing = app.clone();
    let forget = move |erased: &zeri_storage::retention::Pass| {
        zeri_web::service::bus::erased(&erasing, &erased.cases, &erased.evidence);
    };
    let holder = store.bus().instance().to_owned();
    tokio::spawn(zeri_storage::retention::run_loop(
        store.clone(),
        app.blobs.clone(),
        rules.clone(),
        holder,
        Box::new(forget),
    ));
    for rule in &rules {
        tracing::info!(rule = %rule, "retention: personal data is erased after this many days in the stage");
    }
    let listener =
        tokio::net::TcpListener::bind(args.listen).await.with_context(|| format!("listening on {}", args.listen))?;
    super::ops::metrics_listener(&args, &app).await?;
    tracing::info!(backend = store.backend(), "Zëri listening on http://{}", listener.local_addr()?);
    let chat = app.chat.clone();
    axum::serve(listener, zeri_web::router(app).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async move {
            shutdown().await;
            // Chat streams never end by themselves: end them, the pages reconnect.
            chat.close();
        })
        .await?;
    Ok(())
}

/// Where reported URLs are hosted: the IP-to-country database (read whole, now, so that a
/// wrong path stops the start), the resolver and its timeout.
fn hosting(args: &ServeArgs) -> Result<zeri_web::parts::hosting::Locator> {
    use zeri_web::parts::hosting::{CountryDb, Locator, StaticResolver, SystemResolver};
    let countries = match &args.ip_country_db {
        Some(path) => {
            let db = CountryDb::open(path).with_context(|| format!("--ip-country-db {}", path.display()))?;
            tracing::info!(database = %db.describe(), "hosting: IP-to-country database loaded");
            Some(Arc::new(db))
        }
        None => {
            tracing::info!("hosting: no --ip-country-db, so the hotline cannot locate where material is hosted");
            None
        }
    };
    let entries: Vec<&String> = args.resolve.iter().filter(|e| !e.trim().is_empty()).collect();
    let resolver: Arc<dyn zeri_web::parts::hosting::Resolve> = if entries.is_empty() {
        Arc::new(SystemResolver)
    } else {
        let map = StaticResolver::parse(&entries).map_err(|e| anyhow::anyhow!("--resolve {e}"))?;
        tracing::warn!(names = entries.len(), "hosting: names are answered from --resolve only, never from DNS");
        Arc::new(map)
    };
    if args.dns_timeout == 0 {
        anyhow::bail!("--dns-timeout must be at least 1 second");
    }
    Ok(Locator { resolver, countries, timeout: Duration::from_secs(args.dns_timeout) })
}

/// Notice and take-down: the police's address, the hotline's, the days before a reminder.
fn notices(args: &ServeArgs) -> Result<zeri_web::NoticeConfig> {
    let address = |flag: &str, v: &Option<String>| -> Result<Option<String>> {
        match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            Some(a) if zeri_web::service::notify::valid_email(a) => Ok(Some(a.to_owned())),
            Some(_) => anyhow::bail!("{flag} must be an e-mail address"),
            None => Ok(None),
        }
    };
    if args.notice_reminder_days == 0 || args.notice_reminder_days > 365 {
        anyhow::bail!("--notice-reminder-days must be between 1 and 365");
    }
    Ok(zeri_web::NoticeConfig {
        cybercrime_email: address("--cybercrime-email", &args.cybercrime_email)?,
        hotline_email: address("--hotline-email", &args.hotline_email)?,
        reminder_after: Duration::from_secs(args.notice_reminder_days * 86_400),
    })
}

/// The folder for uploads on their way in (sealed, unnamed files), on the data folder's
/// disk rather than a temporary folder that may be memory.
fn spool_dir(data_dir: &std::path::Path) -> Result<std::path::PathBuf> {
    use std::os::unix::fs::DirBuilderExt;
    let dir = data_dir.join("spool");
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(&dir).context("creating the spool folder")?;
    Ok(dir)
}

/// Demo accounts for every role, a demonstration service (marked as such wherever it is
/// shown), all with their second factor set up and printed once.
pub(crate) async fn create_demo(store: &dyn Store, keys: &Keyring, params: PasswordParams) -> Result<()> {
    if store.organisation("demo-psychology").await?.is_none() {
        let org = OrgRow {
            id: "demo-psychology".into(),
            kind: OrgKind::Service,
            name: "Qendra e psikologjisë (demonstrim)".into(),
            municipality: Some("Kukës".into()),
            demo: true,
        };
        store
            .insert_organisation(
                &org,
                &NewEvent { at: zeri_storage::now_ms(), action: "organisation-added", ..NewEvent::default() },
            )
            .await?;
    }
    let accounts: [(&str, Role, Option<&str>, Option<Profession>); 11] = [
        ("counsellor", Role::Counsellor, Some("helpline"), None),
        ("counsellor2", Role::Counsellor, Some("helpline"), None),
        ("supervisor", Role::Supervisor, Some("helpline"), None),
        ("analyst", Role::HotlineAnalyst, Some("hotline"), None),
        ("officer-kukes", Role::ChildProtectionOfficer, Some("cpu-kukes"), None),
        ("psychologist", Role::ServiceProvider, Some("demo-psychology"), Some(Profession::Psychologist)),
        ("police", Role::PoliceInvestigator, Some("police"), None),
        ("prosecutor", Role::Prosecutor, Some("prosecution"), None),
        ("coordinator", Role::BarnahusCoordinator, Some("barnahus"), None),
        ("admin", Role::Admin, None, None),
        ("statistician", Role::Statistician, None, None),
    ];
    let mut out = String::from(
        "\nDemo staff accounts (shown only now). Add each second-factor secret to an authenticator app:\n",
    );
    for (username, role, org_id, profession) in accounts {
        if store.staff_by_username(username).await?.is_some() {
            out.push_str(&format!("  {username:<14} exists already (shown when it was created)\n"));
            continue;
        }
        let password = generate_password();
        let totp = role.needs_second_factor().then(TotpSecret::generate);
        let new = NewStaff { username, role, org_id, profession, password: Some(&password), totp: totp.as_ref() };
        zeri_web::create_staff(store, keys, new, params, None).await?;
        let second = totp.map(|t| format!("  second factor: {}", t.base32())).unwrap_or_default();
        out.push_str(&format!("  {username:<14} password: {}{second}\n", password.as_str()));
    }
    out.push_str("Sign in at /sq/staff/login (or /en/staff/login).\n");
    println!("{out}");
    Ok(())
}

pub(crate) async fn purge_loop(store: Arc<dyn Store>) {
    let mut tick = tokio::time::interval(zeri_web::service::jobs::PURGE_EVERY);
    loop {
        tick.tick().await;
        // Only on the instance holding the `purge` lease.
        if let Err(e) = zeri_web::service::jobs::purge_pass(store.as_ref()).await {
            tracing::warn!(error = %e, "purging expired sessions failed");
        }
    }
}

pub(crate) async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("signal handler");
    tokio::select! {
        _ = ctrl_c => {},
        _ = term.recv() => {},
    }
    tracing::info!("shutting down");
}

/// Cookies are `Secure` (and HSTS is sent) when the public address is https: behind the TLS
/// proxy the server listens on loopback, so the listening address cannot decide. Without a
/// public address: everywhere but loopback.
pub(crate) fn secure_cookies(public_url: Option<&str>, listen: SocketAddr) -> bool {
    match public_url {
        Some(u) => u.starts_with("https://"),
        None => !listen.ip().is_loopback(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secure_cookies_follow_the_public_address() {
        let loopback: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let open: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert!(secure_cookies(Some("https://zeri.al"), loopback), "behind the TLS proxy");
        assert!(!secure_cookies(Some("http://127.0.0.1:8080"), loopback));
        assert!(!secure_cookies(None, loopback));
        assert!(secure_cookies(None, open));
    }
}
