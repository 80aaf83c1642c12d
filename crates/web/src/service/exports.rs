//! Case packages for police or prosecution, and tracing a leaked one back to its export.
//!
//! A package is a zip: `case.json` (the case, its consent and referral record, the plan,
//! the chain of custody of the testimony and the case's audit trail), `README.txt` (the
//! visible footer: for whom, when, what it may be used for) and the testimony recording
//! when the exporter may read it, and the evidence: its manifest (digests, PDQ, chain of
//! custody) always, its files when the exporter may open them (each export enters their
//! chain of custody). A package with the child's identity or files needs a stated reason,
//! sealed on its `exported`, `identity-revealed` and `evidence_exported` entries, which
//! the child sees with their access log. Every export gets a 64-bit fingerprint bound to its
//! recipient and time, stored with the export and woven invisibly into every free text of
//! the package, and into every text that names the child however short (a name, a phone
//! number), with check bits keyed from the keyring (`zeri_crypto::watermark`), so a copy
//! whose footer was removed, or one field copied out alone, still names the export it came
//! from: `zeri leak-trace FILE`.

use crate::now_ms;
use crate::parts::format::datetime;
use crate::parts::i18n::Lang;
use crate::service::case::event;
use crate::service::case::invalid;
use crate::service::case::open_confidential;
use crate::service::case::permitted;
use crate::service::case::seal;
use crate::service::case::Fail;
use crate::service::case::Input;
use crate::service::case_data::case_data;
use crate::service::messages::history_text;
use crate::App;
use serde_json::{json, Value};
use std::io::{Cursor, Read, Write};
use zeri_crypto::watermark::{self, CheckKey, Fingerprint};
use zeri_domain::permission::OrgKind;
use zeri_domain::Action;
use zeri_storage::{ExportRow, StaffRow, Store};

/// Largest entry read from a file given to `leak-trace` (a zip bomb stops here).
const TRACE_ENTRY_LIMIT: u64 = 64 * 1024 * 1024;
/// How many entries of a zip `zeri leak-trace` reads at most (a package has a handful of
/// files and its evidence), and how much it reads in all: a hostile zip of a million empty
/// entries, or of many large ones, ends there.
const TRACE_MAX_ENTRIES: usize = 2_000;
const TRACE_TOTAL_LIMIT: u64 = 1024 * 1024 * 1024;

pub struct Package {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub fingerprint: Fingerprint,
}

fn fingerprint(app: &App, export_id: &str, recipient: &str, at: i64) -> Fingerprint {
    let d = app.keys.lookup_digest("export-fingerprint", format!("{export_id}\0{recipient}\0{at}").as_bytes());
    Fingerprint(d[..8].try_into().expect("8 bytes"))
}

/// The key of the fingerprints' check bits, from the keyring (kept by rotation).
pub fn check_key(keys: &zeri_crypto::Keyring) -> CheckKey {
    CheckKey(keys.lookup_digest("export-fingerprint-check", b"v2"))
}

/// Fields a person wrote or that identify the child: every string in them is marked,
/// however short (a name, a phone number, a place), so one copied out alone still traces.
const PERSONAL: &[&str] = &[
    "identity",
    "description",
    "platform",
    "links",
    "messages",
    "notes",
    "explained",
    "note",
    "reason",
    "answer",
    "meetings",
    "interviewer",
    "merged_cases",
];

/// Marks every string of a JSON value that a person wrote or that identifies the child
/// (within [`PERSONAL`]), and every other text of 12 characters or more.
fn mark(v: &mut Value, fp: Fingerprint, key: &CheckKey, personal: bool) {
    match v {
        Value::String(s) if !s.is_empty() && (personal || s.chars().count() >= 12) => *s = watermark::embed(s, fp, key),
        Value::Array(a) => a.iter_mut().for_each(|x| mark(x, fp, key, personal)),
        Value::Object(o) => {
            o.iter_mut().for_each(|(k, x)| mark(x, fp, key, personal || PERSONAL.contains(&k.as_str())))
        }
        _ => {}
    }
}

