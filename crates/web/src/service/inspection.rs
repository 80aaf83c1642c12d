//! Inspection after the commit: images are decoded (PDQ and its seven dihedral variants,
//! bounded against bombs) and matched against the hash lists and earlier evidence once the
//! report or message that brought them is stored, so a child's receipt never waits for a
//! decoder, and a slow or hostile image holds up nobody else's report.
//!
//! Durable: the row says `pending` until its result is recorded (in one transaction with
//! the matches and an `evidence_inspected` custody entry, only if still pending, so two
//! instances never record it twice). The inspector runs when evidence commits, and at
//! start and every minute for anything left (a restart, a failed round).

use crate::service::evidence::{decode, Refusal, DECODE_TIMEOUT};
use crate::App;
use std::sync::Weak;
use std::time::Duration;
use zeri_hashing::{Hash256, QUALITY_THRESHOLD};
use zeri_storage::{
    EvidenceRow, Inspection, InspectionOutcome, MatchTarget, NewEvent, NewMatch, StoreError, EVIDENCE_MATCHES,
};

/// Looks for pending evidence this often even when nothing wakes it.
const ROUND_EVERY: Duration = Duration::from_secs(60);

/// Runs rounds while the application lives.
pub(crate) async fn run(app: Weak<App>) {
    loop {
        let Some(strong) = app.upgrade() else { return };
        if let Err(e) = inspect_pending(&strong).await {
            tracing::warn!(error = %e, "inspecting evidence failed; tried again in a minute");
        }
        let wake = strong.inspect_wake.clone();
        drop(strong);
        let _ = tokio::time::timeout(ROUND_EVERY, wake.notified()).await;
    }
}

/// Inspects everything pending; returns how many results this call recorded. A file that
/// cannot be read now (the evidence store unreachable) stays pending for the next round.
pub async fn inspect_pending(app: &App) -> Result<usize, StoreError> {
    let mut recorded = 0;
    let mut skip = std::collections::HashSet::new();
    loop {
        let batch: Vec<EvidenceRow> = app
            .store
            .pending_inspections(16 + skip.len() as i64)
            .await?
            .into_iter()
            .filter(|e| !skip.contains(&e.id))
            .collect();
        if batch.is_empty() {
            return Ok(recorded);
        }
        for row in batch {
            match inspect_one(app, &row).await {
                Ok(true) => recorded += 1,
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(evidence = %row.id, error = %e, "evidence not inspected yet; tried again later");
                    skip.insert(row.id.clone());
                }
            }
        }
    }
}

