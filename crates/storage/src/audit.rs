//! The audit log's hash chain: canonical bytes of an entry, and verification of the whole
//! chain. Each entry's `hash` is a keyed link over the previous entry's hash and its own
//! bytes (`Keyring::audit_link`), and `audit_head` holds the last link, so changing,
//! deleting, inserting or reordering any entry (the newest included) breaks the chain at
//! that entry.

use zeri_crypto::Keyring;

use crate::{EventRow, Result, Store};

/// Length-prefixed fields, so no two different entries share bytes.
pub(crate) fn entry_bytes(e: &EventRow) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    out.extend_from_slice(b"zeri audit v1");
    out.extend_from_slice(&e.seq.to_be_bytes());
    out.extend_from_slice(&e.at.to_be_bytes());
    let mut field = |v: Option<&[u8]>| match v {
        Some(v) => {
            out.extend_from_slice(&(v.len() as u32).to_be_bytes());
            out.extend_from_slice(v);
        }
        None => out.extend_from_slice(&u32::MAX.to_be_bytes()),
    };
    field(Some(e.actor.as_bytes()));
    field(e.staff_id.as_deref().map(str::as_bytes));
    field(e.role.map(|r| r.as_str().as_bytes()));
    field(e.org_id.as_deref().map(str::as_bytes));
    field(e.report_id.as_deref().map(str::as_bytes));
    field(Some(e.action.as_bytes()));
    field(e.detail.as_deref().map(str::as_bytes));
    field(e.sealed.as_deref());
    out
}

/// Where the chain first breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// The first entry that does not verify (or that is missing).
    pub seq: i64,
    pub reason: &'static str,
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "entry {}: {}", self.seq, self.reason)
    }
}

/// Checks every entry in order. `Ok(Ok(n))`: all `n` entries verify; `Ok(Err(b))`: the
/// chain breaks at `b`.
pub async fn verify_chain(store: &dyn Store, keys: &Keyring) -> Result<std::result::Result<i64, ChainBreak>> {
    const PAGE: i64 = 2000;
    let head = store.audit_head().await?;
    let mut prev = [0u8; 32];
    let mut expected = 1i64;
    loop {
        let page = store.audit_page(expected - 1, PAGE).await?;
        let done = (page.len() as i64) < PAGE;
        for c in page {
            let seq = c.event.seq;
            if seq != expected {
                return Ok(Err(ChainBreak { seq: expected, reason: "entry missing or moved" }));
            }
            if c.prev_hash != prev {
                return Ok(Err(ChainBreak { seq, reason: "does not follow the entry before it" }));
            }
            if !keys.audit_link_ok(&prev, &entry_bytes(&c.event), &c.hash) {
                return Ok(Err(ChainBreak { seq, reason: "content changed" }));
            }
            prev = c.hash.as_slice().try_into().unwrap_or([0; 32]);
            expected += 1;
        }
        if done {
            break;
        }
    }
    let last = expected - 1;
    if head.seq != last {
        return Ok(Err(ChainBreak { seq: last + 1, reason: "entries after this one were removed" }));
    }
    if head.hash != prev {
        return Ok(Err(ChainBreak { seq: last, reason: "the chain head does not match the last entry" }));
    }
    Ok(Ok(last))
}
