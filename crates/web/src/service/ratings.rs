//! A short anonymous rating after a chat: two questions ("Did you feel listened to?" yes,
//! partly, no; "Would you come back?" yes, no), counted into a satisfaction figure for the
//! organisation that answered.
//!
//! Unlinkable by construction: a rating is stored only as a count in the cell (organisation,
//! month, answer to each question), never as a row of its own, so no chat, case, token or
//! time finer than the month is kept with it. One rating per chat: the chat's rating token
//! (a keyed digest of the chat id, so the follow-up page can show the form again until it
//! is used) is marked used in the same transaction as the count goes up; the token table
//! knows that a chat was rated, never how.

use crate::now_ms;
use crate::service::case::{invalid, Fail};
use crate::App;
use zeri_domain::statistics::Period;
use zeri_storage::StoreError;

/// Answers to "Did you feel listened to?".
pub const LISTENED: [&str; 3] = ["yes", "partly", "no"];
/// Answers to "Would you come back?".
pub const COME_BACK: [&str; 2] = ["yes", "no"];

/// Fewer ratings than this in a period and the figure is not shown (as the statistics'
/// small-number rule): a handful of answers could be recognised by the counsellor.
pub const SATISFACTION_MIN: i64 = 5;

fn token_of(app: &App, chat_id: &str) -> String {
    hex::encode(app.keys.lookup_digest("chat-rating", chat_id.as_bytes()))
}

fn digest_of(app: &App, token: &str) -> String {
    hex::encode(app.keys.lookup_digest("chat-rating-token", token.as_bytes()))
}

/// The rating token for the report's last answered chat, while it is unused; `None` when
/// there is nothing to rate.
pub async fn offer(app: &App, report_id: &str) -> Result<Option<String>, Fail> {
    let Some((chat_id, staff_id)) = app.store.last_answered_chat(report_id).await? else { return Ok(None) };
    let Some(org) = app.store.staff_by_id(&staff_id).await?.and_then(|s| s.org_id) else { return Ok(None) };
    let token = token_of(app, &chat_id);
    let open = app.store.issue_rating_token(&chat_id, &digest_of(app, &token), &org).await?;
    Ok(open.then_some(token))
}

/// The month (`YYYY-MM`, UTC) of `at` (milliseconds since the Unix epoch).
fn month_of(at: i64) -> String {
    let n = *Period::last_full_month(at.div_euclid(86_400_000)).month_numbers().start() + 1;
    format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1)
}

fn month_text(n: i32) -> String {
    format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1)
}

/// Counts one rating with the token; `Conflict` when the token is unknown or used.
pub async fn rate(app: &App, token: &str, listened: Option<&str>, come_back: Option<&str>) -> Result<(), Fail> {
    let listened = listened
        .map(str::trim)
        .filter(|v| LISTENED.contains(v))
        .ok_or_else(|| invalid("listened", "required-choice"))?;
    let come_back = come_back
        .map(str::trim)
        .filter(|v| COME_BACK.contains(v))
        .ok_or_else(|| invalid("come_back", "required-choice"))?;
    if token.len() != 64 {
        return Err(Fail::Conflict("rating-used"));
    }
    match app.store.rate_chat(&digest_of(app, token), &month_of(now_ms()), listened, come_back).await {
        Ok(()) => Ok(()),
        Err(StoreError::NotFound) => Err(Fail::Conflict("rating-used")),
        Err(e) => Err(e.into()),
    }
}

/// An organisation's satisfaction figure for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Satisfaction {
    /// How many ratings were counted.
    pub ratings: i64,
    /// "Did you feel listened to?": yes, partly, no.
    pub listened: [i64; 3],
    /// "Would you come back?": yes, no.
    pub come_back: [i64; 2],
    /// Share who felt listened to (yes counts 1, partly ½), in per cent; `None` under
    /// [`SATISFACTION_MIN`] ratings.
    pub listened_percent: Option<f64>,
    /// Share who would come back, in per cent; `None` under [`SATISFACTION_MIN`] ratings.
    pub come_back_percent: Option<f64>,
}

/// The satisfaction figure of `org_id` over `period`, from the rating counts. The one
/// function every figure of satisfaction uses (the statistics page, supervisors' figures).
pub async fn satisfaction(app: &App, org_id: &str, period: Period) -> Result<Satisfaction, StoreError> {
    let months = period.month_numbers();
    let counts = app.store.rating_counts(org_id, &month_text(*months.start()), &month_text(*months.end())).await?;
    let mut listened = [0i64; 3];
    let mut come_back = [0i64; 2];
    for c in &counts {
        if let Some(i) = LISTENED.iter().position(|v| *v == c.listened) {
            listened[i] += c.count;
        }
        if let Some(i) = COME_BACK.iter().position(|v| *v == c.come_back) {
            come_back[i] += c.count;
        }
    }
    let ratings: i64 = listened.iter().sum();
    let shown = ratings >= SATISFACTION_MIN;
    let percent = |x: f64| (x * 1000.0 / ratings as f64).round() / 10.0;
    Ok(Satisfaction {
        ratings,
        listened,
        come_back,
        listened_percent: shown.then(|| percent(listened[0] as f64 + listened[1] as f64 / 2.0)),
        come_back_percent: shown.then(|| percent(come_back[0] as f64)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_calendar_months() {
        // 2026-12-03 00:00 UTC and the last millisecond of 2026-11-30.
        assert_eq!(month_of(1_796_256_000_000), "2026-12");
        assert_eq!(month_of(1_796_256_000_000 - 2 * 86_400_000 - 1), "2026-11");
        assert_eq!(month_text(2026 * 12), "2026-01");
    }
}
