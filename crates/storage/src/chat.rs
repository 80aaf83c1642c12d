//! Live chat, duty, professionals' hours and staff notifications. Same SQL for both
//! backends, as in `sql.rs`.
//!
//! A chat's messages are rows of `messages` that name the chat: the database is the only
//! place a message lives, so a chat survives reconnects and restarts, and a client that
//! reconnects asks for everything after the last message it saw (`messages_after`).

use sqlx::Row;

use crate::model::*;
use crate::sql::{corrupt, map_err, PgStore, SqliteStore};
use crate::{Millis, Result, StoreError};

const CHAT_COLUMNS: &str =
    "id, report_id, opened_at, status, routed_to, staff_id, answered_at, ended_at, ended_by, sealed";
const NOTIFICATION_COLUMNS: &str = "id, staff_id, kind, report_id, created_at, read_at, emailed_at";

#[async_trait::async_trait]
pub trait ChatStore: Send + Sync {
    /// Opens a chat and records `event`; `Conflict` when the report already has one open.
    async fn open_chat(&self, chat: &ChatRow, event: &NewEvent) -> Result<()>;
    async fn chat(&self, id: &str) -> Result<Option<ChatRow>>;
    /// The report's chat that has not ended, if any.
    async fn open_chat_of(&self, report_id: &str) -> Result<Option<ChatRow>>;
    /// The last chat of a report ended by a block, if any: when it ended.
    async fn last_block(&self, report_id: &str) -> Result<Option<Millis>>;
    /// Chats not ended: waiting ones oldest first, then active ones.
    async fn live_chats(&self) -> Result<Vec<ChatRow>>;
    /// Ended chats that were blocked, newest first (for review by an administrator).
    async fn blocked_chats(&self, limit: i64) -> Result<Vec<ChatRow>>;
    /// Takes a waiting chat: `Conflict` when someone else took it first.
    async fn take_chat(&self, id: &str, staff_id: &str, at: Millis, event: &NewEvent) -> Result<()>;
    /// Hands an active chat held by `from` over: to `to` (warm, with a sealed note), or back
    /// to the queue (`to: None`, cold). `Conflict` when `from` no longer holds it.
    async fn hand_over(
        &self,
        id: &str,
        from: &str,
        to: Option<&str>,
        sealed: Option<&[u8]>,
        event: &NewEvent,
    ) -> Result<()>;
    /// Ends a chat that has not ended (`by`: child, staff or blocked); `Conflict` otherwise.
    async fn end_chat(&self, id: &str, by: &str, sealed: Option<&[u8]>, at: Millis, event: &NewEvent) -> Result<()>;
    /// Stores a message of a chat (and marks the report awaiting a reply, or not).
    async fn insert_chat_message(&self, message: &NewMessage, chat_id: &str) -> Result<i64>;
    /// The report's messages after `after_seq`, in order.
    async fn messages_after(&self, report_id: &str, after_seq: i64) -> Result<Vec<ThreadMessage>>;
    /// The place of a message in its thread: its report and sequence number.
    async fn message_seq(&self, id: &str) -> Result<Option<(String, i64)>>;
    /// The last of `author`'s messages in the thread delivered, and the last read (0: none).
    async fn seen_marks(&self, report_id: &str, author: Author) -> Result<(i64, i64)>;
    /// Marks the messages by `author` up to `up_to_seq` delivered (and read, with `read`);
    /// returns how many changed.
    async fn mark_seen(&self, report_id: &str, author: Author, up_to_seq: i64, at: Millis, read: bool) -> Result<u64>;

    async fn set_on_duty(&self, staff_id: &str, on: bool, at: Millis) -> Result<()>;
    /// Staff on duty, with since when.
    async fn on_duty(&self) -> Result<Vec<(String, Millis)>>;
    /// Replaces a professional's weekly hours: (start, end) minutes from Monday 00:00.
    async fn set_hours(&self, staff_id: &str, hours: &[(i32, i32)]) -> Result<()>;
    async fn hours(&self, staff_id: &str) -> Result<Vec<(i32, i32)>>;
    async fn set_email(&self, staff_id: &str, sealed: Option<&[u8]>) -> Result<()>;
    async fn email(&self, staff_id: &str) -> Result<Option<Vec<u8>>>;

    /// Logs a phone call about a case, with its audit entry.
    async fn insert_contact(&self, contact: &ContactRow, event: &NewEvent) -> Result<()>;
    /// The phone calls about a case, oldest first.
    async fn contacts(&self, report_id: &str) -> Result<Vec<ContactRow>>;

