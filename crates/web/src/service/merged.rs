//! What the cases merged into a case still hold (issue 19, point 3): their notes, tasks,
//! evidence files and testimony stay where they were written, sealed under their own case
//! key (`service::links`: a merge moves nothing), and are read here through the survivor.
//!
//! **The survivor's rules.** A merged case answers 404 to staff (`service::case::load_case`),
//! so nothing here loads it as a case: every read starts from the survivor, authorised for
//! the user with the survivor's permission (`service::case::permitted`) and audited on the
//! survivor, as a read of its own parts is. Only then is a merged case's key unwrapped, and
//! only for a case that is in the survivor's merge family ([`family_sealer`]). A merged
//! case's evidence opens through the survivor's evidence path (`service::evidence::open`,
//! with the same stated reason, wellbeing limits and custody entry); its open tasks are
//! closed from the survivor's page, listed among the owner's tasks and notified under the
//! survivor ([`survivor_task_case`]).

use crate::service::case::{sealer_for, Case, Fail};
use crate::App;
use zeri_crypto::Sealer;
use zeri_domain::permission::Relation;
use zeri_storage::MergeRow;

/// The merges into `survivor` (and into the cases merged into it), in the order of
/// `zeri_storage::merge_family`, without the survivor itself.
pub async fn merges(app: &App, survivor: &str) -> Result<Vec<MergeRow>, Fail> {
    let mut out: Vec<MergeRow> = Vec::new();
    let mut at = vec![survivor.to_owned()];
    let mut i = 0;
    while i < at.len() && at.len() < 4 * zeri_storage::MERGE_DEPTH {
        for m in app.store.merged_from(&at[i]).await? {
            at.push(m.merged_id.clone());
            out.push(m);
        }
        i += 1;
    }
    Ok(out)
}

/// The cases merged into `survivor` (and into those), without the survivor itself.
pub async fn merged_ids(app: &App, survivor: &str) -> Result<Vec<String>, Fail> {
    Ok(merges(app, survivor).await?.into_iter().map(|m| m.merged_id).collect())
}

/// Whether the user reaches the parts of the cases merged into `c`: only through the
/// organisation holding the case (assigned, or a colleague), which held both cases when
/// they were merged. A team member or a referred organisation reached the survivor through
/// its consent or a referral, which say nothing about the merged report (a parent's report
/// may have refused the police), so the merge does not widen who sees it.
pub fn sees_merged_parts(c: &Case) -> bool {
    matches!(c.relation, Relation::Assigned | Relation::SameOrg)
}

/// The key of `report_id` when it is `c` itself or a case merged into it (for a user who
/// [`sees_merged_parts`]); `None` for any other case (which the caller answers as not found).
pub async fn family_sealer(app: &App, c: &Case, report_id: &str) -> Result<Option<FamilySealer>, Fail> {
    if report_id == c.report.id {
        return Ok(Some(FamilySealer::Own));
    }
    if !sees_merged_parts(c) || !merged_ids(app, &c.report.id).await?.iter().any(|m| m == report_id) {
        return Ok(None);
    }
    Ok(Some(FamilySealer::Merged(sealer_for(app, report_id).await?)))
}

/// The key a part of a merge family is sealed with: the survivor's own, or a merged case's.
pub enum FamilySealer {
    Own,
    Merged(Sealer),
}

impl FamilySealer {
    pub fn get<'a>(&'a self, c: &'a Case) -> &'a Sealer {
        match self {
            FamilySealer::Own => &c.sealer,
            FamilySealer::Merged(s) => s,
        }
    }
}

/// The case a task is read, listed and notified under: the survivor of its case's merges
/// (the task's own case when it was never merged).
pub async fn survivor_task_case(app: &App, report_id: &str) -> Result<String, Fail> {
    Ok(zeri_storage::survivor_of(app.store.as_ref(), report_id).await?)
}

/// The case of the merge family of `c` that holds task `task` (for closing it from the
/// survivor): `c` itself or a merged case; `None` when none does.
pub async fn task_holder(app: &App, c: &Case, task: &str) -> Result<Option<String>, Fail> {
    let mut family = vec![c.report.id.clone()];
    family.extend(merged_ids(app, &c.report.id).await?);
    for id in family {
        if app.store.tasks(&id).await?.iter().any(|t| t.id == task) {
            return Ok(Some(id));
        }
    }
    Ok(None)
}
