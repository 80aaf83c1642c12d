//! Case work across agencies: triage, consent, referrals, the multi-agency team and the
//! limits on what professionals write. Pure rules; storage keeps the records, the web
//! layer asks these functions what is allowed.

use crate::permission::OrgKind;
use crate::report::{choice_enum, FieldError, FieldErrors};

choice_enum!(
    /// How fast a case needs action. `ImmediateDanger` starts the escalation path.
    Urgency {
        Normal = "normal",
        High = "high",
        /// A child in immediate danger: police and the Child Protection Unit are told at
        /// once, with consent or under the legal duty to protect.
        ImmediateDanger = "immediate_danger",
    }
);

choice_enum!(
    /// Who gave (or refused) consent.
    ConsentGiver {
        Child = "child",
        Parent = "parent",
        Guardian = "guardian",
    }
);

choice_enum!(
    ConsentDecision {
        Given = "given",
        Refused = "refused",
        Withdrawn = "withdrawn",
    }
);

choice_enum!(
    /// The legal grounds that allow sharing without consent. Always with a stated reason,
    /// always shown to the child.
    LegalDuty {
        /// A child is in immediate danger (Law 18/2017 on the rights and protection of the child).
        ChildInDanger = "child_in_danger",
        /// A criminal offence professionals must report to police or prosecution.
        MandatoryReport = "mandatory_report",
    }
);

choice_enum!(
    /// As in Primero: sent, then accepted or declined (with a reason), then completed.
    ReferralStatus {
        Sent = "sent",
        Accepted = "accepted",
        Declined = "declined",
        Completed = "completed",
    }
);

choice_enum!(
    /// What became of a case, recorded by the professionals who know, with its date.
    Outcome {
        ReportedToPolice = "reported_to_police",
        InvestigationOpened = "investigation_opened",
        Prosecuted = "prosecuted",
        Convicted = "convicted",
        CompensationApplied = "compensation_applied",
        CompensationReceived = "compensation_received",
        /// With the kind of support (psychological, social, legal, medical).
        SupportReceived = "support_received",
        Closed = "closed",
    }
);

/// The kinds of support an outcome "support received" names.
pub const SUPPORT_KINDS: [crate::directory::ServiceKind; 4] = [
    crate::directory::ServiceKind::Psychological,
    crate::directory::ServiceKind::Social,
    crate::directory::ServiceKind::Legal,
    crate::directory::ServiceKind::Medical,
];

impl ReferralStatus {
    pub fn can_move_to(self, to: ReferralStatus) -> bool {
        use ReferralStatus::*;
        matches!((self, to), (Sent, Accepted) | (Sent, Declined) | (Accepted, Completed))
    }

    pub fn state(self) -> crate::permission::ReferralState {
        use crate::permission::ReferralState;
        match self {
            ReferralStatus::Sent => ReferralState::Pending,
            ReferralStatus::Accepted => ReferralState::Accepted,
            ReferralStatus::Declined | ReferralStatus::Completed => ReferralState::Over,
        }
    }
}

/// One consent decision as recorded. Consent is given per kind of recipient; for services,
/// per organisation (`org_id`), because the child agrees to a person or place, not a sector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub kind: OrgKind,
    pub org_id: Option<String>,
    pub decision: ConsentDecision,
    pub at: i64,
}

/// Whether the consent decisions on record (in any order) cover sharing with an
/// organisation of `kind`/`org_id`: the latest matching decision counts, so a withdrawal
/// ends consent given before. Consent for police covers the prosecution too, which
/// receives police files by law. Consent to "the Child Protection Unit" without naming one
/// is to the unit of the child's municipality (`home`: `org_id` is that unit), not all 61;
/// a service is always named.
pub fn consent_covers(records: &[Consent], kind: OrgKind, org_id: &str, home: bool) -> bool {
    let wanted = |c: &Consent| {
        let kind_ok = c.kind == kind || (kind == OrgKind::Prosecution && c.kind == OrgKind::Police);
        let named = c.org_id.as_deref() == Some(org_id);
        kind_ok
            && match kind {
                OrgKind::Service => named,
                OrgKind::ChildProtectionUnit => named || (c.org_id.is_none() && home),
                _ => true,
            }
    };
    records.iter().filter(|c| wanted(c)).max_by_key(|c| c.at).is_some_and(|c| c.decision == ConsentDecision::Given)
}

/// Organisations that hold a case never need consent for it; the helpline and hotline
/// share the intake.
pub fn needs_consent(kind: OrgKind) -> bool {
    !matches!(kind, OrgKind::Helpline | OrgKind::Hotline)
}

