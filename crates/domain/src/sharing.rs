//! Hashes that reach platforms: the review of a take-down request before its hashes are
//! shared, what is shared of it, what a platform may report back, and what the child is
//! told about it.
//!
//! A hash is shared only after a hotline analyst approved its source (now a child's
//! take-down request; later also an assessed content item, with its ICCAM classification).
//! Each shared hash has a stable id (what platforms key their copy by) and a sequence
//! number that grows at every change (what their cursor follows); a withdrawal gives the
//! entry a new sequence number, so platforms learn of it at their next pull.

use crate::report::choice_enum;
use crate::{FieldError, FieldErrors};

choice_enum!(
    /// Where a shared hash comes from.
    SourceKind {
        /// A child's take-down request (`takedown_requests`).
        Takedown = "takedown",
        /// A content item assessed by an analyst (a second source, to come).
        Item = "item",
    }
);

choice_enum!(
    /// The kinds of hash platforms receive.
    HashType {
        Pdq = "pdq",
        Md5 = "md5",
        Sha256 = "sha256",
    }
);

choice_enum!(
    /// Where a take-down request stands in its review.
    Review {
        /// Waiting for an analyst; nothing is shared.
        Unreviewed = "unreviewed",
        /// Approved: its hashes are shared.
        Approved = "approved",
        /// Not shared, with a reason.
        Rejected = "rejected",
        /// The analyst needs more from the child before deciding (asked through the
        /// report's messages); back in the queue.
        NeedsMore = "needs_more",
    }
);

/// A new request waits for review.
impl Default for Review {
    fn default() -> Self {
        Review::Unreviewed
    }
}

choice_enum!(
    /// What an analyst decides about a take-down request.
    Verdict {
        Approve = "approve",
        Reject = "reject",
        NeedsMore = "needs_more",
    }
);

choice_enum!(
    /// Why a take-down request is not shared (a code; the child reads it in plain words).
    RejectReason {
        /// The same hashes are already shared.
        Duplicate = "duplicate",
        /// The perceptual hash is too weak to match without hitting other pictures.
        LowQuality = "low_quality",
        /// Not the kind of picture platforms remove through this route (checked against the
        /// report it belongs to).
        OutOfScope = "out_of_scope",
        Other = "other",
    }
);

choice_enum!(
    /// What a platform reports back about a shared hash.
    Outcome {
        /// Content matching the hash was found.
        Match = "match",
        /// Content matching the hash was removed.
        Removed = "removed",
    }
);

choice_enum!(
    /// A shared entry's state, as platforms read it.
    EntryState {
        Shared = "shared",
        /// The platform must delete its copy.
        Withdrawn = "withdrawn",
    }
);

/// The classification of a hash from a child's take-down request: the child said it is
/// them, an analyst checked the request, nobody assessed the picture itself.
pub const SELF_REPORTED: &str = "self-reported";

/// Most shared hashes of one video (its distinct frame hashes).
pub const MAX_FRAME_HASHES: usize = 300;

/// The largest count a platform may report at once.
pub const MAX_REPORTED_COUNT: i64 = 1_000_000;

/// Why a review is refused (a conflict, not bad input: the request moved meanwhile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewRefusal {
    /// Already approved or rejected.
    AlreadyDecided,
    /// The child withdrew it (or its case was erased).
    Withdrawn,
}

/// The review an analyst may record: the new state and the reason code, or why not.
/// `reason` is needed to reject and refused otherwise; more can be asked only of a child
/// who can be reached (a request joined to a report, whose messages the child reads).
pub fn review(
    from: Review,
    withdrawn: bool,
    linked_to_report: bool,
    verdict: Verdict,
    reason: Option<&str>,
) -> Result<Result<(Review, Option<RejectReason>), ReviewRefusal>, FieldErrors> {
    let bad = |field: &'static str, code: &'static str| Err(FieldErrors::from([(field, FieldError::new(code))]));
    let reason = match (verdict, reason.map(str::trim).filter(|r| !r.is_empty())) {
        (Verdict::Reject, None) => return bad("reason", "required-choice"),
        (Verdict::Reject, Some(r)) => match RejectReason::parse(r) {
            Some(r) => Some(r),
            None => return bad("reason", "unknown-choice"),
        },
        (_, Some(_)) => return bad("reason", "only-to-reject"),
        (_, None) => None,
    };
    if verdict == Verdict::NeedsMore && !linked_to_report {
        return bad("verdict", "no-way-to-ask");
    }
    if withdrawn {
        return Ok(Err(ReviewRefusal::Withdrawn));
    }
    if !matches!(from, Review::Unreviewed | Review::NeedsMore) {
        return Ok(Err(ReviewRefusal::AlreadyDecided));
    }
    let to = match verdict {
        Verdict::Approve => Review::Approved,
        Verdict::Reject => Review::Rejected,
        Verdict::NeedsMore => Review::NeedsMore,
    };
    Ok(Ok((to, reason)))
}

