//! Sealing contexts: the associated data that binds each sealed value to its record, so a
//! ciphertext copied into another row (or another column) does not open.
//!
//! They live here, beside [`crate::SEALED_COLUMNS`], because changing one of these strings
//! makes every value sealed under it unreadable: the golden test below pins each of them.
//! Every piece of code that seals or opens a value takes its context from this module.

use std::sync::Arc;

use zeri_crypto::{CaseKey, Keyring, Sealer};

use crate::{ReportRow, Store, StoreError};

/// The `key_id` recorded for values sealed under their case's key.
pub const CASE_KEY_ID: &str = "case";

/// A case's data key, wrapped by the master key (`case_keys.wrapped`).
pub fn case_key(report_id: &str) -> String {
    format!("case-key:{report_id}")
}

/// The confidential part of a report (`reports.sealed`).
pub fn report(id: &str) -> String {
    format!("report:{id}:confidential")
}

/// A receipt kept for its receipt page for a few minutes, under the case key
/// (`submissions.receipt_sealed`; `form` is the form token's digest in hex).
pub fn receipt_view(form: &str) -> String {
    format!("receipt-view:{form}")
}

/// The reason given for an audited action on a case (`audit.sealed`).
pub fn audit_reason(report_id: &str) -> String {
    format!("audit:{report_id}:reason")
}

/// A message of the report's thread, follow-up or chat (`messages.sealed`).
pub fn message(id: &str) -> String {
    format!("message:{id}")
}

/// A case note (`case_notes.sealed`).
pub fn note(id: &str) -> String {
    format!("note:{id}")
}

/// A task's text (`tasks.sealed`).
pub fn task(id: &str) -> String {
    format!("task:{id}")
}

/// What was explained when consent was recorded (`consents.sealed`).
pub fn consent(id: &str) -> String {
    format!("consent:{id}")
}

/// A referral's message (`referrals.sealed`).
pub fn referral(id: &str) -> String {
    format!("referral:{id}")
}

/// The receiving organisation's answer to a referral (`referrals.answer_sealed`).
pub fn referral_answer(id: &str) -> String {
    format!("referral:{id}:answer")
}

/// A Barnahus planning meeting (`meetings.sealed`).
pub fn meeting(id: &str) -> String {
    format!("meeting:{id}")
}

/// The recorded testimony's description (`testimonies.sealed_meta`).
pub fn testimony_meta(report_id: &str) -> String {
    format!("testimony:{report_id}:meta")
}

/// The recorded testimony's file: `testimonies.sealed_file` (before 0028), and every chunk
/// of its blob in the stream format.
pub fn testimony_file(report_id: &str) -> String {
    format!("testimony:{report_id}:file")
}

/// The testimony file's own key (`testimonies.sealed_key`), sealed under the case key.
pub fn testimony_key(report_id: &str) -> String {
    format!("testimony:{report_id}:key")
}

/// An evidence file's description (`evidence.sealed`).
pub fn evidence_meta(id: &str) -> String {
    format!("evidence:{id}:meta")
}

/// An evidence file's bytes in the blob store.
pub fn evidence_file(id: &str) -> String {
    format!("evidence:{id}:file")
}

/// A helpline phone call's summary (`contacts.sealed`).
pub fn contact(id: &str) -> String {
    format!("contact:{id}")
}

/// The hand-over or blocking note of a chat (`chats.sealed`).
pub fn chat_note(chat_id: &str) -> String {
    format!("chat:{chat_id}:note")
}

/// A supervisor's private note to the counsellor of a chat (`chat_coaching.sealed`).
pub fn coaching(id: &str) -> String {
    format!("coaching:{id}")
}

/// The comment of a quality review of a contact record (`quality_reviews.sealed`).
pub fn quality_review(record_id: &str) -> String {
    format!("quality-review:{record_id}")
}

/// Why a supervisor returned a request to close a case (`closure_requests.sealed`).
pub fn closure_return(id: &str) -> String {
    format!("closure:{id}:returned")
}

/// The free text of a survey response (`survey_responses.sealed`).
pub fn survey_text(survey_id: &str, response_id: &str) -> String {
    format!("survey:{survey_id}:response:{response_id}:text")
}

/// A staff member's notification e-mail address (`staff.email_sealed`).
pub fn staff_email(staff_id: &str) -> String {
    format!("staff:{staff_id}:email")
}

/// A staff member's second-factor secret, set up or pending (`staff.totp_sealed`,
/// `staff.totp_pending`).
pub fn staff_totp(staff_id: &str) -> String {
    format!("staff:{staff_id}:totp")
}

/// An entry of the hosts table's abuse contact, trusted-flagger channel and notes
/// (`hosts.sealed`, under the master key).
pub fn host(host_id: &str) -> String {
    format!("host:{host_id}")
}

/// An entry of an item's take-down timeline: its free text and the mail it sends, under
/// the master key (`notices.sealed`).
pub fn notice(id: &str) -> String {
    format!("notice:{id}")
}

/// A URL reported to the hotline, under the master key (`content_urls.url_sealed`;
/// `digest` is the keyed digest of its normal form in hex).
pub fn content_url(digest: &str) -> String {
    format!("content-url:{digest}")
}

/// A link report's receipt kept for its receipt page for a few minutes, under the master
/// key (`content_reports.receipt_sealed`; `form` is the form token's digest in hex).
pub fn link_receipt_view(form: &str) -> String {
    format!("link-receipt-view:{form}")
}

/// A platform's contact (`platforms.contact_sealed`), under the master key.
pub fn platform_contact(platform_id: &str) -> String {
    format!("platform:{platform_id}:contact")
}

