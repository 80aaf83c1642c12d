//! The audit log's hash chain: canonical bytes of an entry, and verification of the whole
//! chain. Each entry's `hash` is a keyed link over the previous entry's hash and its own
//! bytes (`Keyring::audit_link`), and `audit_head` holds the last link, so changing,
//! deleting, inserting or reordering any entry (the newest included) breaks the chain at
//! that entry.

use zeri_crypto::Keyring;

use crate::{AuditHead, EventRow, Result, Store};

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
/// chain breaks at `b`. The head is read first, so entries a running server appends while
/// this reads are checked too and never taken for a tampered head.
pub async fn verify_chain(store: &dyn Store, keys: &Keyring) -> Result<std::result::Result<i64, ChainBreak>> {
    let head = store.audit_head().await?;
    Ok(walk(store, keys, &head, 0, [0u8; 32]).await?.map(|(last, _)| last))
}

/// Checks the entries after `seq` (whose link is `hash`) up to the end, and that the head
/// row names a link of the chain. `Ok(Ok((n, link)))`: the chain ends at entry `n`.
async fn walk(
    store: &dyn Store,
    keys: &Keyring,
    head: &AuditHead,
    seq: i64,
    hash: [u8; 32],
) -> Result<std::result::Result<(i64, [u8; 32]), ChainBreak>> {
    const PAGE: i64 = 2000;
    let mut prev = hash;
    let mut expected = seq + 1;
    let mut head_seen = head.seq == seq && head.hash == prev;
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
            if seq == head.seq {
                if head.hash != prev {
                    return Ok(Err(ChainBreak { seq, reason: "the chain head does not match this entry" }));
                }
                head_seen = true;
            }
            expected += 1;
        }
        if done {
            break;
        }
    }
    let last = expected - 1;
    if head.seq > last {
        return Ok(Err(ChainBreak { seq: last + 1, reason: "entries after this one were removed" }));
    }
    if !head_seen {
        return Ok(Err(ChainBreak { seq: head.seq, reason: "the chain head does not match the last entry" }));
    }
    Ok(Ok((last, prev)))
}

/// A chain head written outside the database: entry `seq` had link `hash` at `at` (Unix
/// ms), signed under a key derived from the audit key. Anyone who can rewrite the database
/// but not the places a checkpoint goes (an append-only file beside the master key, the
/// log, a backup's manifest) cannot hide that entries after it were cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: [u8; 32],
    pub at: i64,
    /// Written by a restore: the log legitimately starts again from here.
    pub restored: bool,
}

/// How a checkpoint line begins, wherever it is kept (file, log, manifest, e-mail).
pub const CHECKPOINT_PREFIX: &str = "zeri-audit-checkpoint-v1";

impl Checkpoint {
    fn signed_bytes(&self) -> Vec<u8> {
        let kind = if self.restored { "restored" } else { "head" };
        format!("{CHECKPOINT_PREFIX} {kind} seq={} hash={} at={}", self.seq, hex::encode(self.hash), self.at)
            .into_bytes()
    }

    /// One line: `zeri-audit-checkpoint-v1 head seq=… hash=… at=… mac=…`.
    pub fn line(&self, keys: &Keyring) -> String {
        let bytes = self.signed_bytes();
        let mac = keys.audit_checkpoint_mac(&bytes);
        format!("{} mac={}", String::from_utf8_lossy(&bytes), hex::encode(mac))
    }

    /// The checkpoint of a chain head.
    pub fn of(head: &AuditHead, at: i64, restored: bool) -> Self {
        Self { seq: head.seq, hash: head.hash.as_slice().try_into().unwrap_or([0; 32]), at, restored }
    }

    fn parse(line: &str) -> Option<(Self, Vec<u8>)> {
        let mut words = line.split_whitespace();
        if words.next()? != CHECKPOINT_PREFIX {
            return None;
        }
        let restored = match words.next()? {
            "head" => false,
            "restored" => true,
            _ => return None,
        };
        let mut value = |name: &str| words.next()?.strip_prefix(name).map(str::to_owned);
        let seq = value("seq=")?.parse().ok()?;
        let hash = hex::decode(value("hash=")?).ok()?.try_into().ok()?;
        let at = value("at=")?.parse().ok()?;
        let mac = hex::decode(value("mac=")?).ok()?;
        Some((Self { seq, hash, at, restored }, mac))
    }
}

/// The checkpoints found in `text` (any text: a checkpoint file, a log, a manifest), and
/// how many lines looked like checkpoints but were not signed with this key.
pub fn find_checkpoints(text: &str, keys: &Keyring) -> (Vec<Checkpoint>, usize) {
    let (mut found, mut forged) = (Vec::new(), 0);
    let mut rest = text;
    while let Some(i) = rest.find(CHECKPOINT_PREFIX) {
        let tail = &rest[i..];
        // A line ends at a line break or where a quoting format (JSON, a log) closes it.
        let end = tail.find(['\n', '"', '\'']).unwrap_or(tail.len());
        match Checkpoint::parse(&tail[..end]) {
            Some((c, mac)) if keys.audit_checkpoint_ok(&c.signed_bytes(), &mac) => found.push(c),
            _ => forged += 1,
        }
        rest = &tail[CHECKPOINT_PREFIX.len()..];
    }
    (found, forged)
}

