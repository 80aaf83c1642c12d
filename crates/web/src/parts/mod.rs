//! Leaves with no knowledge of the web: i18n, mail (SMTP), PDF, the chat hub, the PDQ matcher,
//! locating hosted material (DNS and an IP-to-country database).

pub mod clock;
pub mod format;
pub mod hosting;
pub mod hub;
pub mod i18n;
pub mod mail;
pub mod matcher;
pub mod metrics;
pub mod pdf;
pub mod spool;