/// The key we send to a partner hotline with (`exchange_partners.key_sealed`), under the
/// master key.
pub fn exchange_partner_key(partner_id: &str) -> String {
    format!("exchange-partner:{partner_id}:key")
}

/// The hosting facts an item was handed to a partner with (`exchange_forwards.facts_sealed`),
/// under the master key.
pub fn exchange_forward(forward_id: &str) -> String {
    format!("exchange-forward:{forward_id}:facts")
}

/// A document received from a partner hotline (`exchange_received.sealed`), under the
/// master key.
pub fn exchange_received(received_id: &str) -> String {
    format!("exchange-received:{received_id}")
}

/// The words of staff's answer to a child's request for erasure (`erasure_requests.sealed`).
pub fn erasure_answer(id: &str) -> String {
    format!("erasure:{id}:answer")
}

/// The reason for a transfer of the lead (`case_transfers.sealed`).
pub fn transfer_reason(id: &str) -> String {
    format!("transfer:{id}:reason")
}

/// The words of the answer to a transfer (`case_transfers.answer_sealed`).
pub fn transfer_answer(id: &str) -> String {
    format!("transfer:{id}:answer")
}

/// What a case's values are sealed with: its own data key, unwrapped by the master key;
/// the master key for a case from before case keys; nothing once retention erased it.
pub async fn case_sealer(store: &dyn Store, keys: &Arc<Keyring>, report: &ReportRow) -> Result<Sealer, StoreError> {
    if report.erased_at.is_some() {
        return Ok(Sealer::new(keys.clone(), CaseKey::Destroyed));
    }
    let case = match store.case_key(&report.id).await? {
        Some(wrapped) => CaseKey::Key(
            keys.unwrap_data_key(&wrapped, case_key(&report.id).as_bytes())
                .map_err(|e| StoreError::Corrupt(format!("case key: {e}")))?,
        ),
        None => CaseKey::Legacy,
    };
    Ok(Sealer::new(keys.clone(), case))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::SEALED_COLUMNS;

    /// Every sealed column with the context its values are sealed under, as literal strings:
    /// changing a context makes existing data unreadable, so a change here must be a
    /// deliberate migration, never a rename.
    #[test]
    fn every_sealed_column_has_a_pinned_context() {
        let pinned: &[(&str, &str, String, &str)] = &[
            ("case_keys", "wrapped", case_key("R"), "case-key:R"),
            ("staff", "totp_sealed", staff_totp("S"), "staff:S:totp"),
            ("staff", "totp_pending", staff_totp("S"), "staff:S:totp"),
            ("staff", "email_sealed", staff_email("S"), "staff:S:email"),
            ("chats", "sealed", chat_note("C"), "chat:C:note"),
            ("contacts", "sealed", contact("K"), "contact:K"),
            ("survey_responses", "sealed", survey_text("V", "P"), "survey:V:response:P:text"),
            ("reports", "sealed", report("R"), "report:R:confidential"),
            ("submissions", "receipt_sealed", receipt_view("F"), "receipt-view:F"),
            ("messages", "sealed", message("M"), "message:M"),
            ("case_notes", "sealed", note("N"), "note:N"),
            ("tasks", "sealed", task("T"), "task:T"),
            ("consents", "sealed", consent("A"), "consent:A"),
            ("referrals", "sealed", referral("F"), "referral:F"),
            ("referrals", "answer_sealed", referral_answer("F"), "referral:F:answer"),
            ("meetings", "sealed", meeting("G"), "meeting:G"),
            ("testimonies", "sealed_meta", testimony_meta("R"), "testimony:R:meta"),
            ("testimonies", "sealed_file", testimony_file("R"), "testimony:R:file"),
            ("testimonies", "sealed_key", testimony_key("R"), "testimony:R:key"),
            ("evidence", "sealed", evidence_meta("E"), "evidence:E:meta"),
            ("audit", "sealed", audit_reason("R"), "audit:R:reason"),
            ("hosts", "sealed", host("H"), "host:H"),
            ("content_urls", "url_sealed", content_url("D"), "content-url:D"),
            ("content_reports", "receipt_sealed", link_receipt_view("F"), "link-receipt-view:F"),
            ("platforms", "contact_sealed", platform_contact("P"), "platform:P:contact"),
            ("exchange_partners", "key_sealed", exchange_partner_key("P"), "exchange-partner:P:key"),
            ("exchange_forwards", "facts_sealed", exchange_forward("F"), "exchange-forward:F:facts"),
            ("exchange_received", "sealed", exchange_received("R"), "exchange-received:R"),
            ("erasure_requests", "sealed", erasure_answer("X"), "erasure:X:answer"),
            ("notices", "sealed", notice("N"), "notice:N"),
            ("chat_coaching", "sealed", coaching("K"), "coaching:K"),
            ("quality_reviews", "sealed", quality_review("Q"), "quality-review:Q"),
            ("closure_requests", "sealed", closure_return("C"), "closure:C:returned"),
            ("case_transfers", "sealed", transfer_reason("T"), "transfer:T:reason"),
            ("case_transfers", "answer_sealed", transfer_answer("T"), "transfer:T:answer"),
        ];
        for (table, column, got, want) in pinned {
            assert_eq!(got, want, "the sealing context of {table}.{column} changed");
        }
        // Evidence files live in the blob store, not in a column.
        assert_eq!(evidence_file("E"), "evidence:E:file");
        assert_eq!(CASE_KEY_ID, "case");
        let covered: BTreeSet<(&str, &str)> = pinned.iter().map(|(t, c, _, _)| (*t, *c)).collect();
        let sealed: BTreeSet<(&str, &str)> = SEALED_COLUMNS.iter().map(|(t, _, c)| (*t, *c)).collect();
        assert_eq!(covered, sealed, "every sealed column needs a pinned context, and only those");
    }
}
