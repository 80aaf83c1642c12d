use zeri_domain::casework::{ConsentDecision, ConsentGiver, LegalDuty, ReferralStatus, Urgency};
use zeri_domain::permission::{OrgKind, Profession, Role};
use zeri_domain::report::{AgeBand, Category, ContactMethod, ReporterKind};
use zeri_domain::sharing::{RejectReason, Review};
use zeri_domain::Stage;

use crate::Millis;

/// A report to insert. Everything personal is inside `sealed`.
#[derive(Debug, Clone)]
pub struct NewReportRow {
    pub id: String,
    pub case_ref: String,
    pub receipt_digest: [u8; 32],
    pub created_at: Millis,
    pub category: Category,
    pub reporter: ReporterKind,
    pub age_band: AgeBand,
    pub municipality: Option<String>,
    pub contact_method: ContactMethod,
    pub consent_cpo: bool,
    pub consent_police: bool,
    pub key_id: String,
    pub sealed: Vec<u8>,
    /// The case's data key wrapped by the master key (`None` only in tests of old data).
    pub case_key: Option<Vec<u8>>,
    /// `online` or `phone`.
    pub channel: &'static str,
    /// The organisation that holds the case: the helpline for reports sent online, the
    /// organisation of whoever took a phone call.
    pub org_id: String,
    /// Evidence that came with the report, stored in the same transaction.
    pub evidence: Vec<NewEvidence>,
    /// The one-time token of the form that sent it, when it came from the web form.
    pub submission: Option<NewSubmission>,
}

/// A report form's one-time token (its keyed digest) and the receipt to show for a while.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub token_digest: [u8; 32],
    /// The receipt, sealed under the master key, until `shown_until`.
    pub receipt_sealed: Vec<u8>,
    pub shown_until: Millis,
}

/// What a report form made.
#[derive(Debug, Clone)]
pub struct SubmissionRow {
    pub report_id: String,
    /// `None` once the receipt is no longer shown.
    pub receipt_sealed: Option<Vec<u8>>,
    pub shown_until: Millis,
}

#[derive(Debug, Clone)]
pub struct ReportRow {
    pub id: String,
    pub case_ref: String,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub stage: Stage,
    pub category: Category,
    pub reporter: ReporterKind,
    pub age_band: AgeBand,
    pub municipality: Option<String>,
    pub contact_method: ContactMethod,
    pub consent_cpo: bool,
    pub consent_police: bool,
    pub assigned_to: Option<String>,
    pub awaiting_reply: bool,
    pub sealed: Vec<u8>,
    /// The organisation holding the case (the helpline for new reports).
    pub org_id: String,
    pub urgency: Urgency,
    /// When retention erased the case's personal data (its key is destroyed).
    pub erased_at: Option<Millis>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author {
    Survivor,
    Staff,
}

impl Author {
    pub fn as_str(self) -> &'static str {
        match self {
            Author::Survivor => "survivor",
            Author::Staff => "staff",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "survivor" => Some(Author::Survivor),
            "staff" => Some(Author::Staff),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewMessage {
    pub id: String,
    pub report_id: String,
    pub author: Author,
    pub staff_id: Option<String>,
    pub created_at: Millis,
    pub key_id: String,
    pub sealed: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct MessageRow {
    pub id: String,
    pub report_id: String,
    pub author: Author,
    pub staff_id: Option<String>,
    pub created_at: Millis,
    pub sealed: Vec<u8>,
}

/// One entry of the audit log: an access by staff, a change, a message, a sign-in.
/// `action` and `detail` are codes (never free text or personal data); a stated reason
/// travels sealed in `sealed`.
#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    pub report_id: Option<String>,
    pub at: Millis,
    pub staff_id: Option<String>,
    pub role: Option<Role>,
    pub org_id: Option<String>,
    pub action: &'static str,
    pub detail: Option<String>,
    pub sealed: Option<Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub seq: i64,
    pub report_id: Option<String>,
    pub at: Millis,
    /// `survivor`, `staff` or `system`.
    pub actor: String,
    pub staff_id: Option<String>,
    pub role: Option<Role>,
    pub org_id: Option<String>,
    pub action: String,
    pub detail: Option<String>,
    pub sealed: Option<Vec<u8>>,
}

/// An audit entry with its chain links, for verification.
#[derive(Debug, Clone)]
pub struct ChainedEvent {
    pub event: EventRow,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

/// Whether entries carried over from the first schema's unchained event table wait to be
/// linked (`audit_head.legacy_until`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegacyAudit {
    /// Nothing waits: the whole log is chained.
    None,
    /// This many entries from the first schema, and no link yet: `zeri audit chain-legacy`.
    Pending(i64),
    /// The marker is set on a log that is already chained: nobody but someone writing the
    /// database sets it; nothing is re-linked, and `zeri audit verify` reports it.
    Tampered,
}

/// The head of the audit chain: the last sequence number and link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: Vec<u8>,
}

#[derive(Clone)]
pub struct StaffRow {
    pub id: String,
    pub username: String,
    pub role: Role,
    pub password_hash: String,
    pub created_at: Millis,
    pub disabled: bool,
    pub org_id: Option<String>,
    pub profession: Option<Profession>,
    /// The TOTP secret, sealed; `None` until enrolled.
    pub totp_sealed: Option<Vec<u8>>,
    /// A secret being enrolled (shown once, confirmed with a code).
    pub totp_pending: Option<Vec<u8>>,
    /// The last TOTP time step accepted (no replay).
    pub totp_last_step: i64,
    /// Who created the account (`None`: on the server, with `zeri user add`, or a demo).
    pub created_by: Option<String>,
    /// When a second person confirmed it; `None`: not usable yet.
    pub confirmed_at: Option<Millis>,
}

impl std::fmt::Debug for StaffRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffRow").field("id", &self.id).field("role", &self.role).finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// Opened with a receipt; the subject is the report id.
    Survivor,
    /// Opened with a password; the subject is the staff id.
    Staff,
    /// Password checked, second factor being set up (a few minutes, one page).
    StaffEnrol,
    /// A one-time set-up link: the person chooses their password (then their second factor).
    StaffSetup,
    /// Password checked on the sign-in page; the code is asked for next (a few minutes).
    StaffCode,
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Survivor => "survivor",
            SessionKind::Staff => "staff",
            SessionKind::StaffEnrol => "staff_enrol",
            SessionKind::StaffSetup => "staff_setup",
            SessionKind::StaffCode => "staff_code",
        }
    }
}