/// Free text a professional writes (notes, tasks, reasons, meeting records): trimmed,
/// bounded, printable. `limit` in characters.
pub fn validate_text(
    field: &'static str,
    value: Option<&str>,
    min: usize,
    limit: usize,
) -> Result<String, FieldErrors> {
    let v = value.map(str::trim).unwrap_or("");
    let n = v.chars().count();
    let error = if n == 0 {
        Some(FieldError::new("required"))
    } else if n < min {
        Some(FieldError::new("too-short").with_limit(min))
    } else if n > limit {
        Some(FieldError::new("too-long").with_limit(limit))
    } else if v.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        Some(FieldError::new("invalid-characters"))
    } else {
        None
    };
    match error {
        Some(e) => Err(FieldErrors::from([(field, e)])),
        None => Ok(v.replace("\r\n", "\n")),
    }
}

/// A reason for revealing identities or for acting under a legal duty: short but real.
pub fn validate_reason(value: Option<&str>) -> Result<String, FieldErrors> {
    validate_text("reason", value, 10, 500)
}

/// A calendar date `YYYY-MM-DD` (as an HTML date input sends it) → days since 1970-01-01.
pub fn parse_date(field: &'static str, value: Option<&str>) -> Result<i64, FieldErrors> {
    let bad = || FieldErrors::from([(field, FieldError::new("invalid-date"))]);
    let v = value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| FieldErrors::from([(field, FieldError::new("required"))]))?;
    let mut parts = v.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else { return Err(bad()) };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let (y, m, d): (i64, u32, u32) =
        (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    if !(2000..=2100).contains(&y) || !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return Err(bad());
    }
    Ok(days_from_civil(y, m, d))
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Howard Hinnant's `days_from_civil`: proleptic Gregorian date → days since the epoch.
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(kind: OrgKind, org: Option<&str>, decision: ConsentDecision, at: i64) -> Consent {
        Consent { kind, org_id: org.map(String::from), decision, at }
    }

    #[test]
    fn latest_consent_counts() {
        use ConsentDecision::*;
        let mut r = vec![c(OrgKind::ChildProtectionUnit, None, Given, 1)];
        assert!(consent_covers(&r, OrgKind::ChildProtectionUnit, "cpu-kukes", true));
        assert!(!consent_covers(&r, OrgKind::ChildProtectionUnit, "cpu-tirane", false), "the child's own unit only");
        assert!(!consent_covers(&r, OrgKind::Police, "police", false));
        r.push(c(OrgKind::ChildProtectionUnit, Some("cpu-tirane"), Given, 2));
        assert!(consent_covers(&r, OrgKind::ChildProtectionUnit, "cpu-tirane", false), "a unit named");
        r.push(c(OrgKind::ChildProtectionUnit, None, Withdrawn, 3));
        assert!(!consent_covers(&r, OrgKind::ChildProtectionUnit, "cpu-kukes", true));
        r.push(c(OrgKind::Police, None, Given, 4));
        assert!(consent_covers(&r, OrgKind::Prosecution, "prosecution", false));
        r.push(c(OrgKind::Service, Some("svc-1"), Given, 5));
        assert!(consent_covers(&r, OrgKind::Service, "svc-1", false));
        assert!(!consent_covers(&r, OrgKind::Service, "svc-2", false));
        // Order of records does not matter, time does.
        r.reverse();
        assert!(!consent_covers(&r, OrgKind::ChildProtectionUnit, "cpu-kukes", true));
        assert!(!consent_covers(&[], OrgKind::Barnahus, "b", false));
    }

    #[test]
    fn referral_moves() {
        use ReferralStatus::*;
        assert!(Sent.can_move_to(Accepted) && Sent.can_move_to(Declined) && Accepted.can_move_to(Completed));
        assert!(!Declined.can_move_to(Accepted) && !Sent.can_move_to(Completed) && !Completed.can_move_to(Sent));
    }

    #[test]
    fn texts_and_dates() {
        assert_eq!(validate_text("note", Some("  hi \r\nthere "), 1, 10).unwrap(), "hi \nthere");
        assert_eq!(validate_text("note", Some(" "), 1, 10).unwrap_err()["note"].code, "required");
        assert_eq!(validate_text("note", Some("x".repeat(11).as_str()), 1, 10).unwrap_err()["note"].code, "too-long");
        assert_eq!(validate_text("note", Some("a\u{0}b"), 1, 10).unwrap_err()["note"].code, "invalid-characters");
        assert_eq!(validate_reason(Some("because")).unwrap_err()["reason"].code, "too-short");
        assert_eq!(parse_date("due", Some("1970-01-02")).unwrap_err()["due"].code, "invalid-date");
        assert_eq!(parse_date("due", Some("2026-11-28")).unwrap(), 20_785);
        assert_eq!(parse_date("due", Some("2024-02-29")).unwrap(), 19_782);
        for bad in ["2026-02-29", "2026-13-01", "26-11-28", "2026-11-28T00", "abcd-ef-gh", "2026-1-1"] {
            assert!(parse_date("due", Some(bad)).is_err(), "{bad}");
        }
        assert_eq!(parse_date("due", None).unwrap_err()["due"].code, "required");
    }
}
