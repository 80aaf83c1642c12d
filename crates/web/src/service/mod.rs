//! The service layer: no axum, no maud. Takes `&App`, returns typed errors. The one place
//! where a case is loaded and authorised ([`case::load_case`], [`case::permitted`]), every
//! operation on it, intake, messages, evidence, exports, notifications, sessions, staff
//! accounts, the statistics rules, and the protection of staff who open material
//! ([`wellbeing::open_material`]).

pub mod access;
pub mod audit;
pub mod bus;
pub mod case;
pub mod case_data;
pub mod chat;
pub mod chi;
pub mod child_control;
pub mod child_copy;
pub mod child_receipts;
pub mod contacts;
pub mod directory;
pub mod evidence;
pub mod exchange;
pub mod exports;
pub mod hosting;
pub mod hotline;
pub mod inspection;
pub mod intake;
pub mod jobs;
pub mod links;
pub mod merged;
pub mod messages;
pub mod notices;
pub mod notify;
pub mod operations;
pub mod ops;
pub mod phone;
pub mod ratings;
pub mod receipts;
pub mod sessions;
pub mod sharing;
pub mod staff;
pub mod statistics;
pub mod supervision;
pub mod survey;
pub mod testimony;
pub mod transfer;
pub mod wellbeing;
