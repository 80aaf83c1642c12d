//! Opening a report with its receipt, with the same guessing limits everywhere.

use crate::now_ms;
use crate::App;
use zeri_domain::Receipt;
use zeri_storage::{ReportRow, SessionKind, StoreError};

pub(crate) enum Opened {
    Session(String),
    Refused,
    Throttled { retry_after: u64 },
}

/// What a receipt names, if anything, within the guessing limits.
pub enum Checked<T> {
    Found(T),
    Refused,
    Throttled { retry_after: u64 },
}

/// A child's report receipt, checked.
pub type ReceiptCheck = Checked<ReportRow>;

/// Checks a receipt within the limits; every place that takes a receipt goes through
/// here, so no door is left open to guessing.
pub async fn check_receipt(app: &App, client: ClientId, input: &str) -> Result<ReceiptCheck, StoreError> {
    check_with(app, client, input, |receipt| async move {
        let digest = app.keys.lookup_digest("receipt", receipt.digits().as_bytes());
        let found = app.store.report_by_receipt(&digest).await?;
        // A merged case's receipt opens the case it was merged into (`service::links`).
        match found {
            Some(r) => match zeri_storage::survivor_of(app.store.as_ref(), &r.id).await? {
                s if s == r.id => Ok(Some(r)),
                s => app.store.report(&s).await,
            },
            None => Ok(None),
        }
    })
    .await
}

/// Checks any receipt (a report's, a link report's) within the same limits, counted in the
/// same buckets, so a guesser gains nothing by trying several kinds; `lookup` says what a
/// well-formed receipt names.
///
/// Each attempt is counted first, atomically (the count returned is its own place, so
/// parallel attempts cannot all pass under a limit), and a receipt that opens gives its count
/// back. Beyond the per-client limit (an IPv4 address or an IPv6 /64) each attempt from that
/// client waits, one at a time; beyond the limit for everyone, every attempt waits a little.
/// Guessing is slowed, never a correct receipt refused: with 66 bits a guesser needs far
/// more attempts than the slowed rate leaves, and a flood from many addresses cannot lock
/// children out of their reports. The one refusal is a second attempt from a client that
/// already has one waiting (no receipt is looked at then).
pub async fn check_with<T, F, Fut>(
    app: &App,
    client: ClientId,
    input: &str,
    lookup: F,
) -> Result<Checked<T>, StoreError>
where
    F: FnOnce(Receipt) -> Fut,
    Fut: std::future::Future<Output = Result<Option<T>, StoreError>>,
{
    check_secret(app, client, || async move {
        match Receipt::parse(input) {
            Some(receipt) => lookup(receipt).await,
            None => Ok(None),
        }
    })
    .await
}

/// The same limits for any secret that opens a report (a receipt, a passphrase): counted
/// in the same buckets, so a guesser gains nothing by trying another kind of secret;
/// `lookup` says what the secret names.
pub async fn check_secret<T, F, Fut>(app: &App, client: ClientId, lookup: F) -> Result<Checked<T>, StoreError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Option<T>, StoreError>>,
{
    let cfg = app.config.throttle;
    let window = cfg.window_ms();
    let now = now_ms();
    let client_bucket = app.keys.lookup_digest("throttle-receipt", &client.0);
    let global_bucket = app.keys.lookup_digest("throttle-receipt", b"everyone");
    let mine = app.store.throttle_hit(&client_bucket, now, window).await?;
    let all = app.store.throttle_hit(&global_bucket, now, window).await?;
    let give_back = || async {
        app.store.throttle_release(&client_bucket, now, window).await?;
        app.store.throttle_release(&global_bucket, now, window).await
    };
    let mut _waiting = None;
    if mine > cfg.receipt_per_client {
        let Some(pass) = app.slowed.enter(client.0) else {
            give_back().await?;
            return Ok(Checked::Throttled { retry_after: cfg.client_delay.as_secs().max(1) });
        };
        _waiting = Some(pass);
        tokio::time::sleep(cfg.client_delay).await;
    } else if all > cfg.receipt_global {
        tokio::time::sleep(cfg.global_delay).await;
    }
    let found = lookup().await?;
    match found {
        Some(found) => {
            give_back().await?;
            Ok(Checked::Found(found))
        }
        None => {
            tracing::info!("secret refused");
            Ok(Checked::Refused)
        }
    }
}

/// Checks a receipt within the limits; opens a survivor session when it names a report.
pub(crate) async fn open_with_receipt(app: &App, client: ClientId, input: &str) -> Result<Opened, StoreError> {
    Ok(match check_receipt(app, client, input).await? {
        ReceiptCheck::Found(report) => {
            Opened::Session(crate::service::access::open_session(app, SessionKind::Survivor, &report.id).await?)
        }
        ReceiptCheck::Refused => Opened::Refused,
        ReceiptCheck::Throttled { retry_after } => Opened::Throttled { retry_after },
    })
}

/// Who a machine client's bearer credential (a platform's token, a partner hotline's key)
/// names: no credential, a wrong one and a revoked one get the same answer, and guessing is
/// limited per client.
pub enum BearerCheck<T> {
    Found(T),
    /// No credential, a wrong one or a revoked one: the same answer for all.
    Refused,
    Throttled {
        retry_after: u64,
    },
}

/// Who is asking, for throttling only: a keyed digest of the client address, so addresses
/// are never stored or logged.
#[derive(Clone, Copy)]
pub struct ClientId(pub [u8; 32]);