#[derive(Clone)]
pub struct SessionRow {
    pub token_digest: [u8; 32],
    pub kind: SessionKind,
    pub subject: String,
    pub created_at: Millis,
    pub last_seen_at: Millis,
    pub expires_at: Millis,
}

impl std::fmt::Debug for SessionRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionRow").field("kind", &self.kind).finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgRow {
    pub id: String,
    pub kind: OrgKind,
    pub name: String,
    pub municipality: Option<String>,
    /// A demonstration organisation (`--demo`), marked as such wherever it is shown.
    pub demo: bool,
}

#[derive(Debug, Clone)]
pub struct NoteRow {
    pub id: String,
    pub report_id: String,
    pub staff_id: String,
    pub at: Millis,
    pub sealed: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct TaskRow {
    pub id: String,
    pub report_id: String,
    pub owner_id: String,
    pub created_by: String,
    pub created_at: Millis,
    /// Days since 1970-01-01.
    pub due_on: i64,
    pub done_at: Option<Millis>,
    pub sealed: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct ConsentRow {
    pub id: String,
    pub report_id: String,
    pub kind: OrgKind,
    /// For services: the one organisation consented to.
    pub org_id: Option<String>,
    pub giver: ConsentGiver,
    pub decision: ConsentDecision,
    pub at: Millis,
    /// `None` for consent given in the report form itself.
    pub recorded_by: Option<String>,
    /// What was explained to the child, sealed.
    pub sealed: Option<Vec<u8>>,
}

#[derive(Debug, Clone)]
pub struct ReferralRow {
    pub id: String,
    pub report_id: String,
    pub to_org: String,
    pub status: ReferralStatus,
    /// Set when sent without consent under a legal duty (the reason is in `sealed`).
    pub legal_duty: Option<LegalDuty>,
    pub created_by: String,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// The note to the receiving organisation and any legal-duty reason.
    pub sealed: Vec<u8>,
    /// The receiving organisation's answer (a reason when declined).
    pub answer_sealed: Option<Vec<u8>>,
    /// Who in the receiving organisation handles it, named when it is accepted.
    pub handled_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMemberRow {
    pub report_id: String,
    pub staff_id: String,
    pub added_by: String,
    pub added_at: Millis,
}

#[derive(Debug, Clone)]
pub struct MeetingRow {
    pub id: String,
    pub report_id: String,
    /// Days since 1970-01-01.
    pub held_on: i64,
    pub recorded_by: String,
    pub created_at: Millis,
    /// Attendees, decisions and actions.
    pub sealed: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct TestimonyRow {
    pub report_id: String,
    pub recorded_on: i64,
    pub recorded_by: String,
    pub created_at: Millis,
    pub size: i64,
    pub sha256: String,
    pub sealed_meta: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    pub id: String,
    pub report_id: String,
    pub recipient_org: String,
    pub created_by: String,
    pub created_at: Millis,
    pub fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeRow {
    pub id: String,
    pub report_id: String,
    pub outcome: zeri_domain::casework::Outcome,
    pub support_kind: Option<zeri_domain::directory::ServiceKind>,
    /// Days since 1970-01-01.
    pub occurred_on: i64,
    pub recorded_by: String,
    pub recorded_at: Millis,
}

/// A piece of evidence on its way in: the sealed bytes are already in the blob store.
#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub id: String,
    pub report_id: String,
    pub message_id: Option<String>,
    pub received_at: Millis,
    pub size: i64,
    /// `image`, `video`, `document`, `text`, `archive` or `other`.
    pub kind: String,
    pub sha256: String,
    pub md5: String,
    pub pdq: Option<String>,
    pub pdq_quality: Option<i64>,
    pub blob_key: String,
    pub key_id: String,
    /// File name and declared content type, sealed.
    pub sealed: Vec<u8>,
    /// What it matched when it arrived, stored with it.
    pub matches: Vec<NewMatch>,
    /// `Pending` for images, decoded after the commit; `Done` for the rest.
    pub inspection: InspectionOutcome,
}

/// Where the inspection of a piece of evidence stands (column `evidence.inspection`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InspectionOutcome {
    /// Stored, not yet decoded.
    Pending,
    /// Inspected: hashed (PDQ for an image that decodes) and matched.
    Done,
    /// An image that does not decode.
    Undecodable,
    /// An image that would take too much to decode (a decompression bomb): never opened again.
    Bomb,
}

impl InspectionOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            InspectionOutcome::Pending => "pending",
            InspectionOutcome::Done => "done",
            InspectionOutcome::Undecodable => "undecodable",
            InspectionOutcome::Bomb => "bomb",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Done, Self::Undecodable, Self::Bomb].into_iter().find(|o| o.as_str() == s)
    }
}