pub async fn build(app: &App, user: &StaffRow, id: &str, input: &Input, lang: Lang) -> Result<Package, Fail> {
    let c = permitted(app, user, id, Action::Export).await?;
    let to = input.get("recipient").ok_or_else(|| invalid("recipient", "required-choice"))?;
    let org = app
        .store
        .organisation(to.trim())
        .await?
        .filter(|o| matches!(o.kind, OrgKind::Police | OrgKind::Prosecution))
        .ok_or_else(|| invalid("recipient", "unknown-choice"))?;
    if !c.may_share_with(&org) {
        // Unlike a referral, an export offers no legal duty to choose: it follows one.
        return Err(invalid("recipient", "export-consent-required"));
    }
    // A package that names the child or carries their files reveals as much as revealing
    // the identity or opening each file: the same reason, asked before anything is read
    // for the package, sealed on each entry, shown to the child in their access log.
    let identities = {
        let conf = open_confidential(&c.sealer, &c.report)?;
        conf.name.is_some() || conf.contact.is_some() || conf.place.is_some()
    };
    let may_evidence = c.may(user, Action::ViewEvidence);
    // The files of the cases merged into this one are in the package too.
    let mut files = may_evidence && !app.store.evidence_for(id).await?.is_empty();
    if crate::service::merged::sees_merged_parts(&c) {
        for m in crate::service::merged::merged_ids(app, id).await? {
            files = files || (may_evidence && !app.store.evidence_for(&m).await?.is_empty());
        }
    }
    let reason = if identities || files {
        Some(zeri_domain::casework::validate_reason(input.get("reason")).map_err(Fail::Invalid)?)
    } else {
        None
    };
    let d = case_data(app, user, id).await?;
    let r = &d.case.report;
    let conf = d.confidential.as_ref().ok_or(Fail::Forbidden)?;
    let export_id = uuid::Uuid::new_v4().simple().to_string();
    let at = now_ms();
    let fp = fingerprint(app, &export_id, &org.id, at);
    let org_name = |id: &str| d.orgs.get(id).map(|o| o.name.clone()).unwrap_or_else(|| id.to_owned());
    let may_testimony = d.case.may(user, Action::ReadTestimony);
    let testimony_file = match (&d.testimony, may_testimony) {
        (Some(_), true) => crate::service::testimony::testimony_bytes(app, &d.case.sealer, id).await?,
        _ => None,
    };
    // Evidence: the manifest (digests, perceptual hash, custody) always; the files themselves
    // when the exporter may open them, each read back, re-hashed and entered in the chain
    // of custody as exported.
    // Each file with its own case's key: this case's, or a merged case's (and its reference).
    let mut merged_sealers = Vec::with_capacity(d.merged.len());
    for m in &d.merged {
        merged_sealers.push(crate::service::case::sealer_for(app, &m.id).await?);
    }
    let all_evidence: Vec<(&zeri_storage::EvidenceRow, &zeri_crypto::Sealer, Option<&str>)> = d
        .evidence
        .iter()
        .map(|e| (e, &d.case.sealer, None))
        .chain(
            d.merged
                .iter()
                .zip(&merged_sealers)
                .flat_map(|(m, s)| m.evidence.iter().map(move |e| (e, s, Some(m.case_ref.as_str())))),
        )
        .collect();
    let mut evidence_files: Vec<(String, Vec<u8>, String)> = Vec::new();
    if may_evidence {
        for (i, (e, sealer, _)) in all_evidence.iter().enumerate() {
            let sealed = app.blobs.get(&e.blob_key).await.map_err(|e| Fail::Internal(e.to_string()))?;
            let bytes = sealer
                .open(&sealed, zeri_storage::context::evidence_file(&e.id).as_bytes())
                .map_err(|e| Fail::Internal(e.to_string()))?
                .to_vec();
            let ext = match crate::service::evidence::Kind::content_type(&e.kind, &bytes) {
                "image/png" => "png",
                "image/jpeg" => "jpg",
                "image/gif" => "gif",
                "image/webp" => "webp",
                "application/pdf" => "pdf",
                "application/zip" => "zip",
                "text/plain; charset=utf-8" => "txt",
                _ => "bin",
            };
            let sha = zeri_hashing::sha256_hex(&bytes);
            evidence_files.push((format!("evidence/{:02}-{}.{ext}", i + 1, &e.id[..8]), bytes, sha));
        }
    }
    let custody = |id: &str| -> Vec<Value> {
        d.events
            .iter()
            .filter(|e| e.action.starts_with("evidence_"))
            .filter_map(|e| {
                let (eid, sha) = zeri_storage::parse_custody_detail(e.detail.as_deref()?)?;
                (eid == id).then(|| {
                    json!({ "at": datetime(e.at), "what": e.action, "sha256": sha,
                    "by": e.staff_id.as_ref().and_then(|s| d.staff.get(s)).map(|s| s.username.clone()) })
                })
            })
            .collect()
    };
    let evidence: Vec<Value> = all_evidence
        .iter()
        .enumerate()
        .map(|(i, (e, _, from))| {
            json!({
                "file": evidence_files.get(i).map(|f| f.0.clone()),
                "from_merged_case": from,
                "kind": e.kind, "size": e.size, "received": datetime(e.received_at),
                "sha256": e.sha256, "md5": e.md5, "pdq": e.pdq, "pdq_quality": e.pdq_quality,
                "sha256_at_export": evidence_files.get(i).map(|f| f.2.clone()),
                "custody": custody(&e.id),
            })
        })
        .collect();
    let mut case = json!({
        "case_ref": r.case_ref,
        "received": datetime(r.created_at),
        "stage": r.stage.as_str(),
        "urgency": r.urgency.as_str(),
        "category": r.category.as_str(),
        "age_band": r.age_band.as_str(),
        "reporter": r.reporter.as_str(),
        "municipality": r.municipality,
        "when": conf.when.as_str(),
        "description": conf.description,
        "platform": conf.platform,
        "links": conf.links,
        "identity": { "name": conf.name, "contact": conf.contact, "place": conf.place },
        "messages": d.messages.as_ref().map(|ms| ms.iter().map(|m| json!({
            "from": if m.mine { "team" } else { "child" }, "at": datetime(m.at), "body": m.body })).collect::<Vec<_>>()),
        "notes": d.notes.iter().map(|n| json!({ "at": datetime(n.at), "author": n.author, "body": n.body })).collect::<Vec<_>>(),
        "consents": d.consents.iter().map(|v| json!({
            "recipient": v.row.kind.as_str(), "org": v.row.org_id.as_deref().map(org_name), "giver": v.row.giver.as_str(),
            "decision": v.row.decision.as_str(), "at": datetime(v.row.at), "explained": v.explained })).collect::<Vec<_>>(),
        "referrals": d.referrals.iter().map(|f| json!({
            "to": org_name(&f.row.to_org), "status": f.row.status.as_str(), "legal_duty": f.row.legal_duty.map(|l| l.as_str()),
            "sent": datetime(f.row.created_at), "note": f.text.note, "reason": f.text.reason, "answer": f.answer })).collect::<Vec<_>>(),
        "meetings": d.meetings.iter().map(|m| json!({
            "attendees": m.text.attendees, "decisions": m.text.decisions, "actions": m.text.actions })).collect::<Vec<_>>(),
        "testimony": d.testimony.as_ref().map(|(t, meta)| json!({
            "file": testimony_file.as_ref().map(|_| format!("testimony/{}", meta.file_name)),
            "sha256": t.sha256, "size": t.size, "interviewer": meta.interviewer, "notes": meta.notes })),
        "evidence": evidence,
        "merged_cases": d.merged.iter().map(|m| json!({
            "case_ref": m.case_ref, "merged": datetime(m.merged_at),
            "notes": m.notes.iter().map(|n| json!({ "at": datetime(n.at), "author": n.author, "body": n.body })).collect::<Vec<_>>(),
            "tasks": m.tasks.iter().map(|t| json!({ "title": t.title, "owner": t.owner, "due_on": t.row.due_on,
                "done": t.row.done_at.is_some() })).collect::<Vec<_>>(),
            "testimony": m.testimony.as_ref().map(|(t, meta)| json!({
                "sha256": t.sha256, "size": t.size, "interviewer": meta.interviewer, "notes": meta.notes })),
        })).collect::<Vec<_>>(),
        "audit_trail": d.events.iter().map(|e| json!({
            "seq": e.seq, "at": datetime(e.at), "what": history_text(lang, e, &d.orgs) })).collect::<Vec<_>>(),
    });
    let key = check_key(&app.keys);
    mark(&mut case, fp, &key, false);
    let footer = lang.t_args(
        "export-footer",
        &[
            ("org", org.name.clone().into()),
            ("time", datetime(at).into()),
            ("export", export_id.clone().into()),
            ("case", r.case_ref.clone().into()),
        ],
    );
    let document =
        json!({ "export": { "id": export_id, "recipient": org.name, "prepared": datetime(at) }, "case": case });
    let readme = watermark::embed(&format!("{footer}\n\n{}\n", lang.t("export-readme")), fp, &key);

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let write = |zip: &mut zip::ZipWriter<Cursor<Vec<u8>>>, name: &str, bytes: &[u8]| -> Result<(), Fail> {
        zip.start_file(name, opts).map_err(|e| Fail::Internal(e.to_string()))?;
        zip.write_all(bytes).map_err(|e| Fail::Internal(e.to_string()))
    };
    write(&mut zip, "README.txt", readme.as_bytes())?;
    write(&mut zip, "case.json", serde_json::to_string_pretty(&document).expect("json").as_bytes())?;
    if let (Some(file), Some((_, meta))) = (&testimony_file, &d.testimony) {
        write(&mut zip, &format!("testimony/{}", meta.file_name), file)?;
    }
    for (name, bytes, _) in &evidence_files {
        write(&mut zip, name, bytes)?;
    }
    let bytes = zip.finish().map_err(|e| Fail::Internal(e.to_string()))?.into_inner();

    let row = ExportRow {
        id: export_id,
        report_id: id.to_owned(),
        recipient_org: org.id.clone(),
        created_by: user.id.clone(),
        created_at: at,
        fingerprint: fp.to_hex(),
    };
    let with_reason = |mut e: zeri_storage::NewEvent| {
        e.sealed = reason.as_ref().map(|r| seal(&d.case.sealer, &zeri_storage::context::audit_reason(id), r));
        e
    };
    let mut events = vec![with_reason(event(user, id, "exported", Some(&org.id)))];
    if identities {
        events.push(with_reason(event(user, id, "identity-revealed", None)));
    }
    for ((e, _, _), (_, _, sha)) in all_evidence.iter().zip(&evidence_files) {
        let detail = zeri_storage::custody_detail(&e.id, sha);
        events.push(with_reason(event(user, id, "evidence_exported", Some(&detail))));
    }
    app.store.insert_export(&row, &events).await?;
    tracing::info!(staff = %user.id, "case package exported");
    let date = &datetime(at)[..10];
    Ok(Package { file_name: format!("zeri-{}-{}.zip", r.case_ref, date), bytes, fingerprint: fp })
}

