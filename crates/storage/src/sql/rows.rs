//! The common rows read back into the model (audit entries, messages, reports, staff), for
//! every area's queries. Stamped onto both pool types, as in `sql.rs`.

use sqlx::Row;
use zeri_domain::casework::Urgency;
use zeri_domain::permission::{Profession, Role};
use zeri_domain::report::{AgeBand, Category, ContactMethod, ReporterKind};
use zeri_domain::Stage;

use super::{corrupt, PgStore, SqliteStore};
use crate::model::*;
use crate::Result;

macro_rules! impl_rows {
    ($store:ty, $row:ty) => {
        impl $store {
            pub(crate) fn event_row(r: &$row) -> Result<EventRow> {
                let role: Option<String> = r.try_get("role")?;
                Ok(EventRow {
                    seq: r.try_get("seq")?,
                    report_id: r.try_get("report_id")?,
                    at: r.try_get("at")?,
                    actor: r.try_get("actor")?,
                    staff_id: r.try_get("staff_id")?,
                    role: role.map(|s| Role::parse(&s).ok_or_else(|| corrupt("role"))).transpose()?,
                    org_id: r.try_get("org_id")?,
                    action: r.try_get("action")?,
                    detail: r.try_get("detail")?,
                    sealed: r.try_get("sealed")?,
                })
            }

            pub(crate) fn message_row(r: &$row) -> Result<MessageRow> {
                Ok(MessageRow {
                    id: r.try_get("id")?,
                    report_id: r.try_get("report_id")?,
                    author: Author::parse(r.try_get("author")?).ok_or_else(|| corrupt("author"))?,
                    staff_id: r.try_get("staff_id")?,
                    created_at: r.try_get("created_at")?,
                    sealed: r.try_get("sealed")?,
                })
            }

            pub(crate) fn report_row(r: &$row) -> Result<ReportRow> {
                Ok(ReportRow {
                    id: r.try_get("id")?,
                    case_ref: r.try_get("case_ref")?,
                    created_at: r.try_get("created_at")?,
                    updated_at: r.try_get("updated_at")?,
                    stage: Stage::parse(r.try_get("stage")?).ok_or_else(|| corrupt("stage"))?,
                    category: Category::parse(r.try_get("category")?).ok_or_else(|| corrupt("category"))?,
                    reporter: ReporterKind::parse(r.try_get("reporter")?).ok_or_else(|| corrupt("reporter"))?,
                    age_band: AgeBand::parse(r.try_get("age_band")?).ok_or_else(|| corrupt("age_band"))?,
                    municipality: r.try_get("municipality")?,
                    contact_method: ContactMethod::parse(r.try_get("contact_method")?)
                        .ok_or_else(|| corrupt("contact_method"))?,
                    consent_cpo: r.try_get("consent_cpo")?,
                    consent_police: r.try_get("consent_police")?,
                    assigned_to: r.try_get("assigned_to")?,
                    awaiting_reply: r.try_get("awaiting_reply")?,
                    sealed: r.try_get("sealed")?,
                    org_id: r.try_get("org_id")?,
                    urgency: Urgency::parse(r.try_get("urgency")?).ok_or_else(|| corrupt("urgency"))?,
                    erased_at: r.try_get("erased_at")?,
                })
            }

            pub(crate) fn staff_row(r: &$row) -> Result<StaffRow> {
                let profession: Option<String> = r.try_get("profession")?;
                Ok(StaffRow {
                    id: r.try_get("id")?,
                    username: r.try_get("username")?,
                    role: Role::parse(r.try_get("role")?).ok_or_else(|| corrupt("role"))?,
                    password_hash: r.try_get("password_hash")?,
                    created_at: r.try_get("created_at")?,
                    disabled: r.try_get("disabled")?,
                    org_id: r.try_get("org_id")?,
                    profession: profession
                        .map(|p| Profession::parse(&p).ok_or_else(|| corrupt("profession")))
                        .transpose()?,
                    totp_sealed: r.try_get("totp_sealed")?,
                    totp_pending: r.try_get("totp_pending")?,
                    totp_last_step: r.try_get("totp_last_step")?,
                    created_by: r.try_get("created_by")?,
                    confirmed_at: r.try_get("confirmed_at")?,
                })
            }
        }
    };
}

impl_rows!(SqliteStore, sqlx::sqlite::SqliteRow);
impl_rows!(PgStore, sqlx::postgres::PgRow);
