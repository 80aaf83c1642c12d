//! The hotline's content items (reported URLs), their reports, hashes and assessments. Same
//! SQL for both backends, as in `sql.rs`.
//!
//! URLs arrive sealed with the keyed digest of their normal form (the web crate normalises,
//! digests and seals); this module never sees a URL. Items are found again by that digest
//! (every URL known for an item is in `content_urls`), so the same URL reported again joins
//! its item. Every write appends its audit entries in the same transaction; an entry about
//! an item has action `item-…` and the item's id first in `detail`.
//!
//! Two parts, each a trait with its SQL: [`LinkReportStore`] (`links.rs`) takes reports of
//! links in and finds an item again by URL or hash; [`ContentItemStore`] (`items.rs`) lists
//! the items, keeps their assessments and reviews, and gives their history and statistics
//! facts. [`HotlineStore`] is both.

mod items;
mod links;

pub use items::{AssessmentRow, ContentItemRow, ContentItemStore, ContentReportRow, ContentUrlRow, ItemFact};
pub use links::{
    ContentForm, ContentSubmissionRow, LinkOutcome, LinkReportStatus, LinkReportStore, NewContentReport, NewLink,
};

/// Everything the hotline keeps: the links reported and the items they make.
pub trait HotlineStore: LinkReportStore + ContentItemStore {}

impl<T: LinkReportStore + ContentItemStore> HotlineStore for T {}
