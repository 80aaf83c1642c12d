//! Case work across agencies: organisations, notes, tasks, consent, referrals, the case
//! team, planning meetings, the one testimony, and exports. Every write appends its audit
//! entry in the same transaction. Same SQL for both backends, as in `sql.rs`.

use sqlx::Row;
use zeri_domain::casework::{ConsentDecision, ConsentGiver, LegalDuty, Outcome, ReferralStatus};
use zeri_domain::directory::ServiceKind;
use zeri_domain::permission::OrgKind;

use crate::model::*;
use crate::sql::{corrupt, PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

#[async_trait::async_trait]
pub trait CaseStore: Send + Sync {
    async fn organisations(&self) -> Result<Vec<OrgRow>>;
    async fn organisation(&self, id: &str) -> Result<Option<OrgRow>>;
    /// `Conflict` when the id exists.
    async fn insert_organisation(&self, org: &OrgRow, event: &NewEvent) -> Result<()>;

    async fn insert_note(&self, note: &NoteRow, event: &NewEvent) -> Result<()>;
    async fn notes(&self, report_id: &str) -> Result<Vec<NoteRow>>;

    async fn insert_task(&self, task: &TaskRow, event: &NewEvent) -> Result<()>;
    /// Marks a task of that report done; `Conflict` when it already was, `NotFound` when
    /// there is no such task on that report.
    async fn complete_task(&self, task_id: &str, report_id: &str, at: Millis, event: &NewEvent) -> Result<()>;
    async fn tasks(&self, report_id: &str) -> Result<Vec<TaskRow>>;
    /// Open tasks owned by the user or by a colleague of the same organisation.
    async fn open_tasks(&self, staff_id: &str, org_id: Option<&str>) -> Result<Vec<TaskRow>>;

    async fn insert_consent(&self, consent: &ConsentRow, event: &NewEvent) -> Result<()>;
    async fn consents(&self, report_id: &str) -> Result<Vec<ConsentRow>>;

    async fn insert_referral(&self, referral: &ReferralRow, event: &NewEvent) -> Result<()>;
    /// Moves a referral of that report from `from` to `to`; `Conflict` when it is no longer
    /// at `from`. `handler` names who handles it (when accepted).
    #[allow(clippy::too_many_arguments)]
    async fn answer_referral(
        &self,
        id: &str,
        report_id: &str,
        from: ReferralStatus,
        to: ReferralStatus,
        answer_sealed: Option<&[u8]>,
        handler: Option<&str>,
        at: Millis,
        event: &NewEvent,
    ) -> Result<()>;
    async fn referrals(&self, report_id: &str) -> Result<Vec<ReferralRow>>;

    /// `Conflict` when already a member.
    async fn add_team_member(&self, member: &TeamMemberRow, event: &NewEvent) -> Result<()>;
    async fn team(&self, report_id: &str) -> Result<Vec<TeamMemberRow>>;

    async fn insert_meeting(&self, meeting: &MeetingRow, event: &NewEvent) -> Result<()>;
    async fn meetings(&self, report_id: &str) -> Result<Vec<MeetingRow>>;

    async fn testimony(&self, report_id: &str) -> Result<Option<TestimonyRow>>;
    /// The file of a testimony stored before 0028, sealed in one piece; `None` once it has
    /// moved to the blob store (see [`crate::testimony`]) or for one stored there.
    async fn testimony_file(&self, report_id: &str) -> Result<Option<Vec<u8>>>;

    /// Records an export with its audit entries (the export, and one `evidence_exported`
    /// custody entry per evidence file in the package), in one transaction.
    async fn insert_export(&self, export: &ExportRow, events: &[NewEvent]) -> Result<()>;

    async fn insert_outcome(&self, outcome: &OutcomeRow, event: &NewEvent) -> Result<()>;
    /// The outcomes of a case, in the order they happened.
    async fn outcomes(&self, report_id: &str) -> Result<Vec<OutcomeRow>>;
    async fn export_by_fingerprint(&self, fingerprint: &str) -> Result<Option<ExportRow>>;
}

macro_rules! impl_cases {
    ($store:ty, $row:ty) => {
        impl $store {
            fn org_row(r: &$row) -> Result<OrgRow> {
                Ok(OrgRow {
                    id: r.try_get("id")?,
                    kind: OrgKind::parse(r.try_get("kind")?).ok_or_else(|| corrupt("organisation kind"))?,
                    name: r.try_get("name")?,
                    municipality: r.try_get("municipality")?,
                    demo: r.try_get("demo")?,
                })
            }

            fn task_row(r: &$row) -> Result<TaskRow> {
                Ok(TaskRow {
                    id: r.try_get("id")?,
                    report_id: r.try_get("report_id")?,
                    owner_id: r.try_get("owner_id")?,
                    created_by: r.try_get("created_by")?,
                    created_at: r.try_get("created_at")?,
                    due_on: r.try_get("due_on")?,
                    done_at: r.try_get("done_at")?,
                    sealed: r.try_get("sealed")?,
                })
            }

            fn referral_row(r: &$row) -> Result<ReferralRow> {
                let duty: Option<String> = r.try_get("legal_duty")?;
                Ok(ReferralRow {
                    id: r.try_get("id")?,
                    report_id: r.try_get("report_id")?,
                    to_org: r.try_get("to_org")?,
                    status: ReferralStatus::parse(r.try_get("status")?).ok_or_else(|| corrupt("referral status"))?,
                    legal_duty: duty.map(|d| LegalDuty::parse(&d).ok_or_else(|| corrupt("legal duty"))).transpose()?,
                    created_by: r.try_get("created_by")?,
                    created_at: r.try_get("created_at")?,
                    updated_at: r.try_get("updated_at")?,
                    sealed: r.try_get("sealed")?,
                    answer_sealed: r.try_get("answer_sealed")?,
                    handled_by: r.try_get("handled_by")?,
                })
            }

            fn note_row(r: &$row) -> Result<NoteRow> {
                Ok(NoteRow {
                    id: r.try_get("id")?,
                    report_id: r.try_get("report_id")?,
                    staff_id: r.try_get("staff_id")?,
                    at: r.try_get("at")?,
                    sealed: r.try_get("sealed")?,
                })
            }

            fn consent_row(r: &$row) -> Result<ConsentRow> {
                Ok(ConsentRow {
                    id: r.try_get("id")?,
                    report_id: r.try_get("report_id")?,
                    kind: OrgKind::parse(r.try_get("kind")?).ok_or_else(|| corrupt("consent kind"))?,
                    org_id: r.try_get("org_id")?,
                    giver: ConsentGiver::parse(r.try_get("giver")?).ok_or_else(|| corrupt("consent giver"))?,
                    decision: ConsentDecision::parse(r.try_get("decision")?)
                        .ok_or_else(|| corrupt("consent decision"))?,
                    at: r.try_get("at")?,
                    recorded_by: r.try_get("recorded_by")?,
                    sealed: r.try_get("sealed")?,
                })
            }

            fn member_row(r: &$row) -> Result<TeamMemberRow> {
                Ok(TeamMemberRow {
                    report_id: r.try_get("report_id")?,
                    staff_id: r.try_get("staff_id")?,
                    added_by: r.try_get("added_by")?,
                    added_at: r.try_get("added_at")?,
                })
            }

            fn meeting_row(r: &$row) -> Result<MeetingRow> {
                Ok(MeetingRow {
                    id: r.try_get("id")?,
                    report_id: r.try_get("report_id")?,
                    held_on: r.try_get("held_on")?,
                    recorded_by: r.try_get("recorded_by")?,
                    created_at: r.try_get("created_at")?,
                    sealed: r.try_get("sealed")?,
                })
            }

            fn testimony_row(r: &$row) -> Result<TestimonyRow> {
                Ok(TestimonyRow {
                    report_id: r.try_get("report_id")?,
                    recorded_on: r.try_get("recorded_on")?,
                    recorded_by: r.try_get("recorded_by")?,
                    created_at: r.try_get("created_at")?,
                    size: r.try_get("size")?,
                    sha256: r.try_get("sha256")?,
                    sealed_meta: r.try_get("sealed_meta")?,
                })
            }

            fn outcome_row(r: &$row) -> Result<OutcomeRow> {
                let kind: Option<String> = r.try_get("support_kind")?;
                Ok(OutcomeRow {
                    id: r.try_get("id")?,
                    report_id: r.try_get("report_id")?,
                    outcome: Outcome::parse(r.try_get("outcome")?).ok_or_else(|| corrupt("outcome"))?,
                    support_kind: kind
                        .map(|k| ServiceKind::parse(&k).ok_or_else(|| corrupt("support kind")))
                        .transpose()?,
                    occurred_on: r.try_get("occurred_on")?,
                    recorded_by: r.try_get("recorded_by")?,
                    recorded_at: r.try_get("recorded_at")?,
                })
            }

            fn export_row(r: &$row) -> Result<ExportRow> {
                Ok(ExportRow {
                    id: r.try_get("id")?,
                    report_id: r.try_get("report_id")?,
                    recipient_org: r.try_get("recipient_org")?,
                    created_by: r.try_get("created_by")?,
                    created_at: r.try_get("created_at")?,
                    fingerprint: r.try_get("fingerprint")?,
                })
            }
        }

        #[async_trait::async_trait]
        impl CaseStore for $store {
            async fn organisations(&self) -> Result<Vec<OrgRow>> {
                let rows = sqlx::query("SELECT * FROM organisations ORDER BY kind, name").fetch_all(&self.pool).await?;
                rows.iter().map(Self::org_row).collect()
            }

            async fn organisation(&self, id: &str) -> Result<Option<OrgRow>> {
                self.row_by("SELECT * FROM organisations WHERE id = $1", id, Self::org_row).await
            }

            async fn insert_organisation(&self, o: &OrgRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query("INSERT INTO organisations (id, kind, name, municipality, demo) VALUES ($1, $2, $3, $4, $5)")
                        .bind(&o.id)
                        .bind(o.kind.as_str())
                        .bind(&o.name)
                        .bind(&o.municipality)
                        .bind(o.demo),
                    event,
                    None,
                )
                .await
            }

            async fn insert_note(&self, n: &NoteRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query("INSERT INTO case_notes (id, report_id, staff_id, at, sealed) VALUES ($1, $2, $3, $4, $5)")
                        .bind(&n.id)
                        .bind(&n.report_id)
                        .bind(&n.staff_id)
                        .bind(n.at)
                        .bind(&n.sealed),
                    event,
                    None,
                )
                .await
            }

            async fn notes(&self, report_id: &str) -> Result<Vec<NoteRow>> {
                self.rows_by(
                    "SELECT * FROM case_notes WHERE report_id = $1 ORDER BY at, id",
                    report_id,
                    Self::note_row,
                )
                .await
            }

            async fn insert_task(&self, t: &TaskRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "INSERT INTO tasks (id, report_id, owner_id, created_by, created_at, due_on, done_at, sealed) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(&t.id)
                    .bind(&t.report_id)
                    .bind(&t.owner_id)
                    .bind(&t.created_by)
                    .bind(t.created_at)
                    .bind(t.due_on)
                    .bind(t.done_at)
                    .bind(&t.sealed),
                    event,
                    None,
                )
                .await
            }

            async fn complete_task(&self, task_id: &str, report_id: &str, at: Millis, event: &NewEvent) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query("UPDATE tasks SET done_at = $1 WHERE id = $2 AND report_id = $3 AND done_at IS NULL")
                    .bind(at)
                    .bind(task_id)
                    .bind(report_id)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() != 1 {
                    let exists = sqlx::query("SELECT 1 FROM tasks WHERE id = $1 AND report_id = $2")
                        .bind(task_id)
                        .bind(report_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                    return Err(if exists.is_some() {
                        StoreError::Conflict { constraint: "tasks.done_at".into() }
                    } else {
                        StoreError::NotFound
                    });
                }
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn tasks(&self, report_id: &str) -> Result<Vec<TaskRow>> {
                self.rows_by(
                    "SELECT * FROM tasks WHERE report_id = $1 ORDER BY done_at IS NOT NULL, due_on, id",
                    report_id,
                    Self::task_row,
                )
                .await
            }

            async fn open_tasks(&self, staff_id: &str, org_id: Option<&str>) -> Result<Vec<TaskRow>> {
                let rows = sqlx::query(
                    "SELECT t.* FROM tasks t JOIN reports r ON r.id = t.report_id \
                     WHERE t.done_at IS NULL AND r.erased_at IS NULL AND (t.owner_id = $1 OR t.owner_id IN \
                     (SELECT s.id FROM staff s WHERE s.org_id = $2)) ORDER BY t.due_on, t.id LIMIT 500",
                )
                .bind(staff_id)
                .bind(org_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::task_row).collect()
            }

            async fn insert_consent(&self, c: &ConsentRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "INSERT INTO consents (id, report_id, kind, org_id, giver, decision, at, recorded_by, sealed) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    )
                    .bind(&c.id)
                    .bind(&c.report_id)
                    .bind(c.kind.as_str())
                    .bind(&c.org_id)
                    .bind(c.giver.as_str())
                    .bind(c.decision.as_str())
                    .bind(c.at)
                    .bind(&c.recorded_by)
                    .bind(&c.sealed),
                    event,
                    None,
                )
                .await
            }

            async fn consents(&self, report_id: &str) -> Result<Vec<ConsentRow>> {
                self.rows_by(
                    "SELECT * FROM consents WHERE report_id = $1 ORDER BY at, id",
                    report_id,
                    Self::consent_row,
                )
                .await
            }

            async fn insert_referral(&self, f: &ReferralRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "INSERT INTO referrals (id, report_id, to_org, status, legal_duty, created_by, created_at, updated_at, \
                         sealed, answer_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(&f.id)
                    .bind(&f.report_id)
                    .bind(&f.to_org)
                    .bind(f.status.as_str())
                    .bind(f.legal_duty.map(LegalDuty::as_str))
                    .bind(&f.created_by)
                    .bind(f.created_at)
                    .bind(f.updated_at)
                    .bind(&f.sealed)
                    .bind(&f.answer_sealed),
                    event,
                    None,
                )
                .await
            }

            async fn answer_referral(
                &self,
                id: &str,
                report_id: &str,
                from: ReferralStatus,
                to: ReferralStatus,
                answer_sealed: Option<&[u8]>,
                handler: Option<&str>,
                at: Millis,
                event: &NewEvent,
            ) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let done = sqlx::query(
                    "UPDATE referrals SET status = $1, answer_sealed = COALESCE($2, answer_sealed), updated_at = $3, \
                     handled_by = COALESCE($7, handled_by) WHERE id = $4 AND report_id = $5 AND status = $6",
                )
                .bind(to.as_str())
                .bind(answer_sealed)
                .bind(at)
                .bind(id)
                .bind(report_id)
                .bind(from.as_str())
                .bind(handler)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Conflict { constraint: "referrals.status".into() });
                }
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn referrals(&self, report_id: &str) -> Result<Vec<ReferralRow>> {
                self.rows_by(
                    "SELECT * FROM referrals WHERE report_id = $1 ORDER BY created_at, id",
                    report_id,
                    Self::referral_row,
                )
                .await
            }

            async fn add_team_member(&self, m: &TeamMemberRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query("INSERT INTO team_members (report_id, staff_id, added_by, added_at) VALUES ($1, $2, $3, $4)")
                        .bind(&m.report_id)
                        .bind(&m.staff_id)
                        .bind(&m.added_by)
                        .bind(m.added_at),
                    event,
                    None,
                )
                .await
            }

            async fn team(&self, report_id: &str) -> Result<Vec<TeamMemberRow>> {
                self.rows_by(
                    "SELECT * FROM team_members WHERE report_id = $1 ORDER BY added_at, staff_id",
                    report_id,
                    Self::member_row,
                )
                .await
            }

            async fn insert_meeting(&self, m: &MeetingRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "INSERT INTO meetings (id, report_id, held_on, recorded_by, created_at, sealed) VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(&m.id)
                    .bind(&m.report_id)
                    .bind(m.held_on)
                    .bind(&m.recorded_by)
                    .bind(m.created_at)
                    .bind(&m.sealed),
                    event,
                    None,
                )
                .await
            }

            async fn meetings(&self, report_id: &str) -> Result<Vec<MeetingRow>> {
                self.rows_by(
                    "SELECT * FROM meetings WHERE report_id = $1 ORDER BY held_on, created_at",
                    report_id,
                    Self::meeting_row,
                )
                .await
            }

            async fn testimony(&self, report_id: &str) -> Result<Option<TestimonyRow>> {
                self.row_by(
                    "SELECT report_id, recorded_on, recorded_by, created_at, size, sha256, sealed_meta FROM testimonies \
                     WHERE report_id = $1",
                    report_id,
                    Self::testimony_row,
                )
                .await
            }

            async fn testimony_file(&self, report_id: &str) -> Result<Option<Vec<u8>>> {
                let row = sqlx::query(
                    "SELECT sealed_file FROM testimonies WHERE report_id = $1 AND length(sealed_file) > 0",
                )
                    .bind(report_id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|r| r.try_get("sealed_file")).transpose()?)
            }

            async fn insert_export(&self, e: &ExportRow, events: &[NewEvent]) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query(
                    "INSERT INTO exports (id, report_id, recipient_org, created_by, created_at, fingerprint) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&e.id)
                .bind(&e.report_id)
                .bind(&e.recipient_org)
                .bind(&e.created_by)
                .bind(e.created_at)
                .bind(&e.fingerprint)
                .execute(&mut *tx)
                .await
                .map_err(crate::sql::map_err)?;
                self.append_all(&mut tx, events).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn insert_outcome(&self, o: &OutcomeRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "INSERT INTO outcomes (id, report_id, outcome, support_kind, occurred_on, recorded_by, recorded_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(&o.id)
                    .bind(&o.report_id)
                    .bind(o.outcome.as_str())
                    .bind(o.support_kind.map(|k| k.as_str()))
                    .bind(o.occurred_on)
                    .bind(&o.recorded_by)
                    .bind(o.recorded_at),
                    event,
                    None,
                )
                .await
            }

            async fn outcomes(&self, report_id: &str) -> Result<Vec<OutcomeRow>> {
                self.rows_by(
                    "SELECT * FROM outcomes WHERE report_id = $1 ORDER BY occurred_on, recorded_at, id",
                    report_id,
                    Self::outcome_row,
                )
                .await
            }

            async fn export_by_fingerprint(&self, fingerprint: &str) -> Result<Option<ExportRow>> {
                self.row_by("SELECT * FROM exports WHERE fingerprint = $1", fingerprint, Self::export_row).await
            }
        }
    };
}

impl_cases!(SqliteStore, sqlx::sqlite::SqliteRow);
impl_cases!(PgStore, sqlx::postgres::PgRow);
