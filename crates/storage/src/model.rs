use zeri_domain::permission::Role;
use zeri_domain::report::{AgeBand, Category, ContactMethod, ReporterKind};
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

/// Something that happened to a report: an access by staff, a stage change, a message.
/// `action` and `detail` are codes (never free text or personal data).
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub report_id: String,
    pub at: Millis,
    pub staff_id: Option<String>,
    pub role: Option<Role>,
    pub action: &'static str,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub report_id: String,
    pub at: Millis,
    pub staff_id: Option<String>,
    pub role: Option<Role>,
    pub action: String,
    pub detail: Option<String>,
}

#[derive(Clone)]
pub struct StaffRow {
    pub id: String,
    pub username: String,
    pub role: Role,
    pub password_hash: String,
    pub created_at: Millis,
    pub disabled: bool,
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
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Survivor => "survivor",
            SessionKind::Staff => "staff",
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
