//! The pure core of Zëri: what a report is, how a case moves through its stages,
//! who may do what, and where a child lives. No I/O, no async, no database, no web.
//!
//! Everything here is deterministic so it can be tested as tables.

pub mod casework;
pub mod chi;
pub mod directory;
pub mod exchange;
pub mod hosting;
pub mod hotline;
pub mod hours;
pub mod hsds;
pub mod notice;
pub mod opening;
pub mod permission;
pub mod places;
pub mod receipt;
pub mod report;
pub mod retention;
pub mod sharing;
pub mod stage;
pub mod statistics;
pub mod survey;
pub mod wellbeing;

pub use permission::{authorize, Action, Decision, OrgKind, Profession, Relation, Role};
pub use places::{Gazetteer, Location, Resolved};
pub use receipt::Receipt;
pub use report::{FieldError, FieldErrors};
pub use stage::Stage;
