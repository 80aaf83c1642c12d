//! Who may do what, decided in one place.
//!
//! The web layer asks [`authorize`] before every action on a report; storage never decides
//! policy. This first version knows the helpline counsellor and the administrator; the
//! case-work issue grows the roles and relations, and the table test below grows with it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Helpline counsellor (ALO 116 111-type): answers reports and follow-up messages.
    Counsellor,
    /// Administrator: manages staff accounts; reads no report content.
    Admin,
}

impl Role {
    pub const ALL: [Role; 2] = [Role::Counsellor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Counsellor => "counsellor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Fluent key of the role as shown to a child in the access log (never a person's name).
    pub fn public_name_key(self) -> &'static str {
        match self {
            Role::Counsellor => "role-counsellor",
            Role::Admin => "role-admin",
        }
    }
}

/// The user's relation to the report in question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// Not yet assigned to anyone: the intake queue of the helpline.
    Unassigned,
    /// The user is assigned to it.
    Assigned,
    /// Assigned to someone else.
    Other,
    /// Not about a single report (lists, user management).
    None,
}

impl Relation {
    pub const ALL: [Relation; 4] = [Relation::Unassigned, Relation::Assigned, Relation::Other, Relation::None];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// See the intake list (category, age band, municipality, stage; no free text).
    ListReports,
    /// Open a report: read its description and messages.
    ReadReport,
    /// Write to the child.
    Reply,
    /// Move the report to another stage.
    ChangeStage,
    /// Create and disable staff accounts.
    ManageStaff,
}

impl Action {
    pub const ALL: [Action; 5] =
        [Action::ListReports, Action::ReadReport, Action::Reply, Action::ChangeStage, Action::ManageStaff];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny,
}

impl Decision {
    pub fn allowed(self) -> bool {
        self == Decision::Allow
    }
}

/// The single permission decision of Zëri.
///
/// Counsellors share the helpline's intake: any counsellor may open an unassigned report
/// (opening one assigns it to them), and keeps it; a report assigned to a colleague stays
/// with that colleague. Administrators manage accounts and never read reports: an
/// administrator account is the one most worth stealing, so it carries no case data.
pub fn authorize(role: Role, relation: Relation, action: Action) -> Decision {
    use Action::*;
    use Relation::*;
    let allow = match (role, action) {
        (Role::Counsellor, ListReports) => relation == None,
        (Role::Counsellor, ReadReport | Reply | ChangeStage) => matches!(relation, Unassigned | Assigned),
        (Role::Counsellor, ManageStaff) => false,
        (Role::Admin, ManageStaff) => relation == None,
        (Role::Admin, _) => false,
    };
    if allow {
        Decision::Allow
    } else {
        Decision::Deny
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole table, written out: every role × relation × action.
    #[test]
    fn full_table() {
        use Action::*;
        use Relation::*;
        let allowed: &[(Role, Relation, Action)] = &[
            (Role::Counsellor, None, ListReports),
            (Role::Counsellor, Unassigned, ReadReport),
            (Role::Counsellor, Unassigned, Reply),
            (Role::Counsellor, Unassigned, ChangeStage),
            (Role::Counsellor, Assigned, ReadReport),
            (Role::Counsellor, Assigned, Reply),
            (Role::Counsellor, Assigned, ChangeStage),
            (Role::Admin, None, ManageStaff),
        ];
        let mut checked = 0;
        for role in Role::ALL {
            for relation in Relation::ALL {
                for action in Action::ALL {
                    let expected = allowed.contains(&(role, relation, action));
                    assert_eq!(
                        authorize(role, relation, action).allowed(),
                        expected,
                        "{role:?} {relation:?} {action:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 2 * 4 * 5);
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), Option::None);
    }
}
