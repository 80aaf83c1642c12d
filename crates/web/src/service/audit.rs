//! The audit chain's anchor outside the database. The head of the chain lives in the same
//! database as the entries, so someone who can write the database could cut the newest
//! entries and set the head to the surviving last link. The server therefore writes signed
//! checkpoints of the head to a file the database writer cannot reach (and to the log),
//! checks at start and every few minutes that the log still reaches its latest checkpoint
//! and follows on from it, and tells every administrator (staff area and e-mail) when it
//! does not. `zeri audit verify` compares with the latest checkpoint too.

use crate::App;
use std::time::Duration;
use zeri_domain::Role;
use zeri_storage::{latest_checkpoint, verify_chain, verify_tail, Checkpoint, CheckpointFile, TailCheck};

/// What one look found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Look {
    /// The log follows on from the latest checkpoint; a checkpoint of entry `seq` was
    /// written (or was already the latest).
    Intact { seq: i64 },
    /// The log does not reach or does not follow its latest checkpoint.
    Broken(String),
}

/// The watch: remembers the last checkpoint it trusts and whether administrators were told.
pub struct AuditWatch {
    file: CheckpointFile,
    last: Option<Checkpoint>,
    alerted: bool,
}

impl AuditWatch {
    /// Starts from the latest signed checkpoint in the file. Lines not signed with this key
    /// are reported (someone wrote to the file) but never trusted.
    pub fn open(app: &App, file: CheckpointFile) -> std::io::Result<Self> {
        let (found, forged) = file.read(&app.keys)?;
        if forged > 0 {
            tracing::error!(lines = forged, file = %file.path.display(), "audit checkpoints not signed with this key");
        }
        let last = latest_checkpoint(&found).cloned();
        Ok(Self { file, last, alerted: false })
    }

    /// Checks the log against the last checkpoint (the whole chain when there is none yet)
    /// and, when it holds and has grown, writes a new checkpoint. On a break, logs an
    /// error and tells every administrator once; no checkpoint is written until it holds
    /// again, so the last good one stays the latest.
    pub async fn look(&mut self, app: &App) -> Result<Look, zeri_storage::StoreError> {
        let check = match &self.last {
            Some(c) => verify_tail(app.store.as_ref(), &app.keys, c).await?,
            None => match verify_chain(app.store.as_ref(), &app.keys).await? {
                Ok(_) => {
                    let head = app.store.audit_head().await?;
                    TailCheck::Intact { last: head.seq, hash: Checkpoint::of(&head, 0, false).hash }
                }
                Err(b) => TailCheck::Broken(b),
            },
        };
        let problem = match check {
            TailCheck::Intact { last, hash } => {
                self.alerted = false;
                if self.last.as_ref().map(|c| c.seq) != Some(last) {
                    let c = Checkpoint { seq: last, hash, at: crate::now_ms(), restored: false };
                    match self.file.append(&app.keys, &c) {
                        Ok(line) => tracing::info!(checkpoint = %line, "audit checkpoint written"),
                        Err(e) => tracing::error!(error = %e, file = %self.file.path.display(),
                            "the audit checkpoint could not be written"),
                    }
                    self.last = Some(c);
                }
                return Ok(Look::Intact { seq: last });
            }
            TailCheck::Missing { missing, last } => {
                let cp = self.last.as_ref().map(|c| c.seq).unwrap_or_default();
                format!("{missing} entries missing: the log ends at entry {last}, a checkpoint signed entry {cp}")
            }
            TailCheck::Broken(b) => format!("broken at {b}"),
        };
        tracing::error!(problem = %problem, "AUDIT LOG TAMPERED: run `zeri audit verify`");
        if !self.alerted {
            self.alerted = true;
            let admins: Vec<String> = app
                .store
                .list_staff()
                .await?
                .into_iter()
                .filter(|s| !s.disabled && s.role == Role::Admin)
                .map(|s| s.id)
                .collect();
            crate::service::notify::notify(app, &admins, "audit", None).await?;
        }
        Ok(Look::Broken(problem))
    }
}

/// Looks every `every` (the first look, at start, is the caller's).
pub async fn watch_loop(app: crate::AppState, mut watch: AuditWatch, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.tick().await;
    loop {
        tick.tick().await;
        if let Err(e) = watch.look(&app).await {
            tracing::warn!(error = %e, "checking the audit log's tail failed; tried again later");
        }
    }
}
