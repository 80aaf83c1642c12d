//! The chat hub: wakes the chat streams of this process when a message is stored.

use tokio::sync::broadcast;
use zeri_storage::Author;

/// Wakes the streams of a report when something happens to it, and ends every stream when
/// the server shuts down (a stream never ends by itself; the page reconnects).
#[derive(Clone)]
pub struct Hub(pub(crate) broadcast::Sender<Signal>, pub(crate) tokio::sync::watch::Sender<bool>);

#[derive(Clone, Debug)]
pub struct Signal {
    pub report_id: String,
    /// `Some(author)`: that side is typing; `None`: look again.
    pub typing: Option<Author>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub(broadcast::channel(1024).0, tokio::sync::watch::channel(false).0)
    }
}

impl Hub {
    /// Ends every stream, so a graceful shutdown does not wait for them.
    pub fn close(&self) {
        self.1.send_replace(true);
    }

    pub fn wake(&self, report_id: &str) {
        let _ = self.0.send(Signal { report_id: report_id.to_owned(), typing: None });
    }

    pub(crate) fn typing(&self, report_id: &str, who: Author) {
        let _ = self.0.send(Signal { report_id: report_id.to_owned(), typing: Some(who) });
    }
}
