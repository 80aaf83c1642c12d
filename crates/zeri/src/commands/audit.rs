use crate::*;
use anyhow::{Context, Result};
use std::fs;
use zeri_storage::{LegacyAudit, NewEvent};

pub(crate) async fn audit_verify(args: AuditVerifyArgs) -> Result<()> {
    let data = args.data;
    let keys = data.existing_keys()?;
    let store = data.store_unchecked(keys.clone()).await?;
    match store.legacy_audit().await? {
        LegacyAudit::None => {}
        LegacyAudit::Pending(n) => {
            println!(
                "audit log not chained yet: {n} entries from the first schema; run `zeri audit chain-legacy` once"
            );
            std::process::exit(1);
        }
        LegacyAudit::Tampered => {
            println!("audit log TAMPERED: a legacy marker was set on a chained log (nothing was re-linked)");
            if let Err(broken) = zeri_storage::verify_chain(store.as_ref(), &keys).await? {
                println!("audit log BROKEN at {broken}");
            }
            std::process::exit(1);
        }
    }
    let n = match zeri_storage::verify_chain(store.as_ref(), &keys).await? {
        Ok(n) => n,
        Err(broken) => {
            println!("audit log BROKEN at {broken}");
            std::process::exit(1);
        }
    };
    // The head is in the same database: only a checkpoint kept elsewhere shows a cut tail.
    let file = data.checkpoint_file();
    let (mut found, mut forged) = file.read(&keys).with_context(|| format!("reading {}", file.path.display()))?;
    for path in &args.checkpoints {
        let text = if path.as_os_str() == "-" {
            std::io::read_to_string(std::io::stdin()).context("reading checkpoints from standard input")?
        } else {
            fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?
        };
        let (more, bad) = zeri_storage::find_checkpoints(&text, &keys);
        found.extend(more);
        forged += bad;
    }
    if forged > 0 {
        println!("warning: {forged} checkpoint lines are not signed with this key and were ignored");
    }
    let Some(latest) = zeri_storage::latest_checkpoint(&found).cloned() else {
        println!("audit log intact: {n} entries, each linked to the one before (no checkpoint to compare with yet)");
        return Ok(());
    };
    let when = zeri_web::format_datetime(latest.at);
    match zeri_storage::verify_tail(store.as_ref(), &keys, &latest).await? {
        zeri_storage::TailCheck::Intact { .. } => {
            println!(
                "audit log intact: {n} entries, each linked to the one before; it reaches the latest checkpoint \
                 (entry {}, {when})",
                latest.seq
            );
            Ok(())
        }
        zeri_storage::TailCheck::Missing { missing, last } => {
            println!(
                "audit log BROKEN: {missing} entries missing: the log ends at entry {last}, but a checkpoint \
                 signed entry {} on {when}",
                latest.seq
            );
            std::process::exit(1);
        }
        zeri_storage::TailCheck::Broken(b) => {
            println!("audit log BROKEN at {b} (against the checkpoint of entry {}, {when})", latest.seq);
            std::process::exit(1);
        }
    }
}

pub(crate) async fn leak_trace(args: LeakTraceArgs) -> Result<()> {
    let bytes = fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let keys = args.data.existing_keys()?;
    let store = args.data.store(keys.clone()).await?;
    let found = zeri_web::trace_export(store.as_ref(), &keys, &bytes).await?;
    if found.is_empty() {
        println!("no export fingerprint found in {}", args.file.display());
        std::process::exit(1);
    }
    for e in &found {
        let org =
            store.organisation(&e.recipient_org).await?.map(|o| o.name).unwrap_or_else(|| e.recipient_org.clone());
        let by = store.staff_by_id(&e.created_by).await?.map(|s| s.username).unwrap_or_else(|| e.created_by.clone());
        let case = store.report(&e.report_id).await?.map(|r| r.case_ref).unwrap_or_default();
        println!("export {}", e.id);
        println!("  recipient:   {org} ({})", e.recipient_org);
        println!("  exported at: {} (Unix ms {})", zeri_web::format_datetime(e.created_at), e.created_at);
        println!("  case:        {case}");
        println!("  prepared by: {by}");
        println!("  fingerprint: {}", e.fingerprint);
        let event = NewEvent {
            report_id: Some(e.report_id.clone()),
            at: zeri_storage::now_ms(),
            action: "leak-traced",
            detail: Some(e.id.clone()),
            ..NewEvent::default()
        };
        store.record_event(&event).await?;
    }
    Ok(())
}

/// `zeri audit chain-legacy`: the one-time, explicit link of a first-schema log.
pub(crate) async fn audit_chain_legacy(data: DataArgs) -> Result<()> {
    let keys = data.existing_keys()?;
    let store = data.store_unchecked(keys.clone()).await?;
    let n = store.chain_legacy_audit().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    store
        .record_event(&NewEvent {
            at: zeri_storage::now_ms(),
            action: "audit-legacy-chained",
            detail: Some(n.to_string()),
            ..NewEvent::default()
        })
        .await?;
    println!("chained {n} audit entries from the first schema; run `zeri audit verify`");
    Ok(())
}
