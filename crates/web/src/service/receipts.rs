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
pub enum ReceiptCheck {
    Found(ReportRow),
    Refused,
    Throttled { retry_after: u64 },
}

/// Checks a receipt within the limits (per client and for everyone, counted in the
/// database); a failure counts against both. Every place that takes a receipt goes
/// through here, so no door is left open to guessing.
pub async fn check_receipt(app: &App, client: ClientId, input: &str) -> Result<ReceiptCheck, StoreError> {
    let cfg = app.config.throttle;
    let window = cfg.window_ms();
    let now = now_ms();
    let client_bucket = app.keys.lookup_digest("throttle-receipt", &client.0);
    let global_bucket = app.keys.lookup_digest("throttle-receipt", b"everyone");
    if app.store.throttle_count(&client_bucket, now, window).await? >= cfg.receipt_per_client
        || app.store.throttle_count(&global_bucket, now, window).await? >= cfg.receipt_global
    {
        return Ok(ReceiptCheck::Throttled { retry_after: cfg.retry_after(now) });
    }
    let report = match Receipt::parse(input) {
        Some(receipt) => {
            let digest = app.keys.lookup_digest("receipt", receipt.digits().as_bytes());
            app.store.report_by_receipt(&digest).await?
        }
        None => None,
    };
    match report {
        Some(report) => Ok(ReceiptCheck::Found(report)),
        None => {
            app.store.throttle_hit(&client_bucket, now, window).await?;
            app.store.throttle_hit(&global_bucket, now, window).await?;
            tracing::info!("receipt refused");
            Ok(ReceiptCheck::Refused)
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

/// Who is asking, for throttling only: a keyed digest of the client address, so addresses
/// are never stored or logged.
#[derive(Clone, Copy)]
pub struct ClientId(pub [u8; 32]);
