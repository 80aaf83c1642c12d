//! What this instance does with the signals of the bus (`zeri_storage::bus`): every signal,
//! its own and (on PostgreSQL) every other instance's, ends here, and each is acted on by
//! reading the database; a signal carries ids only.
//!
//! | signal | here |
//! |---|---|
//! | `Chat`, `Typing` | the chat streams of that report look again / show the typing mark |
//! | `Evidence` | its PDQ hash is read and added to the matcher |
//! | `HashLists` | entries imported since the last look are added to the matcher |
//! | `Directory` | the directory is rebuilt if its version changed |
//! | `Mail`, `Inspect` | the e-mail sender / the inspector looks now |
//! | `Erased` | the case's evidence leaves the matcher, its chat streams end, the binary's hook (the case-key copy) is told |
//! | `Resync` | all of it: the matcher rebuilt, every chat stream looks again, the directory, mail and inspection |
//!
//! `Keys` is the binary's: it reads the key file (`zeri serve`'s key watch).

use crate::App;
use std::sync::Weak;
use tokio::sync::broadcast::error::RecvError;
use zeri_storage::bus::Signal;

/// Acts on signals while the application lives.
pub(crate) async fn run(app: Weak<App>, mut rx: tokio::sync::broadcast::Receiver<Signal>) {
    loop {
        let signal = match rx.recv().await {
            Ok(s) => s,
            // Too many at once: some were dropped, so read everything again.
            Err(RecvError::Lagged(_)) => Signal::Resync,
            Err(RecvError::Closed) => return,
        };
        let Some(app) = app.upgrade() else { return };
        if let Err(e) = handle(&app, signal).await {
            tracing::warn!(error = %e, "acting on a signal failed; the periodic looks catch up");
        }
    }
}

/// Acts on one signal.
pub async fn handle(app: &App, signal: Signal) -> Result<(), zeri_storage::StoreError> {
    match signal {
        Signal::Chat { report } => app.chat.local(&report, None),
        Signal::Typing { report, author } => app.chat.local(&report, Some(author)),
        Signal::Evidence { id } => {
            app.matcher.add_from_store(app.store.as_ref(), &id).await?;
        }
        Signal::HashLists => {
            app.matcher.refresh_lists(app.store.as_ref()).await?;
        }
        Signal::Directory => {
            crate::service::directory::reload(app).await?;
        }
        Signal::Mail => app.mail_wake.notify_one(),
        Signal::Inspect => app.inspect_wake.notify_one(),
        Signal::Keys => {}
        Signal::Erased { report } => {
            let evidence: Vec<String> = app.store.evidence_for(&report).await?.into_iter().map(|e| e.id).collect();
            forget(app, std::slice::from_ref(&report), &evidence);
        }
        Signal::Resync => {
            app.chat.local(crate::parts::hub::ALL, None);
            app.mail_wake.notify_one();
            app.inspect_wake.notify_one();
            app.matcher.reload(app.store.as_ref()).await?;
            crate::service::directory::reload(app).await?;
        }
    }
    Ok(())
}

/// Cases this instance has just erased (`cases`, with their evidence): what it keeps of them
/// outside the database goes now, before the caller answers, and every other instance is
/// told (`Erased`) to do the same. The only path after an erasure: retention passes and
/// erasure at the child's request both end here.
pub fn erased(app: &App, cases: &[String], evidence: &[String]) {
    forget(app, cases, evidence);
    for case in cases {
        app.store.bus().tell_others(Signal::Erased { report: case.clone() });
    }
}

/// Drops the erased cases' evidence from the matcher, ends their chat streams here and
/// tells the binary's hook (which forgets their keys in the case-key copy beside this
/// instance's key file). Safe to repeat.
fn forget(app: &App, cases: &[String], evidence: &[String]) {
    app.matcher.forget(evidence);
    for case in cases {
        app.chat.end(case);
    }
    if let Some(hook) = app.on_erased.get() {
        hook(cases);
    }
}