/// Every fingerprint in a file: each entry of a zip, or the file as text.
pub fn fingerprints_in(bytes: &[u8], key: &CheckKey) -> Vec<Fingerprint> {
    scan(bytes, key, TRACE_MAX_ENTRIES, TRACE_TOTAL_LIMIT).0
}

/// The fingerprints in `bytes` (a zip's entries, each read at most `TRACE_ENTRY_LIMIT`,
/// at most `max_entries` of them and `max_total` bytes in all, then the raw bytes), and
/// how many entries were read.
fn scan(bytes: &[u8], key: &CheckKey, max_entries: usize, max_total: u64) -> (Vec<Fingerprint>, usize) {
    let mut found: Vec<Fingerprint> = Vec::new();
    let mut add = |text: &str| {
        for fp in watermark::extract(text, key) {
            if !found.contains(&fp) {
                found.push(fp);
            }
        }
    };
    let mut read = 0;
    if let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) {
        let mut budget = max_total;
        for i in 0..archive.len().min(max_entries) {
            let Ok(entry) = archive.by_index(i) else { continue };
            let mut buf = Vec::new();
            if entry.take(TRACE_ENTRY_LIMIT.min(budget)).read_to_end(&mut buf).is_ok() {
                read += 1;
                budget -= buf.len() as u64;
                add(&String::from_utf8_lossy(&buf));
            }
            if budget == 0 {
                break;
            }
        }
    }
    // Also the raw bytes: a damaged zip, or any other file with the text inside.
    add(&String::from_utf8_lossy(bytes));
    (found, read)
}

