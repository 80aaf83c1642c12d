//! What every chapter of the story shares: rows to store, staff, keys, and a fresh database
//! on each backend.

use std::sync::Arc;

use zeri_crypto::{Keyring, MasterKey};
use zeri_domain::permission::Role;
use zeri_domain::report::{AgeBand, Category, ContactMethod, ReporterKind};
use zeri_storage::*;

pub fn report(n: u8) -> NewReportRow {
    NewReportRow {
        id: format!("r{n}"),
        case_ref: format!("ZR-{n:04}"),
        receipt_digest: [n; 32],
        created_at: 1_000 + n as i64,
        category: Category::Grooming,
        reporter: ReporterKind::Myself,
        age_band: AgeBand::From13To15,
        municipality: n.is_multiple_of(2).then(|| "Kukës".to_owned()),
        contact_method: ContactMethod::None,
        consent_cpo: n.is_multiple_of(2),
        consent_police: false,
        key_id: "k1".into(),
        sealed: vec![n, 1, 2, 3],
        case_key: None,
        channel: "online",
        org_id: "helpline".into(),
        evidence: Vec::new(),
        submission: None,
    }
}

pub fn event(report_id: &str, at: i64, action: &'static str, staff: Option<&str>) -> NewEvent {
    NewEvent {
        report_id: Some(report_id.into()),
        at,
        staff_id: staff.map(String::from),
        role: staff.map(|_| Role::Counsellor),
        org_id: staff.map(|_| "helpline".to_owned()),
        action,
        ..NewEvent::default()
    }
}

pub fn staff_row(id: &str, username: &str, role: Role, org: Option<&str>) -> StaffRow {
    StaffRow {
        id: id.into(),
        username: username.into(),
        role,
        password_hash: "$argon2id$x".into(),
        created_at: 1,
        disabled: false,
        org_id: org.map(String::from),
        profession: None,
        totp_sealed: None,
        totp_pending: None,
        totp_last_step: 0,
        created_by: None,
        confirmed_at: Some(1),
    }
}

pub fn keys() -> Arc<Keyring> {
    Arc::new(Keyring::new(MasterKey::generate()))
}

pub fn evidence_item(id: &str, report: &str, sha: char, matches: Vec<NewMatch>) -> NewEvidence {
    NewEvidence {
        id: id.into(),
        report_id: report.into(),
        message_id: None,
        received_at: 5_000,
        size: 10,
        kind: "image".into(),
        sha256: sha.to_string().repeat(64),
        md5: sha.to_string().repeat(32),
        pdq: Some("ab".repeat(32)),
        pdq_quality: Some(90),
        blob_key: format!("evidence/{id}"),
        key_id: "k1".into(),
        sealed: vec![1, 2],
        matches,
        inspection: InspectionOutcome::Done,
    }
}

/// A SQLite database in a folder of its own (kept while the folder is).
pub fn sqlite() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("zeri.db").display());
    (dir, url)
}

/// A fresh database on the PostgreSQL server named by `ZERI_TEST_POSTGRES_URL`.
pub async fn fresh_postgres() -> Option<String> {
    let Ok(admin) = std::env::var("ZERI_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").is_err(), "CI must run the PostgreSQL story: set ZERI_TEST_POSTGRES_URL");
        eprintln!("ZERI_TEST_POSTGRES_URL not set: PostgreSQL story not run");
        return None;
    };
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    let name = format!("zeri_story_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    Some(format!("{base}/{name}"))
}
