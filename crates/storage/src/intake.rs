//! Group commit for new reports.
//!
//! A report is acknowledged (and its receipt shown) only after its transaction has
//! committed with a full fsync. One fsync per report would cap SQLite at a few hundred
//! reports per second; instead one writer task takes every report waiting in the queue
//! and commits them together, so under load many reports share one fsync, and alone a
//! report waits for nothing.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use crate::{NewReportRow, Result, Store, StoreError};

type Job = (NewReportRow, oneshot::Sender<Result<()>>);

#[derive(Clone)]
pub struct Intake {
    tx: mpsc::Sender<Job>,
}

impl Intake {
    /// Starts the writer task. `max_batch` bounds one transaction.
    pub fn start(store: Arc<dyn Store>, max_batch: usize) -> Self {
        let (tx, mut rx) = mpsc::channel::<Job>(max_batch * 4);
        tokio::spawn(async move {
            let mut batch: Vec<Job> = Vec::with_capacity(max_batch);
            while rx.recv_many(&mut batch, max_batch).await > 0 {
                let rows: Vec<NewReportRow> = batch.iter().map(|(r, _)| r.clone()).collect();
                match store.insert_reports(&rows).await {
                    Ok(()) => {
                        for (_, reply) in batch.drain(..) {
                            let _ = reply.send(Ok(()));
                        }
                    }
                    Err(e) if batch.len() == 1 => {
                        if let Some((_, reply)) = batch.pop() {
                            let _ = reply.send(Err(e));
                        }
                    }
                    // One bad row (a receipt collision, say) must not fail its neighbours:
                    // retry them one by one so each gets its own answer.
                    Err(_) => {
                        for (row, reply) in batch.drain(..) {
                            let _ = reply.send(store.insert_reports(std::slice::from_ref(&row)).await);
                        }
                    }
                }
            }
        });
        Self { tx }
    }

    /// Stores one report durably; returns once it has committed.
    pub async fn submit(&self, row: NewReportRow) -> Result<()> {
        let (reply, answer) = oneshot::channel();
        self.tx.send((row, reply)).await.map_err(|_| StoreError::Corrupt("intake writer stopped".into()))?;
        answer.await.map_err(|_| StoreError::Corrupt("intake writer stopped".into()))?
    }
}
