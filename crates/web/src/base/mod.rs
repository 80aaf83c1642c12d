//! Web plumbing below every capability: errors and their HTTP mapping, extractors, sign-in
//! and CSRF, layout and the staff chrome, form helpers, formatting, uploads.

pub mod auth;
pub mod chrome;
pub mod error;
pub mod extract;
pub mod form;
pub mod layout;
pub mod upload;