/// The exports whose fingerprints are in `bytes`.
pub async fn trace(
    store: &dyn Store,
    keys: &zeri_crypto::Keyring,
    bytes: &[u8],
) -> Result<Vec<ExportRow>, zeri_storage::StoreError> {
    let mut out = Vec::new();
    for fp in fingerprints_in(bytes, &check_key(keys)) {
        if let Some(row) = store.export_by_fingerprint(&fp.to_hex()).await? {
            out.push(row);
        }
    }
    Ok(out)
}

/// Reads the package's JSON without its invisible marks (tests and tools).
pub fn read_zip_entry(bytes: &[u8], name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut entry = archive.by_name(name).ok()?;
    let mut s = String::new();
    entry.read_to_string(&mut s).ok()?;
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: usize, each: usize) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for i in 0..entries {
            w.start_file(format!("f{i}"), opts).unwrap();
            w.write_all(&vec![b'a'; each]).unwrap();
        }
        w.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn a_hostile_zip_is_read_only_so_far() {
        let key = CheckKey([1; 32]);
        assert_eq!(scan(&zip_of(50, 10), &key, 2_000, 1 << 30).1, 50, "an ordinary package is read whole");
        assert_eq!(scan(&zip_of(3_000, 1), &key, 2_000, 1 << 30).1, 2_000, "no more entries than the limit");
        assert_eq!(scan(&zip_of(10, 1000), &key, 2_000, 2_500).1, 3, "no more bytes than the budget");
    }
}
