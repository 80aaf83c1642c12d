//! The time as the wellbeing rules read it: the system clock, which tests may move forward
//! for one application (an hour of exposure without waiting an hour). Nothing else moves it.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct Clock {
    /// Milliseconds added to the system clock (0 outside tests).
    offset: Arc<AtomicI64>,
}

impl Clock {
    /// Milliseconds since the Unix epoch, UTC.
    pub fn now(&self) -> i64 {
        zeri_storage::now_ms() + self.offset.load(Ordering::Relaxed)
    }

    /// Moves this clock forward (tests only: see the module's doc).
    pub fn advance(&self, ms: i64) {
        self.offset.fetch_add(ms, Ordering::Relaxed);
    }
}