/// Decodes one file and records the result. `Ok(false)`: another instance recorded it.
async fn inspect_one(app: &App, row: &EvidenceRow) -> Result<bool, String> {
    let opened = read(app, row).await?;
    // The custody entry names the bytes as read now, like every other custody entry.
    let sha256_now = opened.as_deref().map(zeri_hashing::sha256_hex).unwrap_or_else(|| row.sha256.clone());
    let outcome = match opened {
        // A case erased, or a file that no longer opens: nothing to decode, ever.
        None => Err(Refusal::Damaged(1)),
        Some(bytes) => {
            let permit = app.decode_slots.clone().acquire_owned().await.map_err(|e| e.to_string())?;
            let work = tokio::task::spawn_blocking(move || {
                let _permit = permit;
                decode(&bytes, 1)
            });
            match tokio::time::timeout(DECODE_TIMEOUT, work).await {
                Ok(Ok(decoded)) => decoded,
                Ok(Err(e)) => return Err(format!("decoding failed: {e}")),
                // The thread finishes on its own, bounded by the decoder's limits.
                Err(_) => Err(Refusal::Bomb(1)),
            }
        }
    };
    let mut done = Inspection {
        evidence_id: row.id.clone(),
        outcome: InspectionOutcome::Done,
        pdq: None,
        pdq_quality: None,
        matches: Vec::new(),
    };
    let mut added = None;
    match outcome {
        Ok(Some((pdq, dihedrals))) => {
            done.pdq = Some(pdq.hash.to_hex());
            done.pdq_quality = Some(i64::from(pdq.quality));
            if pdq.quality >= QUALITY_THRESHOLD {
                let mut queries = vec![pdq.hash];
                queries.extend_from_slice(&dihedrals);
                done.matches = pdq_matches(app, row, &queries).await.map_err(|e| e.to_string())?;
            }
            added = Some(pdq.hash);
        }
        Ok(None) => {}
        Err(Refusal::Bomb(_)) => done.outcome = InspectionOutcome::Bomb,
        Err(_) => done.outcome = InspectionOutcome::Undecodable,
    }
    let event = NewEvent {
        report_id: Some(row.report_id.clone()),
        at: crate::now_ms(),
        action: "evidence_inspected",
        detail: Some(zeri_storage::custody_detail(&row.id, &sha256_now)),
        ..NewEvent::default()
    };
    let recorded = app.store.finish_inspection(&done, &event).await.map_err(|e| e.to_string())?;
    if let (true, Some(hash)) = (recorded, added) {
        app.matcher.add(MatchTarget::Evidence(row.id.clone()), hash);
        // Every other instance's matcher reads its hash from the database.
        app.store.bus().publish(zeri_storage::bus::Signal::Evidence { id: row.id.clone() });
    }
    Ok(recorded)
}

/// The file's bytes; `Ok(None)` when it can never be read (the case's key destroyed by
/// erasure, a file that does not open); `Err` when it may be readable later.
async fn read(app: &App, row: &EvidenceRow) -> Result<Option<Vec<u8>>, String> {
    let Some(report) = app.store.report(&row.report_id).await.map_err(|e| e.to_string())? else { return Ok(None) };
    if report.erased_at.is_some() {
        return Ok(None);
    }
    let sealer =
        zeri_storage::context::case_sealer(app.store.as_ref(), &app.keys, &report).await.map_err(|e| e.to_string())?;
    let sealed = app.blobs.get(&row.blob_key).await.map_err(|e| e.to_string())?;
    Ok(sealer.open(&sealed, zeri_storage::context::evidence_file(&row.id).as_bytes()).ok().map(|b| b.to_vec()))
}

/// PDQ matches not already recorded by the exact match at intake: every list entry, and
/// earlier evidence up to the cap, nearest first.
async fn pdq_matches(app: &App, row: &EvidenceRow, queries: &[Hash256]) -> Result<Vec<NewMatch>, StoreError> {
    let own = MatchTarget::Evidence(row.id.clone());
    let known: Vec<NewMatch> =
        app.store.exact_matches(&row.sha256, &row.md5).await?.into_iter().filter(|m| m.target != own).collect();
    let mut evidence = known.iter().filter(|m| matches!(m.target, MatchTarget::Evidence(_))).count() as i64;
    let mut found = app.matcher.find(queries);
    found.sort_by_key(|(_, d)| *d);
    let mut out: Vec<NewMatch> = Vec::new();
    let mut gone = Vec::new();
    for (target, distance) in found {
        let is_evidence = matches!(target, MatchTarget::Evidence(_));
        if target == own
            || known.iter().chain(out.iter()).any(|m| m.target == target)
            || (is_evidence && evidence >= EVIDENCE_MATCHES)
        {
            continue;
        }
        // The index may still hold evidence that erasure (by another instance, or by
        // `zeri retention run`) stripped of its hashes: the store decides, and the index
        // forgets it.
        if let MatchTarget::Evidence(id) = &target {
            if app.store.evidence(id).await?.is_none_or(|e| e.pdq.is_none()) {
                gone.push(id.clone());
                continue;
            }
        }
        evidence += i64::from(is_evidence);
        out.push(NewMatch { via: "pdq", distance: i64::from(distance), target });
    }
    app.matcher.forget(&gone);
    Ok(out)
}