    /// Offers session times, with one audit entry.
    async fn offer_slots(&self, slots: &[SlotRow], event: &NewEvent) -> Result<()>;
    /// A case's session times, soonest first.
    async fn slots(&self, report_id: &str) -> Result<Vec<SlotRow>>;
    /// Books an offered time of the case: the other times offered by the same professional
    /// are withdrawn; `Conflict` when it is no longer offered.
    async fn book_slot(&self, id: &str, report_id: &str, at: Millis, event: &NewEvent) -> Result<SlotRow>;

    async fn insert_notifications(&self, rows: &[NotificationRow]) -> Result<()>;
    /// A staff member's notifications, newest first.
    async fn notifications(&self, staff_id: &str, limit: i64) -> Result<Vec<NotificationRow>>;
    async fn unread_notifications(&self, staff_id: &str) -> Result<i64>;
    /// Marks all of a staff member's notifications read (or one, by id).
    async fn read_notifications(&self, staff_id: &str, id: Option<&str>, at: Millis) -> Result<()>;
    /// Notifications not yet e-mailed, oldest first.
    async fn unmailed_notifications(&self, limit: i64) -> Result<Vec<NotificationRow>>;
    async fn mark_mailed(&self, ids: &[String], at: Millis) -> Result<()>;
}

macro_rules! impl_chat {
    ($store:ty, $row:ty) => {
        impl $store {
            fn chat_row(r: &$row) -> Result<ChatRow> {
                Ok(ChatRow {
                    id: r.try_get("id")?,
                    report_id: r.try_get("report_id")?,
                    opened_at: r.try_get("opened_at")?,
                    status: ChatStatus::parse(r.try_get("status")?).ok_or_else(|| corrupt("chats.status"))?,
                    routed_to: r.try_get("routed_to")?,
                    staff_id: r.try_get("staff_id")?,
                    answered_at: r.try_get("answered_at")?,
                    ended_at: r.try_get("ended_at")?,
                    ended_by: r.try_get("ended_by")?,
                    sealed: r.try_get("sealed")?,
                })
            }

            fn notification_row(r: &$row) -> Result<NotificationRow> {
                Ok(NotificationRow {
                    id: r.try_get("id")?,
                    staff_id: r.try_get("staff_id")?,
                    kind: r.try_get("kind")?,
                    report_id: r.try_get("report_id")?,
                    created_at: r.try_get("created_at")?,
                    read_at: r.try_get("read_at")?,
                    emailed_at: r.try_get("emailed_at")?,
                })
            }

            async fn chats_where(&self, condition: &str, bind: Option<&str>) -> Result<Vec<ChatRow>> {
                let sql = format!("SELECT {CHAT_COLUMNS} FROM chats WHERE {condition}");
                let mut q = sqlx::query(&sql);
                if let Some(b) = bind {
                    q = q.bind(b);
                }
                q.fetch_all(&self.pool).await?.iter().map(Self::chat_row).collect()
            }
        }

        #[async_trait::async_trait]
        impl ChatStore for $store {
            async fn open_chat(&self, c: &ChatRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "INSERT INTO chats (id, report_id, opened_at, status, routed_to, staff_id) \
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(&c.id)
                    .bind(&c.report_id)
                    .bind(c.opened_at)
                    .bind(c.status.as_str())
                    .bind(&c.routed_to)
                    .bind(&c.staff_id),
                    event,
                    None,
                )
                .await
            }

            async fn chat(&self, id: &str) -> Result<Option<ChatRow>> {
                Ok(self.chats_where("id = $1", Some(id)).await?.into_iter().next())
            }

            async fn open_chat_of(&self, report_id: &str) -> Result<Option<ChatRow>> {
                Ok(self.chats_where("report_id = $1 AND status <> 'ended'", Some(report_id)).await?.into_iter().next())
            }

            async fn last_block(&self, report_id: &str) -> Result<Option<Millis>> {
                let row = sqlx::query("SELECT MAX(ended_at) AS at FROM chats WHERE report_id = $1 AND ended_by = 'blocked'")
                    .bind(report_id)
                    .fetch_one(&self.pool)
                    .await?;
                Ok(row.try_get("at")?)
            }

            async fn live_chats(&self) -> Result<Vec<ChatRow>> {
                self.chats_where("status <> 'ended' ORDER BY CASE status WHEN 'waiting' THEN 0 ELSE 1 END, opened_at, id", None)
                    .await
            }

            async fn blocked_chats(&self, limit: i64) -> Result<Vec<ChatRow>> {
                let sql = format!(
                    "SELECT {CHAT_COLUMNS} FROM chats WHERE ended_by = 'blocked' ORDER BY ended_at DESC, id LIMIT $1"
                );
                sqlx::query(&sql).bind(limit).fetch_all(&self.pool).await?.iter().map(Self::chat_row).collect()
            }

            async fn take_chat(&self, id: &str, staff_id: &str, at: Millis, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "UPDATE chats SET status = 'active', staff_id = $1, answered_at = COALESCE(answered_at, $2) \
                         WHERE id = $3 AND status = 'waiting'",
                    )
                    .bind(staff_id)
                    .bind(at)
                    .bind(id),
                    event,
                    Some(StoreError::Conflict { constraint: "chats.status".into() }),
                )
                .await
            }

            async fn hand_over(
                &self,
                id: &str,
                from: &str,
                to: Option<&str>,
                sealed: Option<&[u8]>,
                event: &NewEvent,
            ) -> Result<()> {
                let status = if to.is_some() { "active" } else { "waiting" };
                self.exec_audited(
                    sqlx::query(
                        "UPDATE chats SET status = $1, staff_id = $2, routed_to = NULL, sealed = COALESCE($3, sealed) \
                         WHERE id = $4 AND status = 'active' AND staff_id = $5",
                    )
                    .bind(status)
                    .bind(to)
                    .bind(sealed)
                    .bind(id)
                    .bind(from),
                    event,
                    Some(StoreError::Conflict { constraint: "chats.staff_id".into() }),
                )
                .await
            }

            async fn end_chat(&self, id: &str, by: &str, sealed: Option<&[u8]>, at: Millis, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "UPDATE chats SET status = 'ended', ended_at = $1, ended_by = $2, sealed = COALESCE($3, sealed) \
                         WHERE id = $4 AND status <> 'ended'",
                    )
                    .bind(at)
                    .bind(by)
                    .bind(sealed)
                    .bind(id),
                    event,
                    Some(StoreError::Conflict { constraint: "chats.status".into() }),
                )
                .await
            }

            async fn insert_chat_message(&self, m: &NewMessage, chat_id: &str) -> Result<i64> {
                let mut tx = self.pool.begin().await?;
                self.put_message(&mut tx, m).await?;
                let row = sqlx::query("UPDATE messages SET chat_id = $1 WHERE id = $2 RETURNING seq")
                    .bind(chat_id)
                    .bind(&m.id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(map_err)?;
                tx.commit().await?;
                Ok(row.try_get("seq")?)
            }

            async fn messages_after(&self, report_id: &str, after_seq: i64) -> Result<Vec<ThreadMessage>> {
                let rows = sqlx::query(
                    "SELECT seq, id, report_id, author, staff_id, created_at, sealed, chat_id, delivered_at, read_at \
                     FROM messages WHERE report_id = $1 AND seq > $2 ORDER BY seq LIMIT 1000",
                )
                .bind(report_id)
                .bind(after_seq)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(ThreadMessage {
                            seq: r.try_get("seq")?,
                            row: Self::message_row(r)?,
                            chat_id: r.try_get("chat_id")?,
                            delivered_at: r.try_get("delivered_at")?,
                            read_at: r.try_get("read_at")?,
                        })
                    })
                    .collect()
            }

            async fn message_seq(&self, id: &str) -> Result<Option<(String, i64)>> {
                let row = sqlx::query("SELECT report_id, seq FROM messages WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| Ok((r.try_get("report_id")?, r.try_get("seq")?))).transpose()
            }

            async fn seen_marks(&self, report_id: &str, author: Author) -> Result<(i64, i64)> {
                let row = sqlx::query(
                    "SELECT MAX(CASE WHEN delivered_at IS NOT NULL THEN seq END) AS d, \
                     MAX(CASE WHEN read_at IS NOT NULL THEN seq END) AS r \
                     FROM messages WHERE report_id = $1 AND author = $2",
                )
                .bind(report_id)
                .bind(author.as_str())
                .fetch_one(&self.pool)
                .await?;
                let (d, r): (Option<i64>, Option<i64>) = (row.try_get("d")?, row.try_get("r")?);
                Ok((d.unwrap_or(0), r.unwrap_or(0)))
            }

            async fn mark_seen(&self, report_id: &str, author: Author, up_to: i64, at: Millis, read: bool) -> Result<u64> {
                // Delivered first: a message read is also delivered.
                let columns: &[&str] = if read { &["delivered_at", "read_at"] } else { &["delivered_at"] };
                let mut tx = self.pool.begin().await?;
                let mut n = 0;
                for column in columns {
                    let sql = format!(
                        "UPDATE messages SET {column} = $1 WHERE report_id = $2 AND author = $3 AND seq <= $4 \
                         AND {column} IS NULL"
                    );
                    n += sqlx::query(&sql)
                        .bind(at)
                        .bind(report_id)
                        .bind(author.as_str())
                        .bind(up_to)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                }
                tx.commit().await?;
                Ok(n)
            }

            async fn set_on_duty(&self, staff_id: &str, on: bool, at: Millis) -> Result<()> {
                if on {
                    sqlx::query(
                        "INSERT INTO on_duty (staff_id, since) VALUES ($1, $2) ON CONFLICT (staff_id) DO NOTHING",
                    )
                    .bind(staff_id)
                    .bind(at)
                    .execute(&self.pool)
                    .await?;
                } else {
                    sqlx::query("DELETE FROM on_duty WHERE staff_id = $1").bind(staff_id).execute(&self.pool).await?;
                }
                Ok(())
            }

            async fn on_duty(&self) -> Result<Vec<(String, Millis)>> {
                let rows = sqlx::query("SELECT staff_id, since FROM on_duty ORDER BY since, staff_id")
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|r| Ok((r.try_get("staff_id")?, r.try_get("since")?))).collect()
            }

            async fn set_hours(&self, staff_id: &str, hours: &[(i32, i32)]) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                sqlx::query("DELETE FROM staff_hours WHERE staff_id = $1").bind(staff_id).execute(&mut *tx).await?;
                for (start, end) in hours {
                    sqlx::query("INSERT INTO staff_hours (staff_id, start_min, end_min) VALUES ($1, $2, $3)")
                        .bind(staff_id)
                        .bind(start)
                        .bind(end)
                        .execute(&mut *tx)
                        .await
                        .map_err(map_err)?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn hours(&self, staff_id: &str) -> Result<Vec<(i32, i32)>> {
                let rows = sqlx::query("SELECT start_min, end_min FROM staff_hours WHERE staff_id = $1 ORDER BY start_min")
                    .bind(staff_id)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(|r| Ok((r.try_get("start_min")?, r.try_get("end_min")?))).collect()
            }

            async fn set_email(&self, staff_id: &str, sealed: Option<&[u8]>) -> Result<()> {
                let done = sqlx::query("UPDATE staff SET email_sealed = $1 WHERE id = $2")
                    .bind(sealed)
                    .bind(staff_id)
                    .execute(&self.pool)
                    .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::NotFound);
                }
                Ok(())
            }

            async fn email(&self, staff_id: &str) -> Result<Option<Vec<u8>>> {
                let row = sqlx::query("SELECT email_sealed FROM staff WHERE id = $1")
                    .bind(staff_id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|r| r.try_get("email_sealed")).transpose()?.flatten())
            }

            async fn insert_contact(&self, c: &ContactRow, event: &NewEvent) -> Result<()> {
                self.exec_audited(
                    sqlx::query(
                        "INSERT INTO contacts (id, report_id, staff_id, at, channel, minutes, follow_up, sealed) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(&c.id)
                    .bind(&c.report_id)
                    .bind(&c.staff_id)
                    .bind(c.at)
                    .bind(&c.channel)
                    .bind(c.minutes.map(|m| m.clamp(0, i32::MAX as i64) as i32))
                    .bind(&c.follow_up)
                    .bind(&c.sealed),
                    event,
                    None,
                )
                .await
            }

            async fn contacts(&self, report_id: &str) -> Result<Vec<ContactRow>> {
                let rows = sqlx::query(
                    "SELECT id, report_id, staff_id, at, channel, minutes, follow_up, sealed FROM contacts \
                     WHERE report_id = $1 ORDER BY at, id",
                )
                .bind(report_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(ContactRow {
                            id: r.try_get("id")?,
                            report_id: r.try_get("report_id")?,
                            staff_id: r.try_get("staff_id")?,
                            at: r.try_get("at")?,
                            channel: r.try_get("channel")?,
                            minutes: r.try_get::<Option<i32>, _>("minutes")?.map(i64::from),
                            follow_up: r.try_get("follow_up")?,
                            sealed: r.try_get("sealed")?,
                        })
                    })
                    .collect()
            }

            async fn offer_slots(&self, slots: &[SlotRow], event: &NewEvent) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                for s in slots {
                    sqlx::query(
                        "INSERT INTO session_slots (id, report_id, staff_id, starts_at, minutes, status, created_at) \
                         VALUES ($1, $2, $3, $4, $5, 'offered', $6)",
                    )
                    .bind(&s.id)
                    .bind(&s.report_id)
                    .bind(&s.staff_id)
                    .bind(s.starts_at)
                    .bind(s.minutes.clamp(0, i32::MAX as i64) as i32)
                    .bind(s.created_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                }
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn slots(&self, report_id: &str) -> Result<Vec<SlotRow>> {
                let rows = sqlx::query(
                    "SELECT id, report_id, staff_id, starts_at, minutes, status, created_at, booked_at \
                     FROM session_slots WHERE report_id = $1 ORDER BY starts_at, id",
                )
                .bind(report_id)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(SlotRow {
                            id: r.try_get("id")?,
                            report_id: r.try_get("report_id")?,
                            staff_id: r.try_get("staff_id")?,
                            starts_at: r.try_get("starts_at")?,
                            minutes: r.try_get::<i32, _>("minutes").map(i64::from)?,
                            status: r.try_get("status")?,
                            created_at: r.try_get("created_at")?,
                            booked_at: r.try_get("booked_at")?,
                        })
                    })
                    .collect()
            }

            async fn book_slot(&self, id: &str, report_id: &str, at: Millis, event: &NewEvent) -> Result<SlotRow> {
                let mut tx = self.pool.begin().await?;
                let row = sqlx::query(
                    "UPDATE session_slots SET status = 'booked', booked_at = $1 \
                     WHERE id = $2 AND report_id = $3 AND status = 'offered' RETURNING staff_id",
                )
                .bind(at)
                .bind(id)
                .bind(report_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| StoreError::Conflict { constraint: "session_slots.status".into() })?;
                let staff_id: String = row.try_get("staff_id")?;
                sqlx::query(
                    "UPDATE session_slots SET status = 'cancelled' \
                     WHERE report_id = $1 AND staff_id = $2 AND status = 'offered'",
                )
                .bind(report_id)
                .bind(&staff_id)
                .execute(&mut *tx)
                .await?;
                self.append(&mut tx, event).await?;
                tx.commit().await?;
                Ok(self.slots(report_id).await?.into_iter().find(|s| s.id == id).ok_or(StoreError::NotFound)?)
            }

            async fn insert_notifications(&self, rows: &[NotificationRow]) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                for n in rows {
                    sqlx::query(
                        "INSERT INTO notifications (id, staff_id, kind, report_id, created_at) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(&n.id)
                    .bind(&n.staff_id)
                    .bind(&n.kind)
                    .bind(&n.report_id)
                    .bind(n.created_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(map_err)?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn notifications(&self, staff_id: &str, limit: i64) -> Result<Vec<NotificationRow>> {
                let sql = format!(
                    "SELECT {NOTIFICATION_COLUMNS} FROM notifications WHERE staff_id = $1 ORDER BY created_at DESC, id LIMIT $2"
                );
                let rows = sqlx::query(&sql).bind(staff_id).bind(limit).fetch_all(&self.pool).await?;
                rows.iter().map(Self::notification_row).collect()
            }

            async fn unread_notifications(&self, staff_id: &str) -> Result<i64> {
                let row = sqlx::query("SELECT COUNT(*) AS n FROM notifications WHERE staff_id = $1 AND read_at IS NULL")
                    .bind(staff_id)
                    .fetch_one(&self.pool)
                    .await?;
                Ok(row.try_get("n")?)
            }

            async fn read_notifications(&self, staff_id: &str, id: Option<&str>, at: Millis) -> Result<()> {
                let q = match id {
                    Some(id) => sqlx::query(
                        "UPDATE notifications SET read_at = $1 WHERE staff_id = $2 AND read_at IS NULL AND id = $3",
                    )
                    .bind(at)
                    .bind(staff_id)
                    .bind(id),
                    None => sqlx::query("UPDATE notifications SET read_at = $1 WHERE staff_id = $2 AND read_at IS NULL")
                        .bind(at)
                        .bind(staff_id),
                };
                q.execute(&self.pool).await?;
                Ok(())
            }

            async fn unmailed_notifications(&self, limit: i64) -> Result<Vec<NotificationRow>> {
                let sql = format!(
                    "SELECT {NOTIFICATION_COLUMNS} FROM notifications WHERE emailed_at IS NULL AND read_at IS NULL \
                     ORDER BY created_at, id LIMIT $1"
                );
                sqlx::query(&sql).bind(limit).fetch_all(&self.pool).await?.iter().map(Self::notification_row).collect()
            }

            async fn mark_mailed(&self, ids: &[String], at: Millis) -> Result<()> {
                let mut tx = self.pool.begin().await?;
                for id in ids {
                    sqlx::query("UPDATE notifications SET emailed_at = $1 WHERE id = $2")
                        .bind(at)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }
        }
    };
}

impl_chat!(SqliteStore, sqlx::sqlite::SqliteRow);
impl_chat!(PgStore, sqlx::postgres::PgRow);
