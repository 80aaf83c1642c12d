//! The wellbeing API: one's own exposure, the administrator's weekly summary and limits.

use crate::base::auth::ApiStaff;
use crate::base::error::ApiError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonFields;
use crate::base::extract::JsonObject;
use crate::service::wellbeing::Week;
use crate::AppState;
use axum::extract::{Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use zeri_domain::wellbeing::{day_date, Limits, Today};

/// Which week: this one (0, the default) or so many weeks before (up to 52).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WeekParams {
    /// Weeks before this one (Monday to Sunday, Tirana time): 0 to 52.
    pub(crate) weeks_ago: Option<String>,
}

impl WeekParams {
    /// The number of weeks, or the service's refusal of a value that is not one.
    pub(crate) fn weeks(&self) -> i64 {
        match self.weeks_ago.as_deref().map(str::trim) {
            None | Some("") => 0,
            Some(v) => v.parse().unwrap_or(-1),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LimitsJson {
    daily_limit_minutes: i64,
    break_after_minutes: i64,
}

impl From<Limits> for LimitsJson {
    fn from(l: Limits) -> Self {
        Self { daily_limit_minutes: l.daily_limit_minutes, break_after_minutes: l.break_after_minutes }
    }
}

/// One day: numbers only.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DayJson {
    /// `YYYY-MM-DD`, Tirana time.
    date: String,
    exposure_seconds: i64,
    openings: i64,
    breaks: i64,
    /// The day's exposure reached the daily limit (as it is set now).
    reached_limit: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct WeekJson {
    /// The Monday the week begins, `YYYY-MM-DD`.
    week_start: String,
    days: Vec<DayJson>,
    exposure_seconds: i64,
    openings: i64,
    breaks: i64,
    days_reached_limit: i64,
}

impl From<&Week> for WeekJson {
    fn from(w: &Week) -> Self {
        Self {
            week_start: day_date(w.first_day),
            days: w
                .days
                .iter()
                .map(|d| DayJson {
                    date: day_date(d.day),
                    exposure_seconds: d.exposed_s,
                    openings: d.openings,
                    breaks: d.breaks,
                    reached_limit: d.reached_limit,
                })
                .collect(),
            exposure_seconds: w.exposed_s(),
            openings: w.openings(),
            breaks: w.breaks(),
            days_reached_limit: w.days_reached_limit(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TodayJson {
    exposure_seconds: i64,
    openings: i64,
    breaks: i64,
    /// Exposure left before the daily limit.
    left_seconds: i64,
    /// Exposure left before a break is asked for.
    next_break_in_seconds: i64,
}

impl From<&Today> for TodayJson {
    fn from(t: &Today) -> Self {
        Self {
            exposure_seconds: t.exposed_s,
            openings: t.openings,
            breaks: t.breaks,
            left_seconds: t.left_s(),
            next_break_in_seconds: t.next_break_in_s(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OwnJson {
    today: TodayJson,
    limits: LimitsJson,
    week: WeekJson,
}

/// Your own exposure to material: today, and a week by day (numbers only).
#[utoipa::path(get, path = "/api/v1/wellbeing", tag = "wellbeing", params(WeekParams),
    responses((status = 200, body = OwnJson), (status = 401), (status = 422)),
    security(("bearer" = [])))]
pub async fn own_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Query(q): Query<WeekParams>,
) -> Result<Json<OwnJson>, ApiError> {
    let week = crate::service::wellbeing::week_of(&app, &s.user, q.weeks()).await.map_err(|f| f.api(lang))?;
    let today = crate::service::wellbeing::today(&app, &s.user).await.map_err(|f| f.api(lang))?;
    Ok(Json(OwnJson { today: (&today).into(), limits: week.limits.into(), week: (&week).into() }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct StaffWeekJson {
    username: String,
    role: String,
    week: WeekJson,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SummaryJson {
    limits: LimitsJson,
    week_start: String,
    staff: Vec<StaffWeekJson>,
}

/// The weekly summary of every staff member who opened material or may open it: hours of
/// exposure by day, openings, breaks, days the limit was reached. Numbers only: never a
/// file, a case or a description. Administrators only; each reading is audited.
#[utoipa::path(get, path = "/api/v1/admin/wellbeing", tag = "wellbeing", params(WeekParams),
    responses((status = 200, body = SummaryJson), (status = 401), (status = 403), (status = 422)),
    security(("bearer" = [])))]
pub async fn summary_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Query(q): Query<WeekParams>,
) -> Result<Json<SummaryJson>, ApiError> {
    let (limits, weeks) =
        crate::service::wellbeing::staff_weeks(&app, &s.user, q.weeks()).await.map_err(|f| f.api(lang))?;
    let week_start = weeks.first().map(|(_, w)| day_date(w.first_day)).unwrap_or_default();
    Ok(Json(SummaryJson {
        limits: limits.into(),
        week_start,
        staff: weeks
            .iter()
            .map(|(u, w)| StaffWeekJson {
                username: u.username.clone(),
                role: u.role.as_str().to_owned(),
                week: w.into(),
            })
            .collect(),
    }))
}

/// The daily limit of exposure and the break interval, in minutes.
#[utoipa::path(get, path = "/api/v1/admin/wellbeing/limits", tag = "wellbeing",
    responses((status = 200, body = LimitsJson), (status = 401), (status = 403)),
    security(("bearer" = [])))]
pub async fn limits_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
) -> Result<Json<LimitsJson>, ApiError> {
    if !crate::service::wellbeing::is_administrator(&s.user) {
        return Err(crate::service::case::Fail::Forbidden.api(lang));
    }
    Ok(Json(crate::service::wellbeing::limits(&app).await.map_err(|f| f.api(lang))?.into()))
}

/// Sets the daily limit of exposure (5 to 720 minutes; default 300, five hours) and the
/// break interval (5 to 240 minutes; default 60). Administrators only; audited.
#[utoipa::path(put, path = "/api/v1/admin/wellbeing/limits", tag = "wellbeing",
    request_body(content = LimitsBody, content_type = "application/json"),
    responses((status = 200, body = LimitsJson), (status = 400), (status = 401), (status = 403), (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn set_limits_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    body: JsonObject,
) -> Result<Json<LimitsJson>, ApiError> {
    let mut f = JsonFields::new(body, &["daily_limit_minutes", "break_after_minutes"]);
    let whole = |n: Option<i64>| n.map(|n| n.to_string());
    let (daily, break_after) = (whole(f.integer("daily_limit_minutes")), whole(f.integer("break_after_minutes")));
    if let Some(e) = f.finish(lang, None) {
        return Err(e);
    }
    let limits = crate::service::wellbeing::set_limits(&app, &s.user, daily.as_deref(), break_after.as_deref())
        .await
        .map_err(|f| f.api(lang))?;
    Ok(Json(limits.into()))
}

crate::base::schema::request_body!(
    /// `PUT /api/v1/admin/wellbeing/limits`.
    LimitsBody => body("The daily limit of exposure to material and the break interval, in whole minutes",
        vec![
            ("daily_limit_minutes", integer("5 to 720 (default 300: five hours)"), true),
            ("break_after_minutes", integer("5 to 240 (default 60: a break every hour)"), true),
        ],
        serde_json::json!({"daily_limit_minutes": 300, "break_after_minutes": 60}))
);