/// One hash to share: its type, its value (lower-case hex) and, for PDQ, its quality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashToShare {
    pub hash_type: HashType,
    pub value: String,
    pub quality: Option<i64>,
}

/// The hashes a take-down request shares: its SHA-256 and MD5, the PDQ of an image, and
/// the distinct PDQ hashes of a video's frames (space-separated in `frames`). The seven
/// other orientations of an image are not shared: PDQ matchers try them on their side.
pub fn takedown_hashes(
    sha256: &str,
    md5: &str,
    pdq: Option<&str>,
    quality: Option<i64>,
    frames: Option<&str>,
) -> Vec<HashToShare> {
    let mut out = vec![
        HashToShare { hash_type: HashType::Sha256, value: sha256.to_owned(), quality: None },
        HashToShare { hash_type: HashType::Md5, value: md5.to_owned(), quality: None },
    ];
    if let Some(p) = pdq.filter(|p| !p.is_empty()) {
        out.push(HashToShare { hash_type: HashType::Pdq, value: p.to_owned(), quality });
    }
    let mut seen = std::collections::BTreeSet::new();
    for f in frames.unwrap_or("").split_whitespace() {
        if seen.len() < MAX_FRAME_HASHES && Some(f) != pdq && seen.insert(f) {
            out.push(HashToShare { hash_type: HashType::Pdq, value: f.to_owned(), quality: None });
        }
    }
    out
}

/// What the child is told about one take-down request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildState {
    /// Waiting for an analyst.
    Received,
    /// The analyst needs more from the child.
    NeedsMore,
    /// Not shared, with the reason.
    NotShared(Option<RejectReason>),
    /// Approved; platforms get it at their next pull.
    Reviewed,
    /// Approved and taken by this many platforms.
    SharedWith(i64),
    /// Withdrawn; this many platforms have been told.
    Withdrawn(i64),
}

impl ChildState {
    /// The state from the facts: the review, the withdrawal, and how many platforms have
    /// pulled the request's latest entries (its hashes, or their withdrawal records).
    pub fn of(review: Review, reason: Option<RejectReason>, withdrawn: bool, platforms_reached: i64) -> Self {
        match (withdrawn, review) {
            (true, _) => ChildState::Withdrawn(platforms_reached),
            (false, Review::Unreviewed) => ChildState::Received,
            (false, Review::NeedsMore) => ChildState::NeedsMore,
            (false, Review::Rejected) => ChildState::NotShared(reason),
            (false, Review::Approved) if platforms_reached > 0 => ChildState::SharedWith(platforms_reached),
            (false, Review::Approved) => ChildState::Reviewed,
        }
    }

    /// A code for the API.
    pub fn code(self) -> &'static str {
        match self {
            ChildState::Received => "received",
            ChildState::NeedsMore => "needs_more",
            ChildState::NotShared(_) => "not_shared",
            ChildState::Reviewed => "reviewed",
            ChildState::SharedWith(_) => "shared",
            ChildState::Withdrawn(_) => "withdrawn",
        }
    }

    /// The Fluent key of its plain-words text (arguments: `count`, the platforms).
    pub fn text_key(self) -> &'static str {
        match self {
            ChildState::Received => "sharing-state-received",
            ChildState::NeedsMore => "sharing-state-needs-more",
            ChildState::NotShared(_) => "sharing-state-not-shared",
            ChildState::Reviewed => "sharing-state-reviewed",
            ChildState::SharedWith(_) => "sharing-state-shared",
            ChildState::Withdrawn(_) => "sharing-state-withdrawn",
        }
    }

    /// Whether the child can still withdraw it.
    pub fn withdrawable(self) -> bool {
        !matches!(self, ChildState::Withdrawn(_))
    }
}

