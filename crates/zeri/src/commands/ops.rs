//! What `zeri serve` adds for operations: the metrics listener (`--metrics-listen`) and the
//! read-only statistics database (`--stats-database-url`).

use crate::*;

/// Serves `/metrics` on its own address, when asked. A bind failure stops the start.
pub(crate) async fn metrics_listener(args: &ServeArgs, app: &zeri_web::AppState) -> Result<()> {
    let Some(addr) = args.metrics_listen else { return Ok(()) };
    if addr == args.listen && addr.port() != 0 {
        anyhow::bail!("--metrics-listen must differ from --listen: metrics are never served on the public listener");
    }
    let listener =
        tokio::net::TcpListener::bind(addr).await.with_context(|| format!("listening for metrics on {addr}"))?;
    tracing::info!("metrics at http://{}/metrics", listener.local_addr()?);
    let router = zeri_web::metrics_router(app.clone());
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!(error = %e, "the metrics listener stopped");
        }
    });
    Ok(())
}

/// Reads statistics from the read-only database, when one is given. Its address is never
/// logged (it may carry a password).
pub(crate) async fn stats_database(args: &ServeArgs, app: &zeri_web::AppState) -> Result<()> {
    let from_file = match &args.stats_database_url_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("--stats-database-url-file: reading {}", path.display()))?;
            Some(text.trim().to_owned())
        }
        None => None,
    };
    let Some(url) = from_file.or_else(|| args.stats_database_url.clone()).filter(|u| !u.trim().is_empty()) else {
        return Ok(());
    };
    let stats = zeri_storage::connect_read_only(&url, app.keys.clone())
        .await
        .context("--stats-database-url: connecting to the statistics database (PostgreSQL only)")?;
    let state = stats.migration_state().await.context("--stats-database-url: reading its schema")?;
    if !state.complete() {
        tracing::warn!(
            missing = state.missing,
            unknown = state.unknown,
            "the statistics database's schema is not this binary's yet (a replica catching up?): /readyz reports it"
        );
    }
    app.use_stats_store(stats);
    tracing::info!("statistics are read from the statistics database (read-only)");
    Ok(())
}