/// What inspecting one piece of evidence after its commit found.
#[derive(Debug, Clone)]
pub struct Inspection {
    pub evidence_id: String,
    pub outcome: InspectionOutcome,
    pub pdq: Option<String>,
    pub pdq_quality: Option<i64>,
    pub matches: Vec<NewMatch>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMatch {
    /// `sha256`, `md5` or `pdq`.
    pub via: &'static str,
    pub distance: i64,
    pub target: MatchTarget,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchTarget {
    /// An entry of an imported hash list.
    ListEntry(i64),
    /// Evidence received earlier (possibly in another report).
    Evidence(String),
}

#[derive(Debug, Clone)]
pub struct EvidenceRow {
    pub id: String,
    pub report_id: String,
    pub message_id: Option<String>,
    pub received_at: Millis,
    pub size: i64,
    pub kind: String,
    pub sha256: String,
    pub md5: String,
    pub pdq: Option<String>,
    pub pdq_quality: Option<i64>,
    pub blob_key: String,
    pub sealed: Vec<u8>,
    /// `pending`, `done`, `undecodable` or `bomb` ([`InspectionOutcome`]).
    pub inspection: String,
}

/// A match as shown to the analyst: what the evidence matched and where that came from.
#[derive(Debug, Clone)]
pub struct MatchRow {
    pub evidence_id: String,
    pub via: String,
    pub distance: i64,
    /// For a list entry: the list's name, the entry's label and source.
    pub list_name: Option<String>,
    pub label: Option<String>,
    pub source: Option<String>,
    /// For earlier evidence: its id, report and that report's case reference, and the
    /// organisation holding that case (whom to ask when the viewer may not read it).
    pub other_evidence_id: Option<String>,
    pub other_report_id: Option<String>,
    pub other_case_ref: Option<String>,
    pub other_org_id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct HashListRow {
    pub id: String,
    pub name: String,
    pub imported_at: Millis,
    pub imported_by: String,
    pub entries: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashEntry {
    pub pdq: Option<String>,
    pub md5: Option<String>,
    pub sha256: Option<String>,
    pub label: String,
    pub source: String,
}

/// Hashes sent from the take-down page. A new request is `unreviewed` (the `Default`);
/// once withdrawn its hashes are blank.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TakedownRow {
    pub id: String,
    pub reference: String,
    pub created_at: Millis,
    pub report_id: Option<String>,
    /// `image` or `video`.
    pub kind: String,
    pub size: i64,
    pub md5: String,
    pub sha256: String,
    pub pdq: Option<String>,
    pub quality: Option<i64>,
    /// Space-separated hexadecimal hashes.
    pub dihedral: Option<String>,
    pub frames: Option<String>,
    pub exported_at: Option<Millis>,
    /// `zeri_domain::sharing::Review`; `unreviewed` when stored.
    pub review: Review,
    pub reviewed_at: Option<Millis>,
    pub reviewed_by: Option<String>,
    /// `zeri_domain::sharing::RejectReason` of a rejected request.
    pub review_reason: Option<RejectReason>,
    /// When the child withdrew it (or its case was erased).
    pub withdrawn_at: Option<Millis>,
}

/// A frontline-worker survey. `definition` is `zeri_domain::survey::Survey` as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyRow {
    pub id: String,
    /// Random, unguessable: the public link.
    pub slug: String,
    pub status: zeri_domain::survey::SurveyStatus,
    pub definition: String,
    pub created_at: Millis,
    pub created_by: String,
    pub updated_at: Millis,
    /// Bumped by every change (optimistic concurrency).
    pub version: i64,
}

/// An anonymous survey response: no address, browser, cookie, session or account, and the
/// day only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyResponseRow {
    /// Random.
    pub id: String,
    pub survey_id: String,
    /// Days since 1970-01-01 (UTC).
    pub submitted_on: i64,
    /// Choices and ratings by question id as JSON; free text only as `"written"`.
    pub answers: String,
    /// The free-text answers, sealed; `None` when there are none.
    pub sealed: Option<Vec<u8>>,
}

/// A live chat on a report.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRow {
    pub id: String,
    pub report_id: String,
    pub opened_at: Millis,
    pub status: ChatStatus,
    pub routed_to: Option<String>,
    pub staff_id: Option<String>,
    pub answered_at: Option<Millis>,
    pub ended_at: Option<Millis>,
    pub ended_by: Option<String>,
    pub sealed: Option<Vec<u8>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatStatus {
    /// In the queue (or waiting for the professional it is routed to).
    Waiting,
    /// Someone is answering.
    Active,
    Ended,
}

impl ChatStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ChatStatus::Waiting => "waiting",
            ChatStatus::Active => "active",
            ChatStatus::Ended => "ended",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [ChatStatus::Waiting, ChatStatus::Active, ChatStatus::Ended].into_iter().find(|c| c.as_str() == s)
    }
}

