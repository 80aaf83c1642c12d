//! The web layer driven in-process (no sockets), through a `TestApp` builder; one module
//! per capability, mirroring `crates/web/src`.

#[path = "../common/mod.rs"]
mod common;
mod support;

mod casework;
mod chat;
mod directory;
mod evidence;
mod followup;
mod hashes;
mod hosting;
mod hotline;
mod openapi;
mod public;
mod reporting;
mod staff;
mod statistics;
mod supervision;
mod uploads;
mod wellbeing;
