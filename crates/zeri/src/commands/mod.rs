//! The body of each subcommand; `main.rs` keeps the command line and the dispatch.

pub(crate) mod audit;
pub(crate) mod backup;
mod backup_blobs;
mod backup_db;
mod backup_files;
pub(crate) mod case_keys;
pub(crate) mod directory;
pub(crate) mod hash;
pub(crate) mod keys;
pub(crate) mod keywatch;
pub(crate) mod ops;
pub(crate) mod serve;
pub(crate) mod user;
