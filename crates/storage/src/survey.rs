//! Frontline-worker surveys and their anonymous responses. Same SQL for both backends, as
//! in `sql.rs`.
//!
//! What administrators do to a survey (create, change, open, close, delete a draft) goes
//! into the audit chain with the survey's id. A response does not: an audit entry carries a
//! time to the millisecond, and a response must carry nothing finer than its day.

use sqlx::Row;
use zeri_domain::survey::SurveyStatus;

use crate::model::*;
use crate::sql::{corrupt, map_err, PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

/// The `constraint` of the conflict returned when a response comes for a survey that is
/// not open (closed meanwhile, or still a draft).
pub const SURVEY_NOT_OPEN: &str = "survey_not_open";

#[async_trait::async_trait]
pub trait SurveyStore: Send + Sync {
    async fn insert_survey(&self, survey: &SurveyRow, event: &NewEvent) -> Result<()>;
    /// Newest first.
    async fn surveys(&self) -> Result<Vec<SurveyRow>>;
    async fn survey(&self, id: &str) -> Result<Option<SurveyRow>>;
    async fn survey_by_slug(&self, slug: &str) -> Result<Option<SurveyRow>>;
    /// Replaces the definition of a draft still at `version`; returns the new version.
    /// `Conflict` when someone changed it meanwhile or it is no longer a draft.
    async fn update_survey_definition(
        &self,
        id: &str,
        version: i64,
        definition: &str,
        at: Millis,
        event: &NewEvent,
    ) -> Result<i64>;
    /// Moves a survey from `from` to `to`; `Conflict` when it is no longer at `from`.
    async fn set_survey_status(
        &self,
        id: &str,
        from: SurveyStatus,
        to: SurveyStatus,
        at: Millis,
        event: &NewEvent,
    ) -> Result<()>;
    /// Deletes a draft (a draft has never been open, so it has no response); `Conflict`
    /// when it is not a draft.
    async fn delete_survey_draft(&self, id: &str, event: &NewEvent) -> Result<()>;
    /// Stores a response if its survey is open at that moment; otherwise
    /// `Conflict { constraint: SURVEY_NOT_OPEN }`.
    async fn insert_survey_response(&self, response: &SurveyResponseRow) -> Result<()>;
    /// Every response to a survey, in the order of their random ids (never as they came).
    async fn survey_responses(&self, survey_id: &str) -> Result<Vec<SurveyResponseRow>>;
    /// The number of responses of every survey that has any.
    async fn survey_response_counts(&self) -> Result<Vec<(String, i64)>>;
}

macro_rules! impl_survey {
    ($store:ty, $row:ty, $db:ty) => {
        impl $store {
            fn survey_row(r: &$row) -> Result<SurveyRow> {
                let status: String = r.try_get("status")?;
                Ok(SurveyRow {
                    id: r.try_get("id")?,
                    slug: r.try_get("slug")?,
                    status: SurveyStatus::parse(&status).ok_or_else(|| corrupt("survey status"))?,
                    definition: r.try_get("definition")?,
                    created_at: r.try_get("created_at")?,
                    created_by: r.try_get("created_by")?,
                    updated_at: r.try_get("updated_at")?,
                    version: r.try_get("version")?,
                })
            }

            /// After an update touched no row: `NotFound` without the survey, else `Conflict`.
            async fn survey_missed(&self, id: &str, constraint: &str) -> StoreError {
                match SurveyStore::survey(self, id).await {
                    Ok(None) => StoreError::NotFound,
                    Ok(Some(_)) => StoreError::Conflict { constraint: constraint.to_owned() },
                    Err(e) => e,
                }
            }

            /// Runs one guarded change of survey `id` with its audit entry, in one
            /// transaction; when it changed no row, what [`Self::survey_missed`] says.
            async fn guarded_change<'q>(
                &self,
                query: sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>>,
                id: &str,
                constraint: &str,
                event: &NewEvent,
            ) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                let done = query.execute(&mut *tx).await?;
                if done.rows_affected() != 1 {
                    drop(tx);
                    return Err(self.survey_missed(id, constraint).await);
                }
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl SurveyStore for $store {
            async fn insert_survey(&self, s: &SurveyRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "INSERT INTO surveys (id, slug, status, definition, created_at, created_by, updated_at, version) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(&s.id)
                    .bind(&s.slug)
                    .bind(s.status.as_str())
                    .bind(&s.definition)
                    .bind(s.created_at)
                    .bind(&s.created_by)
                    .bind(s.updated_at)
                    .bind(s.version),
                    event,
                    None,
                )
                .await
            }

            async fn surveys(&self) -> Result<Vec<SurveyRow>> {
                let rows = sqlx::query("SELECT * FROM surveys ORDER BY created_at DESC, id").fetch_all(&self.pool).await?;
                rows.iter().map(Self::survey_row).collect()
            }

            async fn survey(&self, id: &str) -> Result<Option<SurveyRow>> {
                self.row_by("SELECT * FROM surveys WHERE id = $1", id, Self::survey_row).await
            }

            async fn survey_by_slug(&self, slug: &str) -> Result<Option<SurveyRow>> {
                self.row_by("SELECT * FROM surveys WHERE slug = $1", slug, Self::survey_row).await
            }

            async fn update_survey_definition(
                &self,
                id: &str,
                version: i64,
                definition: &str,
                at: Millis,
                event: &NewEvent,
            ) -> Result<i64> {
                self.guarded_change(
                    sqlx::query(
                        "UPDATE surveys SET definition = $1, updated_at = $2, version = version + 1 \
                         WHERE id = $3 AND version = $4 AND status = 'draft'",
                    )
                    .bind(definition)
                    .bind(at)
                    .bind(id)
                    .bind(version),
                    id,
                    "survey_changed",
                    event,
                )
                .await?;
                Ok(version + 1)
            }

            async fn set_survey_status(
                &self,
                id: &str,
                from: SurveyStatus,
                to: SurveyStatus,
                at: Millis,
                event: &NewEvent,
            ) -> Result<()> {
                self.guarded_change(
                    sqlx::query(
                        "UPDATE surveys SET status = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND status = $4",
                    )
                    .bind(to.as_str())
                    .bind(at)
                    .bind(id)
                    .bind(from.as_str()),
                    id,
                    "survey_status",
                    event,
                )
                .await
            }

            async fn delete_survey_draft(&self, id: &str, event: &NewEvent) -> Result<()> {
                let query = sqlx::query("DELETE FROM surveys WHERE id = $1 AND status = 'draft'").bind(id);
                self.guarded_change(query, id, "survey_status", event).await
            }

            async fn insert_survey_response(&self, r: &SurveyResponseRow) -> Result<()> {
                // One statement: a survey closed at the same moment takes no more answers.
                let done = sqlx::query(
                    "INSERT INTO survey_responses (id, survey_id, submitted_on, answers, sealed) \
                     SELECT $1, id, $2, $3, $4 FROM surveys WHERE id = $5 AND status = 'open'",
                )
                .bind(&r.id)
                .bind(r.submitted_on)
                .bind(&r.answers)
                .bind(&r.sealed)
                .bind(&r.survey_id)
                .execute(&self.pool)
                .await
                .map_err(map_err)?;
                if done.rows_affected() != 1 {
                    return Err(self.survey_missed(&r.survey_id, SURVEY_NOT_OPEN).await);
                }
                Ok(())
            }

            async fn survey_responses(&self, survey_id: &str) -> Result<Vec<SurveyResponseRow>> {
                self.rows_by(
                    "SELECT id, survey_id, submitted_on, answers, sealed FROM survey_responses \
                     WHERE survey_id = $1 ORDER BY id",
                    survey_id,
                    |r| {
                        Ok(SurveyResponseRow {
                            id: r.try_get("id")?,
                            survey_id: r.try_get("survey_id")?,
                            submitted_on: r.try_get("submitted_on")?,
                            answers: r.try_get("answers")?,
                            sealed: r.try_get("sealed")?,
                        })
                    },
                )
                .await
            }

            async fn survey_response_counts(&self) -> Result<Vec<(String, i64)>> {
                let rows = sqlx::query(
                    "SELECT survey_id, COUNT(*) AS n FROM survey_responses GROUP BY survey_id ORDER BY survey_id",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(|r| Ok((r.try_get("survey_id")?, r.try_get("n")?))).collect()
            }
        }
    };
}

impl_survey!(SqliteStore, sqlx::sqlite::SqliteRow, sqlx::Sqlite);
impl_survey!(PgStore, sqlx::postgres::PgRow, sqlx::Postgres);
