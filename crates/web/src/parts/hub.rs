//! The chat hub: wakes the chat streams of this process when something happens to a chat,
//! here or (through the signal bus, `zeri_storage::bus`) on another instance.

use tokio::sync::broadcast;
use zeri_storage::bus::{Bus, Signal as BusSignal};
use zeri_storage::Author;

/// What a stream listens for when it should look at every chat again (the bus reconnected,
/// so signals of other instances may have been missed).
pub const ALL: &str = "*";

/// Wakes the streams of a report when something happens to it, and ends every stream when
/// the server shuts down (a stream never ends by itself; the page reconnects).
#[derive(Clone)]
pub struct Hub(
    pub(crate) broadcast::Sender<Signal>,
    pub(crate) tokio::sync::watch::Sender<bool>,
    pub(crate) Option<Bus>,
);

#[derive(Clone, Debug)]
pub struct Signal {
    pub report_id: String,
    /// `Some(author)`: that side is typing; `None`: look again.
    pub typing: Option<Author>,
    /// The case was erased: its streams end (there is nothing left to show).
    pub erased: bool,
}

impl Default for Hub {
    /// A hub of this process alone.
    fn default() -> Self {
        Hub(broadcast::channel(1024).0, tokio::sync::watch::channel(false).0, None)
    }
}

impl Hub {
    /// A hub whose wake-ups also reach the streams of every other instance on the bus.
    pub fn on(bus: Bus) -> Self {
        Hub(broadcast::channel(1024).0, tokio::sync::watch::channel(false).0, Some(bus))
    }

    /// Ends every stream, so a graceful shutdown does not wait for them.
    pub fn close(&self) {
        self.1.send_replace(true);
    }

    /// Wakes the streams of the report, here and on every instance.
    pub fn wake(&self, report_id: &str) {
        match &self.2 {
            Some(bus) => bus.publish(BusSignal::Chat { report: report_id.to_owned() }),
            None => self.local(report_id, None),
        }
    }

    pub(crate) fn typing(&self, report_id: &str, who: Author) {
        match &self.2 {
            Some(bus) => bus.publish(BusSignal::Typing { report: report_id.to_owned(), author: who }),
            None => self.local(report_id, Some(who)),
        }
    }

    /// Wakes this process's streams of the report (what the bus delivers ends here).
    pub(crate) fn local(&self, report_id: &str, typing: Option<Author>) {
        let _ = self.0.send(Signal { report_id: report_id.to_owned(), typing, erased: false });
    }

    /// Ends this process's streams of an erased case (each instance's, told by the bus).
    pub(crate) fn end(&self, report_id: &str) {
        let _ = self.0.send(Signal { report_id: report_id.to_owned(), typing: None, erased: true });
    }
}
