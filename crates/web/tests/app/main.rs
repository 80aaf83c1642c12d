//! The web layer driven in-process (no sockets), through a `TestApp` builder; one module
//! per capability, mirroring `crates/web/src`.

#[path = "../common/mod.rs"]
mod common;
mod support;

mod admin;
mod casework;
mod casework_page;
mod casework_roles;
mod chat;
mod child;
mod directory;
mod evidence;
mod exchange;
mod followup;
mod hashes;
mod hosting;
mod hotline;
mod hotline_analysts;
mod instances;
mod links;
mod merged;
mod notices;
mod openapi;
mod ops;
mod public;
mod reporting;
mod staff;
mod statistics;
mod supervision;
mod testimony;
mod transfer;
mod uploads;
mod walk;
mod wellbeing;
