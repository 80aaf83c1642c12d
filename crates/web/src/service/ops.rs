//! What operations see: readiness (the database, the evidence store and the schema answer)
//! and the metrics scrape. Counts and states only; nothing personal is read.

use std::time::Duration;

use crate::state::App;

/// How long one readiness check may take before it counts as failed.
const CHECK_TIMEOUT: Duration = Duration::from_secs(3);

/// The outcome of one readiness check, as the probe shows it (no internals).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Ok,
    Failed,
    /// It did not answer within the timeout.
    Timeout,
}

impl Check {
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Ok => "ok",
            Check::Failed => "failed",
            Check::Timeout => "timeout",
        }
    }
}

/// The checks of readiness, by name, in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    pub checks: Vec<(&'static str, Check)>,
}

impl Readiness {
    pub fn ready(&self) -> bool {
        self.checks.iter().all(|(_, c)| *c == Check::Ok)
    }
}

async fn check<E: std::fmt::Display>(name: &str, work: impl std::future::Future<Output = Result<(), E>>) -> Check {
    match tokio::time::timeout(CHECK_TIMEOUT, work).await {
        Ok(Ok(())) => Check::Ok,
        Ok(Err(e)) => {
            // The log names the check and the error (no path or secret is in either).
            tracing::warn!(check = name, error = %e, "readiness check failed");
            Check::Failed
        }
        Err(_) => {
            tracing::warn!(check = name, "readiness check timed out");
            Check::Timeout
        }
    }
}

/// Whether this instance can serve: the database answers, the evidence store answers (a
/// head request, on a folder or a bucket alike), the applied migrations are exactly the
/// binary's, and, when statistics are read from a database of their own, it answers with
/// the same schema.
pub async fn readiness(app: &App) -> Readiness {
    let database = check("database", app.store.ping()).await;
    let evidence = check("evidence_store", app.blobs.ping()).await;
    let migrations = check("migrations", async {
        let state = app.store.migration_state().await.map_err(|e| e.to_string())?;
        if state.complete() {
            Ok(())
        } else {
            Err(format!("{} migrations missing, {} unknown to this binary", state.missing, state.unknown))
        }
    })
    .await;
    let mut checks = vec![("database", database), ("evidence_store", evidence), ("migrations", migrations)];
    if let Some(stats) = app.stats_replica.get() {
        let answer = check("statistics_database", async {
            let state = stats.migration_state().await.map_err(|e| e.to_string())?;
            if state.complete() {
                Ok(())
            } else {
                Err(format!("schema differs from the binary's ({} missing, {} unknown)", state.missing, state.unknown))
            }
        })
        .await;
        checks.push(("statistics_database", answer));
    }
    Readiness { checks }
}

/// The metrics in Prometheus text: the counters kept in memory, and the gauges read now
/// (chat queue and longest wait, mail backlog from the database; the matcher's size).
pub async fn scrape(app: &App) -> String {
    let m = &app.metrics;
    m.matcher_hashes.set(app.matcher.len() as i64);
    let now = zeri_storage::now_ms();
    let read = async {
        let queue = app.store.chat_queue().await?;
        let backlog = app.store.mail_backlog().await?;
        Ok::<_, zeri_storage::StoreError>((queue, backlog))
    };
    match tokio::time::timeout(CHECK_TIMEOUT, read).await {
        Ok(Ok((queue, backlog))) => {
            m.chat_waiting.set(queue.waiting);
            let wait = queue.oldest_opened_at.map(|at| (now - at).max(0) as f64 / 1000.0).unwrap_or(0.0);
            m.chat_longest_wait_seconds.set(wait);
            m.mail_backlog.set(backlog);
            m.database_up.set(1);
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "metrics: reading the counts failed");
            m.database_up.set(0);
        }
        Err(_) => {
            tracing::warn!("metrics: reading the counts timed out");
            m.database_up.set(0);
        }
    }
    m.encode()
}
