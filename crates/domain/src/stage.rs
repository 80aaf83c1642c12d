//! The stages a report moves through, as the child sees them.
//!
//! Every stage has a survivor-facing "what happens next" and "your rights" text; the texts
//! live in the Fluent files of the web crate under the keys [`Stage::next_key`] and
//! [`Stage::rights_key`], so they can be updated in one place in both languages.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Stored safely; nobody has read it yet.
    Received,
    /// A counsellor is reading it and deciding with the child what help fits.
    InReview,
    /// The team needs something from the child (an answer in the messages).
    WaitingForYou,
    /// Passed, with consent, to the Child Protection Unit or a support service.
    ReferredForSupport,
    /// Reported to the police (with consent, or because a child is in danger).
    ReportedToPolice,
    /// The work on the report has ended; messages can still reopen it.
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Received,
        Stage::InReview,
        Stage::WaitingForYou,
        Stage::ReferredForSupport,
        Stage::ReportedToPolice,
        Stage::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Received => "received",
            Stage::InReview => "in_review",
            Stage::WaitingForYou => "waiting_for_you",
            Stage::ReferredForSupport => "referred_for_support",
            Stage::ReportedToPolice => "reported_to_police",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Stages a professional may move a report to from this one.
    pub fn next(self) -> &'static [Stage] {
        use Stage::*;
        match self {
            Received => &[InReview],
            InReview => &[WaitingForYou, ReferredForSupport, ReportedToPolice, Closed],
            WaitingForYou => &[InReview, ReferredForSupport, ReportedToPolice, Closed],
            ReferredForSupport => &[InReview, ReportedToPolice, Closed],
            ReportedToPolice => &[InReview, ReferredForSupport, Closed],
            Closed => &[InReview],
        }
    }

    pub fn can_move_to(self, to: Stage) -> bool {
        self.next().contains(&to)
    }

    /// Fluent key of the stage's short name.
    pub fn name_key(self) -> String {
        format!("stage-{}", self.as_str().replace('_', "-"))
    }
    /// Fluent key of the stage's short name as staff read it (the child's name speaks to
    /// the child: "waiting for you" is, to staff, waiting for the child).
    pub fn staff_name_key(self) -> String {
        match self {
            Stage::WaitingForYou => "merged-stage-staff-waiting-for-you".to_owned(),
            _ => self.name_key(),
        }
    }
    /// Fluent key of "what happens next" at this stage.
    pub fn next_key(self) -> String {
        format!("{}-next", self.name_key())
    }
    /// Fluent key of "your rights" at this stage.
    pub fn rights_key(self) -> String {
        format!("{}-rights", self.name_key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(s));
        }
        assert_eq!(Stage::parse("deleted"), None);
    }

    #[test]
    fn every_stage_can_be_reached_and_left() {
        for s in Stage::ALL {
            assert!(!s.next().is_empty(), "{s:?} is a dead end");
            assert!(!s.can_move_to(s), "{s:?} moves to itself");
            if s != Stage::Received {
                assert!(Stage::ALL.iter().any(|o| o.can_move_to(s)), "{s:?} unreachable");
            }
        }
        assert!(!Stage::Received.can_move_to(Stage::Closed), "a report must be read before it is closed");
    }
}
