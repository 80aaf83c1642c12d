//! The helpline as a team: contact records (disposition and CHI category, no text), canned
//! responses, supervisors reading along and coaching, quality reviews, closure approval and
//! the facts behind the supervisor's figures. Same SQL for both backends, as in `sql.rs`.
//! What a record means is `zeri_domain::chi`; who may read it is decided in the service.

use sqlx::Row;

use crate::model::NewEvent;
use crate::sql::{PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

/// One contact as the counsellor recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRecordRow {
    pub id: String,
    pub org_id: String,
    pub report_id: Option<String>,
    pub chat_id: Option<String>,
    pub staff_id: String,
    pub channel: String,
    pub at: Millis,
    pub disposition: String,
    pub chi_main: Option<String>,
    pub chi_sub: Option<String>,
    pub age_band: String,
    pub gender: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedRow {
    pub id: String,
    pub org_id: Option<String>,
    pub lang: String,
    pub title: String,
    pub body: String,
    pub updated_at: Millis,
    pub updated_by: String,
}

#[derive(Debug, Clone)]
pub struct CoachingRow {
    pub id: String,
    pub chat_id: String,
    pub report_id: String,
    pub staff_id: String,
    pub at: Millis,
    pub sealed: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct ReviewRow {
    pub record_id: String,
    pub report_id: String,
    pub reviewer_id: String,
    pub at: Millis,
    pub answers: [i64; 5],
    pub sealed: Option<Vec<u8>>,
}

#[derive(Debug, Clone)]
pub struct ClosureRow {
    pub id: String,
    pub report_id: String,
    pub requested_by: String,
    pub requested_at: Millis,
    pub status: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<Millis>,
    pub sealed: Option<Vec<u8>>,
}

/// The raw facts of the supervisor's figures for one organisation (times in ms).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamFacts {
    /// Open cases led, per staff member.
    pub caseload: Vec<(String, i64)>,
    pub overdue_tasks: i64,
    /// Chats opened in the period and answered: (opened, answered).
    pub chat_answers: Vec<(Millis, Millis)>,
    /// Cases created in the period and answered by staff: (created, first staff message).
    pub case_answers: Vec<(Millis, Millis)>,
    /// Cases closed in the period: (created, closed).
    pub closures: Vec<(Millis, Millis)>,
}

#[async_trait::async_trait]
pub trait SupervisionStore: Send + Sync {
    /// Stores a contact record and `event`; `Conflict` when the chat already has one.
    async fn insert_contact_record(&self, row: &ContactRecordRow, event: &NewEvent) -> Result<()>;
    async fn contact_record(&self, id: &str) -> Result<Option<ContactRecordRow>>;
    async fn contact_record_of_chat(&self, chat_id: &str) -> Result<Option<ContactRecordRow>>;
    /// An organisation's records from `from` (inclusive) to `to` (exclusive), oldest first;
    /// every organisation's with `None`.
    async fn contact_records(&self, org_id: Option<&str>, from: Millis, to: Millis) -> Result<Vec<ContactRecordRow>>;

    /// The responses of an organisation (and those kept for every organisation, `org_id`
    /// NULL), in one language, by title.
    async fn canned_responses(&self, org_id: Option<&str>, lang: &str) -> Result<Vec<CannedRow>>;
    async fn put_canned_response(&self, row: &CannedRow, event: &NewEvent) -> Result<()>;
    /// Deletes a response of that organisation; `NotFound` otherwise.
    async fn delete_canned_response(&self, id: &str, org_id: Option<&str>, event: &NewEvent) -> Result<()>;

    /// Marks a supervisor as reading the chat along (since `at`), with the audit entry.
    async fn watch_chat(&self, chat_id: &str, staff_id: &str, at: Millis, event: &NewEvent) -> Result<()>;
    async fn chat_watchers(&self, chat_id: &str) -> Result<Vec<(String, Millis)>>;
    async fn insert_coaching(&self, row: &CoachingRow, event: &NewEvent) -> Result<()>;
    async fn coaching(&self, chat_id: &str) -> Result<Vec<CoachingRow>>;

    /// Stores a review; `Conflict` when the record has one.
    async fn insert_review(&self, row: &ReviewRow, event: &NewEvent) -> Result<()>;
    async fn review(&self, record_id: &str) -> Result<Option<ReviewRow>>;

    async fn closure_needs_approval(&self, org_id: &str) -> Result<bool>;
    async fn set_closure_needs_approval(&self, org_id: &str, on: bool, event: &NewEvent) -> Result<()>;
    /// A close request; `Conflict` when one is pending for the case.
    async fn request_closure(&self, row: &ClosureRow, event: &NewEvent) -> Result<()>;
    async fn pending_closure(&self, report_id: &str) -> Result<Option<ClosureRow>>;
    /// The pending requests of an organisation's cases, oldest first.
    async fn pending_closures(&self, org_id: &str) -> Result<Vec<ClosureRow>>;
    /// Decides a pending request (`approved` or `returned`); `Conflict` when it is no
    /// longer pending.
    #[allow(clippy::too_many_arguments)]
    async fn decide_closure(
        &self,
        id: &str,
        status: &str,
        by: &str,
        at: Millis,
        sealed: Option<&[u8]>,
        event: &NewEvent,
    ) -> Result<()>;

    /// The facts of the supervisor's figures: caseload and overdue tasks now (`today` in days
    /// since 1970), times for what started in [`from`, `to`).
    async fn team_facts(&self, org_id: &str, today: i64, from: Millis, to: Millis) -> Result<TeamFacts>;
}

const RECORD_COLUMNS: &str =
    "id, org_id, report_id, chat_id, staff_id, channel, at, disposition, chi_main, chi_sub, age_band, gender";
const CLOSURE_COLUMNS: &str =
    "c.id, c.report_id, c.requested_by, c.requested_at, c.status, c.decided_by, c.decided_at, c.sealed";

macro_rules! impl_supervision {
    ($store:ty, $row:ty) => {
        impl $store {
            fn record_row(r: &$row) -> Result<ContactRecordRow> {
                Ok(ContactRecordRow {
                    id: r.try_get("id")?,
                    org_id: r.try_get("org_id")?,
                    report_id: r.try_get("report_id")?,
                    chat_id: r.try_get("chat_id")?,
                    staff_id: r.try_get("staff_id")?,
                    channel: r.try_get("channel")?,
                    at: r.try_get("at")?,
                    disposition: r.try_get("disposition")?,
                    chi_main: r.try_get("chi_main")?,
                    chi_sub: r.try_get("chi_sub")?,
                    age_band: r.try_get("age_band")?,
                    gender: r.try_get("gender")?,
                })
            }

            fn closure_row(r: &$row) -> Result<ClosureRow> {
                Ok(ClosureRow {
                    id: r.try_get("id")?,
                    report_id: r.try_get("report_id")?,
                    requested_by: r.try_get("requested_by")?,
                    requested_at: r.try_get("requested_at")?,
                    status: r.try_get("status")?,
                    decided_by: r.try_get("decided_by")?,
                    decided_at: r.try_get("decided_at")?,
                    sealed: r.try_get("sealed")?,
                })
            }

            async fn pairs(&self, sql: &str, org_id: &str, from: Millis, to: Millis) -> Result<Vec<(Millis, Millis)>> {
                let rows = sqlx::query(sql).bind(org_id).bind(from).bind(to).fetch_all(&self.pool).await?;
                rows.iter().map(|r| Ok((r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)?))).collect()
            }
        }

        #[async_trait::async_trait]
        impl SupervisionStore for $store {
            #[tracing::instrument(skip_all)]
            async fn insert_contact_record(&self, c: &ContactRecordRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(&format!(
                        "INSERT INTO contact_records ({RECORD_COLUMNS}) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
                    ))
                    .bind(&c.id)
                    .bind(&c.org_id)
                    .bind(&c.report_id)
                    .bind(&c.chat_id)
                    .bind(&c.staff_id)
                    .bind(&c.channel)
                    .bind(c.at)
                    .bind(&c.disposition)
                    .bind(&c.chi_main)
                    .bind(&c.chi_sub)
                    .bind(&c.age_band)
                    .bind(&c.gender),
                    event,
                    None,
                )
                .await
            }

            async fn contact_record(&self, id: &str) -> Result<Option<ContactRecordRow>> {
                let q = format!("SELECT {RECORD_COLUMNS} FROM contact_records WHERE id = $1");
                self.row_by(&q, id, Self::record_row).await
            }

            async fn contact_record_of_chat(&self, chat_id: &str) -> Result<Option<ContactRecordRow>> {
                let q = format!("SELECT {RECORD_COLUMNS} FROM contact_records WHERE chat_id = $1");
                self.row_by(&q, chat_id, Self::record_row).await
            }

            #[tracing::instrument(skip_all)]
            async fn contact_records(
                &self,
                org_id: Option<&str>,
                from: Millis,
                to: Millis,
            ) -> Result<Vec<ContactRecordRow>> {
                let q = format!(
                    "SELECT {RECORD_COLUMNS} FROM contact_records \
                     WHERE ($1 IS NULL OR org_id = $1) AND at >= $2 AND at < $3 ORDER BY at, id"
                );
                let rows = sqlx::query(&q).bind(org_id).bind(from).bind(to).fetch_all(&self.pool).await?;
                rows.iter().map(Self::record_row).collect()
            }

            async fn canned_responses(&self, org_id: Option<&str>, lang: &str) -> Result<Vec<CannedRow>> {
                let rows = sqlx::query(
                    "SELECT id, org_id, lang, title, body, updated_at, updated_by FROM canned_responses \
                     WHERE (org_id IS NULL OR org_id = $1) AND lang = $2 ORDER BY title, id",
                )
                .bind(org_id)
                .bind(lang)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(CannedRow {
                            id: r.try_get("id")?,
                            org_id: r.try_get("org_id")?,
                            lang: r.try_get("lang")?,
                            title: r.try_get("title")?,
                            body: r.try_get("body")?,
                            updated_at: r.try_get("updated_at")?,
                            updated_by: r.try_get("updated_by")?,
                        })
                    })
                    .collect()
            }

            #[tracing::instrument(skip_all)]
            async fn put_canned_response(&self, c: &CannedRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "INSERT INTO canned_responses (id, org_id, lang, title, body, updated_at, updated_by) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(&c.id)
                    .bind(&c.org_id)
                    .bind(&c.lang)
                    .bind(&c.title)
                    .bind(&c.body)
                    .bind(c.updated_at)
                    .bind(&c.updated_by),
                    event,
                    None,
                )
                .await
            }

            #[tracing::instrument(skip_all)]
            async fn delete_canned_response(&self, id: &str, org_id: Option<&str>, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "DELETE FROM canned_responses WHERE id = $1 AND \
                         ((org_id IS NULL AND $2 IS NULL) OR org_id = $2)",
                    )
                    .bind(id)
                    .bind(org_id),
                    event,
                    Some(StoreError::NotFound),
                )
                .await
            }

            #[tracing::instrument(skip_all)]
            async fn watch_chat(&self, chat_id: &str, staff_id: &str, at: Millis, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "INSERT INTO chat_watchers (chat_id, staff_id, since) VALUES ($1, $2, $3) \
                         ON CONFLICT (chat_id, staff_id) DO NOTHING",
                    )
                    .bind(chat_id)
                    .bind(staff_id)
                    .bind(at),
                    event,
                    None,
                )
                .await
            }

            async fn chat_watchers(&self, chat_id: &str) -> Result<Vec<(String, Millis)>> {
                let sql = "SELECT staff_id, since FROM chat_watchers WHERE chat_id = $1 ORDER BY since";
                self.rows_by(sql, chat_id, |r| Ok((r.try_get("staff_id")?, r.try_get("since")?))).await
            }

            #[tracing::instrument(skip_all)]
            async fn insert_coaching(&self, c: &CoachingRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "INSERT INTO chat_coaching (id, chat_id, report_id, staff_id, at, sealed) \
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(&c.id)
                    .bind(&c.chat_id)
                    .bind(&c.report_id)
                    .bind(&c.staff_id)
                    .bind(c.at)
                    .bind(&c.sealed),
                    event,
                    None,
                )
                .await
            }

            async fn coaching(&self, chat_id: &str) -> Result<Vec<CoachingRow>> {
                self.rows_by(
                    "SELECT id, chat_id, report_id, staff_id, at, sealed FROM chat_coaching \
                     WHERE chat_id = $1 ORDER BY at, id",
                    chat_id,
                    |r| {
                        Ok(CoachingRow {
                            id: r.try_get("id")?,
                            chat_id: r.try_get("chat_id")?,
                            report_id: r.try_get("report_id")?,
                            staff_id: r.try_get("staff_id")?,
                            at: r.try_get("at")?,
                            sealed: r.try_get("sealed")?,
                        })
                    },
                )
                .await
            }

            #[tracing::instrument(skip_all)]
            async fn insert_review(&self, v: &ReviewRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "INSERT INTO quality_reviews (record_id, report_id, reviewer_id, at, q1, q2, q3, q4, q5, sealed) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                    )
                    .bind(&v.record_id)
                    .bind(&v.report_id)
                    .bind(&v.reviewer_id)
                    .bind(v.at)
                    .bind(v.answers[0])
                    .bind(v.answers[1])
                    .bind(v.answers[2])
                    .bind(v.answers[3])
                    .bind(v.answers[4])
                    .bind(&v.sealed),
                    event,
                    None,
                )
                .await
            }

            async fn review(&self, record_id: &str) -> Result<Option<ReviewRow>> {
                self.row_by(
                    "SELECT record_id, report_id, reviewer_id, at, q1, q2, q3, q4, q5, sealed FROM quality_reviews \
                     WHERE record_id = $1",
                    record_id,
                    |r| {
                        Ok(ReviewRow {
                            record_id: r.try_get("record_id")?,
                            report_id: r.try_get("report_id")?,
                            reviewer_id: r.try_get("reviewer_id")?,
                            at: r.try_get("at")?,
                            answers: [
                                r.try_get::<i64, _>("q1")?,
                                r.try_get::<i64, _>("q2")?,
                                r.try_get::<i64, _>("q3")?,
                                r.try_get::<i64, _>("q4")?,
                                r.try_get::<i64, _>("q5")?,
                            ],
                            sealed: r.try_get("sealed")?,
                        })
                    },
                )
                .await
            }

            async fn closure_needs_approval(&self, org_id: &str) -> Result<bool> {
                let row = sqlx::query("SELECT closure_needs_approval FROM organisations WHERE id = $1")
                    .bind(org_id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|r| r.try_get::<bool, _>(0)).transpose()?.unwrap_or(false))
            }

            #[tracing::instrument(skip_all)]
            async fn set_closure_needs_approval(&self, org_id: &str, on: bool, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query("UPDATE organisations SET closure_needs_approval = $1 WHERE id = $2")
                        .bind(on)
                        .bind(org_id),
                    event,
                    Some(StoreError::NotFound),
                )
                .await
            }

            #[tracing::instrument(skip_all)]
            async fn request_closure(&self, c: &ClosureRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "INSERT INTO closure_requests (id, report_id, requested_by, requested_at, status) \
                         VALUES ($1, $2, $3, $4, 'pending')",
                    )
                    .bind(&c.id)
                    .bind(&c.report_id)
                    .bind(&c.requested_by)
                    .bind(c.requested_at),
                    event,
                    None,
                )
                .await
            }

            async fn pending_closure(&self, report_id: &str) -> Result<Option<ClosureRow>> {
                let q = format!(
                    "SELECT {CLOSURE_COLUMNS} FROM closure_requests c WHERE c.report_id = $1 AND c.status = 'pending'"
                );
                self.row_by(&q, report_id, Self::closure_row).await
            }

            async fn pending_closures(&self, org_id: &str) -> Result<Vec<ClosureRow>> {
                let q = format!(
                    "SELECT {CLOSURE_COLUMNS} FROM closure_requests c JOIN reports r ON r.id = c.report_id \
                     WHERE r.org_id = $1 AND c.status = 'pending' ORDER BY c.requested_at, c.id"
                );
                self.rows_by(&q, org_id, Self::closure_row).await
            }

            #[tracing::instrument(skip_all)]
            async fn decide_closure(
                &self,
                id: &str,
                status: &str,
                by: &str,
                at: Millis,
                sealed: Option<&[u8]>,
                event: &NewEvent,
            ) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "UPDATE closure_requests SET status = $1, decided_by = $2, decided_at = $3, sealed = $4 \
                         WHERE id = $5 AND status = 'pending'",
                    )
                    .bind(status)
                    .bind(by)
                    .bind(at)
                    .bind(sealed)
                    .bind(id),
                    event,
                    Some(StoreError::Conflict { constraint: "closure_requests.status".into() }),
                )
                .await
            }

            #[tracing::instrument(skip_all)]
            async fn team_facts(&self, org_id: &str, today: i64, from: Millis, to: Millis) -> Result<TeamFacts> {
                let rows = sqlx::query(
                    "SELECT assigned_to, COUNT(*) AS n FROM reports WHERE org_id = $1 AND stage <> 'closed' \
                     AND assigned_to IS NOT NULL AND erased_at IS NULL GROUP BY assigned_to ORDER BY assigned_to",
                )
                .bind(org_id)
                .fetch_all(&self.pool)
                .await?;
                let caseload = rows
                    .iter()
                    .map(|r| Ok((r.try_get::<String, _>("assigned_to")?, r.try_get::<i64, _>("n")?)))
                    .collect::<Result<Vec<_>>>()?;
                let overdue_tasks: i64 = sqlx::query(
                    "SELECT COUNT(*) FROM tasks t JOIN reports r ON r.id = t.report_id \
                     WHERE r.org_id = $1 AND t.done_at IS NULL AND t.due_on < $2",
                )
                .bind(org_id)
                .bind(today)
                .fetch_one(&self.pool)
                .await?
                .try_get(0)?;
                let chat_answers = self
                    .pairs(
                        "SELECT c.opened_at, c.answered_at FROM chats c JOIN reports r ON r.id = c.report_id \
                         WHERE r.org_id = $1 AND c.answered_at IS NOT NULL AND c.opened_at >= $2 AND c.opened_at < $3",
                        org_id,
                        from,
                        to,
                    )
                    .await?;
                let case_answers = self
                    .pairs(
                        "SELECT r.created_at, MIN(m.created_at) FROM reports r \
                         JOIN messages m ON m.report_id = r.id AND m.author = 'staff' \
                         WHERE r.org_id = $1 AND r.created_at >= $2 AND r.created_at < $3 \
                         GROUP BY r.id, r.created_at",
                        org_id,
                        from,
                        to,
                    )
                    .await?;
                let closures = self
                    .pairs(
                        "SELECT created_at, stage_at FROM reports WHERE org_id = $1 AND stage = 'closed' \
                         AND stage_at IS NOT NULL AND stage_at >= $2 AND stage_at < $3",
                        org_id,
                        from,
                        to,
                    )
                    .await?;
                Ok(TeamFacts { caseload, overdue_tasks, chat_answers, case_answers, closures })
            }
        }
    };
}

impl_supervision!(SqliteStore, sqlx::sqlite::SqliteRow);
impl_supervision!(PgStore, sqlx::postgres::PgRow);
