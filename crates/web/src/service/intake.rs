//! Storing a report: validation done, the report, its case key and its evidence in one
//! durable write, and the receipt only after it.

use crate::now_ms;
use crate::service::evidence::PrepareError;
use crate::service::evidence::Refusal;
use crate::service::evidence::Upload;
use crate::App;
use zeri_crypto::{new_receipt, CaseKey, DataKey, Sealer};
use zeri_domain::report::NewReport;
use zeri_domain::Receipt;
use zeri_storage::{NewReportRow, StoreError};

/// Why a report was not stored.
#[derive(Debug)]
pub enum SubmitError {
    /// A file was refused; nothing was stored.
    Refused(Refusal),
    /// The report was erased under the retention rules: nothing more can be added.
    Erased,
    /// This form was sent before and made its report: nothing new was stored.
    AlreadyReceived,
    Internal(String),
}

impl From<StoreError> for SubmitError {
    fn from(e: StoreError) -> Self {
        SubmitError::Internal(e.to_string())
    }
}

/// Encrypts and stores a valid report with its evidence files; returns its receipt once
/// the report, the evidence rows and their custody entries have committed together (the
/// sealed files are in the blob store before that).
pub async fn store_report(app: &App, report: NewReport, files: Vec<Upload>) -> Result<Receipt, SubmitError> {
    store_report_from(app, report, files, "online", "helpline", None).await.map(|(receipt, _)| receipt)
}

/// How long the receipt page shows the receipt after the form was sent.
pub const RECEIPT_SHOWN_MS: i64 = 10 * 60 * 1000;

/// The keyed digest of a report form's one-time token.
pub fn form_digest(app: &App, token: &str) -> [u8; 32] {
    app.keys.lookup_digest("report-form", token.as_bytes())
}

/// [`store_report`] for the web form: the form's one-time token is stored with the report
/// in the same transaction, so the same form sent again files nothing new
/// ([`SubmitError::AlreadyReceived`]), and the receipt is kept sealed for the receipt page
/// for [`RECEIPT_SHOWN_MS`].
pub async fn store_report_once(
    app: &App,
    report: NewReport,
    files: Vec<Upload>,
    form_token: &str,
) -> Result<Receipt, SubmitError> {
    let digest = form_digest(app, form_token);
    if app.store.submission(&digest).await?.is_some() {
        return Err(SubmitError::AlreadyReceived);
    }
    store_report_from(app, report, files, "online", "helpline", Some(digest)).await.map(|(receipt, _)| receipt)
}

/// The receipt of a form sent within the last minutes, to show on the receipt page;
/// `Ok(None)`: none (unknown form, or shown long enough).
pub async fn shown_receipt(app: &App, form_token: &str) -> Result<Option<String>, StoreError> {
    let digest = form_digest(app, form_token);
    let Some(row) = app.store.submission(&digest).await? else { return Ok(None) };
    let Some(sealed) = row.receipt_sealed.filter(|_| row.shown_until > now_ms()) else { return Ok(None) };
    let Some(report) = app.store.report(&row.report_id).await? else { return Ok(None) };
    let sealer = zeri_storage::context::case_sealer(app.store.as_ref(), &app.keys, &report).await?;
    let context = zeri_storage::context::receipt_view(&hex::encode(digest));
    Ok(sealer.open(&sealed, context.as_bytes()).ok().and_then(|b| String::from_utf8(b.to_vec()).ok()))
}

/// [`store_report`] for any channel (`online`, `phone`); also returns the report's id.
pub async fn store_report_from(
    app: &App,
    report: NewReport,
    files: Vec<Upload>,
    channel: &'static str,
    holder: &str,
    form: Option<[u8; 32]>,
) -> Result<(Receipt, String), SubmitError> {
    let plaintext = serde_json::to_vec(&report.confidential).expect("serialisable");
    // Time-ordered (UUIDv7: milliseconds, then a counter and random bits), so the indexes keyed by
    // the report's id (the report, its case key, its audit entries) grow at one end
    // instead of taking a write to a random page of each for every report: a third of
    // the pages a batch wrote (issue 18's profile). The time in it is no more than the
    // report's `created_at`, which every reader of the case sees; the id is never shown
    // to the child and grants nothing by itself.
    let id = uuid::Uuid::now_v7().simple().to_string();
    // The case's own data key: everything about the case is sealed under it, and it is
    // stored wrapped in the same transaction as the report.
    let case_key = DataKey::generate();
    let wrapped_key = app.keys.wrap_data_key(&case_key, zeri_storage::context::case_key(&id).as_bytes());
    let sealer = Sealer::new(app.keys.clone(), CaseKey::Key(case_key));
    let evidence = crate::service::evidence::prepare(app, &sealer, &id, None, files).await.map_err(|e| match e {
        PrepareError::Refused(r) => SubmitError::Refused(r),
        PrepareError::Internal(e) => SubmitError::Internal(e),
    })?;
    // A receipt or case reference collision is astronomically rare; retry with new ones.
    let mut attempt = 0;
    loop {
        let receipt = new_receipt();
        let row = NewReportRow {
            receipt_digest: app.keys.lookup_digest("receipt", receipt.digits().as_bytes()),
            case_ref: case_ref(),
            created_at: now_ms(),
            category: report.category,
            reporter: report.reporter,
            age_band: report.age_band,
            municipality: report.municipality.clone(),
            contact_method: report.contact_method,
            consent_cpo: report.consent_cpo,
            consent_police: report.consent_police,
            key_id: zeri_storage::context::CASE_KEY_ID.to_owned(),
            sealed: sealer.seal(&plaintext, zeri_storage::context::report(&id).as_bytes()),
            case_key: Some(wrapped_key.clone()),
            channel,
            org_id: holder.to_owned(),
            id: id.clone(),
            evidence: evidence.clone(),
            submission: form.map(|token_digest| zeri_storage::NewSubmission {
                token_digest,
                receipt_sealed: sealer.seal(
                    receipt.display_grouped().as_bytes(),
                    zeri_storage::context::receipt_view(&hex::encode(token_digest)).as_bytes(),
                ),
                shown_until: now_ms() + RECEIPT_SHOWN_MS,
            }),
        };
        match app.intake.submit(row).await {
            Ok(()) => {
                app.metrics.reports_received.inc();
                crate::service::evidence::committed(app, &evidence);
                return Ok((receipt, id));
            }
            // The same form, sent twice at once: the first made the report.
            Err(StoreError::Conflict { constraint }) if constraint.contains("submissions") => {
                crate::service::evidence::discard(app, &evidence).await;
                return Err(SubmitError::AlreadyReceived);
            }
            Err(StoreError::Conflict { .. }) if attempt < 3 => attempt += 1,
            Err(e) => {
                crate::service::evidence::discard(app, &evidence).await;
                return Err(e.into());
            }
        }
    }
}

/// A short reference for staff to name a case aloud ("ZR-7K3M9Q"); never shown to the
/// child and worthless as a receipt.
fn case_ref() -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32
    let bytes = uuid::Uuid::new_v4().into_bytes();
    let code: String = bytes[..6].iter().map(|b| ALPHABET[(*b & 31) as usize] as char).collect();
    format!("ZR-{code}")
}