/// One message of a thread with its place in it and its delivery state.
#[derive(Debug, Clone)]
pub struct ThreadMessage {
    pub seq: i64,
    pub row: MessageRow,
    pub chat_id: Option<String>,
    pub delivered_at: Option<Millis>,
    pub read_at: Option<Millis>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NotificationRow {
    pub id: String,
    pub staff_id: String,
    /// `referral`, `chat`, `task`, `deadline`.
    pub kind: String,
    pub report_id: Option<String>,
    pub created_at: Millis,
    pub read_at: Option<Millis>,
    pub emailed_at: Option<Millis>,
}

/// A phone call about a case, logged by a counsellor.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactRow {
    pub id: String,
    pub report_id: String,
    pub staff_id: String,
    pub at: Millis,
    pub channel: String,
    pub minutes: Option<i64>,
    pub follow_up: String,
    /// The summary, sealed under the case key.
    pub sealed: Vec<u8>,
}

/// A time a professional offers for a remote session (held in the chat).
#[derive(Debug, Clone, PartialEq)]
pub struct SlotRow {
    pub id: String,
    pub report_id: String,
    pub staff_id: String,
    pub starts_at: Millis,
    pub minutes: i64,
    /// `offered`, `booked` or `cancelled`.
    pub status: String,
    pub created_at: Millis,
    pub booked_at: Option<Millis>,
}
