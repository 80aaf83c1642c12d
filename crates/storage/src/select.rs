//! The read every area repeats: the rows one query selects with its one key (`$1`: a
//! report's, a chat's, a fingerprint), each read back by the area's own row reader. Stamped
//! onto both pool types, as in `sql.rs`.

use crate::sql::{PgStore, SqliteStore};
use crate::Result;

macro_rules! impl_select {
    ($store:ty, $row:ty) => {
        impl $store {
            /// Every row `sql` selects with `key` as `$1`, in its order, each read by `read`.
            pub(crate) async fn rows_by<T>(
                &self,
                sql: &str,
                key: &str,
                read: fn(&$row) -> Result<T>,
            ) -> Result<Vec<T>> {
                let rows = sqlx::query(sql).bind(key).fetch_all(&self.pool).await?;
                rows.iter().map(read).collect()
            }

            /// The row `sql` selects with `key` as `$1`, if there is one, read by `read`.
            pub(crate) async fn row_by<T>(
                &self,
                sql: &str,
                key: &str,
                read: fn(&$row) -> Result<T>,
            ) -> Result<Option<T>> {
                let row = sqlx::query(sql).bind(key).fetch_optional(&self.pool).await?;
                row.as_ref().map(read).transpose()
            }
        }
    };
}

impl_select!(SqliteStore, sqlx::sqlite::SqliteRow);
impl_select!(PgStore, sqlx::postgres::PgRow);