/// A platform's report-back: what and how many. Anything about a person is never asked
/// for, and refused (unknown fields) by the web layer.
pub fn validate_outcome(outcome: Option<&str>, count: Option<i64>) -> Result<(Outcome, i64), FieldErrors> {
    let mut errors = FieldErrors::new();
    let outcome = match outcome.map(Outcome::parse) {
        Some(Some(o)) => Some(o),
        Some(None) => {
            errors.insert("outcome", FieldError::new("unknown-choice"));
            None
        }
        None => {
            errors.insert("outcome", FieldError::new("required-choice"));
            None
        }
    };
    let count = match count {
        Some(c) if (1..=MAX_REPORTED_COUNT).contains(&c) => Some(c),
        Some(_) => {
            errors.insert("count", FieldError::new("out-of-range").with_limit(MAX_REPORTED_COUNT as usize));
            None
        }
        None => Some(1),
    };
    match (outcome, count) {
        (Some(o), Some(c)) if errors.is_empty() => Ok((o, c)),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviews_as_a_table() {
        use Review::{Approved, Rejected, Unreviewed};
        use Verdict::{Approve, Reject};
        type Got = Result<Result<(Review, Option<RejectReason>), ReviewRefusal>, FieldErrors>;
        let ok = |to, reason| -> Got { Ok(Ok((to, reason))) };
        let refused = |r| -> Got { Ok(Err(r)) };
        let fields = |r: Got| -> Vec<&'static str> { r.err().map(|e| e.keys().copied().collect()).unwrap_or_default() };
        // (from, withdrawn, linked, verdict, reason) → outcome
        assert_eq!(review(Unreviewed, false, false, Approve, None), ok(Approved, None));
        assert_eq!(review(Review::NeedsMore, false, true, Approve, None), ok(Approved, None));
        assert_eq!(
            review(Unreviewed, false, false, Reject, Some("low_quality")),
            ok(Rejected, Some(RejectReason::LowQuality))
        );
        assert_eq!(review(Unreviewed, false, true, Verdict::NeedsMore, None), ok(Review::NeedsMore, None));
        assert_eq!(review(Review::NeedsMore, false, true, Verdict::NeedsMore, None), ok(Review::NeedsMore, None));
        assert_eq!(review(Approved, false, false, Reject, Some("other")), refused(ReviewRefusal::AlreadyDecided));
        assert_eq!(review(Rejected, false, false, Approve, None), refused(ReviewRefusal::AlreadyDecided));
        assert_eq!(review(Unreviewed, true, false, Approve, None), refused(ReviewRefusal::Withdrawn));
        assert_eq!(fields(review(Unreviewed, false, false, Reject, None)), ["reason"]);
        assert_eq!(fields(review(Unreviewed, false, false, Reject, Some("because"))), ["reason"]);
        assert_eq!(fields(review(Unreviewed, false, false, Approve, Some("other"))), ["reason"]);
        // More can be asked only of a child who reads the report's messages.
        assert_eq!(fields(review(Unreviewed, false, false, Verdict::NeedsMore, None)), ["verdict"]);
        // Bad input is named before the state is looked at.
        assert_eq!(fields(review(Approved, true, false, Reject, None)), ["reason"]);
    }

    #[test]
    fn a_request_shares_its_exact_hashes_its_pdq_and_distinct_frames() {
        let (a, b, c) = ("a".repeat(64), "b".repeat(64), "c".repeat(64));
        let image = takedown_hashes(&a, "m", Some(&b), Some(90), None);
        let types: Vec<_> = image.iter().map(|h| (h.hash_type, h.value.as_str(), h.quality)).collect();
        assert_eq!(
            types,
            [(HashType::Sha256, a.as_str(), None), (HashType::Md5, "m", None), (HashType::Pdq, b.as_str(), Some(90))]
        );
        let frames = format!("{b} {c} {b} {c}");
        let video = takedown_hashes(&a, "m", None, None, Some(&frames));
        assert_eq!(video.len(), 4, "two distinct frames: {video:?}");
        let many: Vec<String> = (0..400).map(|i| format!("{i:064x}")).collect();
        let long = takedown_hashes(&a, "m", None, None, Some(&many.join(" ")));
        assert_eq!(long.len(), 2 + MAX_FRAME_HASHES);
    }

    #[test]
    fn what_the_child_is_told() {
        use ChildState as S;
        assert_eq!(S::of(Review::Unreviewed, None, false, 3), S::Received);
        assert_eq!(S::of(Review::NeedsMore, None, false, 0), S::NeedsMore);
        assert_eq!(
            S::of(Review::Rejected, Some(RejectReason::Duplicate), false, 0),
            S::NotShared(Some(RejectReason::Duplicate))
        );
        assert_eq!(S::of(Review::Approved, None, false, 0), S::Reviewed);
        assert_eq!(S::of(Review::Approved, None, false, 2), S::SharedWith(2));
        assert_eq!(S::of(Review::Approved, None, true, 1), S::Withdrawn(1));
        assert_eq!(S::of(Review::Unreviewed, None, true, 0), S::Withdrawn(0));
        assert!(S::Received.withdrawable() && S::SharedWith(1).withdrawable() && !S::Withdrawn(0).withdrawable());
        let keys: std::collections::BTreeSet<_> =
            [S::Received, S::NeedsMore, S::NotShared(None), S::Reviewed, S::SharedWith(1), S::Withdrawn(0)]
                .iter()
                .map(|s| (s.code(), s.text_key()))
                .collect();
        assert_eq!(keys.len(), 6);
    }

    #[test]
    fn report_back_is_an_outcome_and_a_count() {
        assert_eq!(validate_outcome(Some("removed"), Some(3)), Ok((Outcome::Removed, 3)));
        assert_eq!(validate_outcome(Some("match"), None), Ok((Outcome::Match, 1)));
        for (o, c, field) in [
            (None, Some(1), "outcome"),
            (Some("deleted"), Some(1), "outcome"),
            (Some("match"), Some(0), "count"),
            (Some("match"), Some(MAX_REPORTED_COUNT + 1), "count"),
        ] {
            let e = validate_outcome(o, c).unwrap_err();
            assert!(e.contains_key(field), "{o:?} {c:?}: {e:?}");
        }
    }
}