/// The checkpoint that says most about the log now: the longest chain signed since the
/// latest restore (a restore puts an older log back on purpose, and says so with a
/// checkpoint of its own).
pub fn latest_checkpoint(found: &[Checkpoint]) -> Option<&Checkpoint> {
    let since = found.iter().filter(|c| c.restored).map(|c| c.at).max().unwrap_or(i64::MIN);
    found.iter().filter(|c| c.at >= since).max_by_key(|c| (c.seq, c.restored, c.at))
}

/// What the log says against a checkpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TailCheck {
    /// The chain holds from the checkpoint to entry `last`, the end, whose link is `hash`.
    Intact { last: i64, hash: [u8; 32] },
    /// The log ends `missing` entries before the checkpoint's (cut, or an older copy).
    Missing { missing: i64, last: i64 },
    /// The checkpoint's entry is not the one the checkpoint signed, or the chain after it
    /// breaks.
    Broken(ChainBreak),
}

/// Checks the log from `checkpoint` to its end: the checkpoint's entry must carry its
/// link, and every entry after it must follow. Quick whatever the log's length, so the
/// server runs it at start and on a schedule.
pub async fn verify_tail(store: &dyn Store, keys: &Keyring, checkpoint: &Checkpoint) -> Result<TailCheck> {
    let head = store.audit_head().await?;
    if checkpoint.seq > 0 {
        let at = store.audit_page(checkpoint.seq - 1, 1).await?;
        match at.first() {
            Some(c) if c.event.seq == checkpoint.seq => {
                if c.hash != checkpoint.hash {
                    return Ok(TailCheck::Broken(ChainBreak {
                        seq: checkpoint.seq,
                        reason: "not the entry the checkpoint signed",
                    }));
                }
            }
            _ if head.seq < checkpoint.seq => {
                return Ok(TailCheck::Missing { missing: checkpoint.seq - head.seq, last: head.seq });
            }
            _ => {
                return Ok(TailCheck::Broken(ChainBreak { seq: checkpoint.seq, reason: "entry missing or moved" }));
            }
        }
    }
    Ok(match walk(store, keys, &head, checkpoint.seq, checkpoint.hash).await? {
        Ok((last, hash)) => TailCheck::Intact { last, hash },
        Err(b) => TailCheck::Broken(b),
    })
}

/// The append-only file of checkpoints, beside the master key by default (out of the
/// database writer's reach, and on the key's own mount when the README's advice is
/// followed). Lines are only ever appended and each is flushed to disk; on Linux the
/// operator can also make it append-only for everyone (`chattr +a`).
#[derive(Debug, Clone)]
pub struct CheckpointFile {
    pub path: std::path::PathBuf,
}

impl CheckpointFile {
    /// Appends one signed line and syncs it.
    pub fn append(&self, keys: &Keyring, checkpoint: &Checkpoint) -> std::io::Result<String> {
        use std::io::Write;
        let line = checkpoint.line(keys);
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&self.path)?;
        file.write_all(format!("{line}\n").as_bytes())?;
        file.sync_all()?;
        Ok(line)
    }

    /// Every signed checkpoint in the file (none when it does not exist yet), and how many
    /// lines were not signed with this key.
    pub fn read(&self, keys: &Keyring) -> std::io::Result<(Vec<Checkpoint>, usize)> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => Ok(find_checkpoints(&text, keys)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((Vec::new(), 0)),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zeri_crypto::MasterKey;

    #[test]
    fn checkpoints_are_found_in_any_text_and_forgeries_are_counted() {
        let keys = Keyring::new(MasterKey::generate());
        let other = Keyring::new(MasterKey::generate());
        let a = Checkpoint { seq: 7, hash: [3; 32], at: 1_000, restored: false };
        let b = Checkpoint { seq: 5, hash: [4; 32], at: 2_000, restored: true };
        let text = format!(
            "{}\nlog: INFO audit checkpoint {}\n{{\"audit_checkpoint\": \"{}\"}}\n",
            a.line(&keys),
            b.line(&other),
            b.line(&keys)
        );
        let (found, forged) = find_checkpoints(&text, &keys);
        assert_eq!(found, vec![a.clone(), b.clone()]);
        assert_eq!(forged, 1, "signed with another key");
        assert_eq!(latest_checkpoint(&found), Some(&b), "the restore, written later, wins");
        let c = Checkpoint { seq: 4, hash: [5; 32], at: 3_000, restored: false };
        let d = Checkpoint { seq: 6, hash: [6; 32], at: 2_500, restored: false };
        let all = [a.clone(), b.clone(), c, d.clone()];
        assert_eq!(
            latest_checkpoint(&all),
            Some(&d),
            "since the restore, the longest chain (a backup's older head does not weaken it)"
        );
        assert_eq!(latest_checkpoint(&[a.clone(), d.clone()]), Some(&a));
        let edited = a.line(&keys).replace("seq=7", "seq=9");
        assert_eq!(find_checkpoints(&edited, &keys), (vec![], 1));
    }
}
