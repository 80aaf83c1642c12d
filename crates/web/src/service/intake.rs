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
    store_report_from(app, report, files, "online", "helpline").await.map(|(receipt, _)| receipt)
}

/// [`store_report`] for any channel (`online`, `phone`); also returns the report's id.
pub async fn store_report_from(
    app: &App,
    report: NewReport,
    files: Vec<Upload>,
    channel: &'static str,
    holder: &str,
) -> Result<(Receipt, String), SubmitError> {
    let plaintext = serde_json::to_vec(&report.confidential).expect("serialisable");
    let id = uuid::Uuid::new_v4().simple().to_string();
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
        };
        match app.intake.submit(row).await {
            Ok(()) => {
                crate::service::evidence::committed(app, &evidence);
                return Ok((receipt, id));
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
