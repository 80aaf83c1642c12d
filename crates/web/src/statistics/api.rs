//! The statistics API and the public release.

use crate::base::auth::ApiStaff;
use crate::base::error::ApiError;
use crate::base::extract::ApiLang;
use crate::parts::i18n::Lang;
use crate::service::statistics::release::release;
use crate::service::statistics::release::ReleaseError;
use crate::service::statistics::services;
use crate::service::statistics::span_ms;
use crate::service::statistics::table;
use crate::service::statistics::tables;
use crate::service::statistics::ymd;
use crate::service::statistics::CoverageRow;
use crate::service::statistics::Params;
use crate::service::statistics::ServicesRow;
use crate::service::statistics::Table;
use crate::statistics::pages::allowed;
use crate::statistics::pages::epsilon_text;
use crate::AppState;
use axum::extract::Query as UrlQuery;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_domain::statistics::privacy;
use zeri_domain::statistics::suppress;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Statistics {
    /// The period: `2026-11`, `2026-Q4` or `2026`.
    period: String,
    /// First day of the period (UTC).
    from: String,
    /// Day after the last.
    to: String,
    threshold: u64,
    tables: Vec<Table>,
    /// In-person services in the directory, by municipality and kind (public figures:
    /// not suppressed), and how many municipalities have none within 30 km.
    services: Vec<ServicesRow>,
    coverage: Vec<CoverageRow>,
}

/// The statistics of a period as JSON: every table suppressed (in a month, cells under the
/// threshold as "<5", others hidden to protect them as "–"; in a quarter or a year every
/// hidden cell as "–", and hidden wherever one of its months hides it), and the
/// directory's coverage. Periods are whole months, quarters or years that have ended: no
/// other span of days, so that no two periods differ by a day. Statisticians and
/// administrators only.
#[utoipa::path(get, path = "/api/v1/statistics", tag = "statistics", params(Params),
    responses((status = 200, body = Statistics), (status = 401), (status = 403), (status = 422)),
    security(("bearer" = [])))]
pub async fn statistics_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    UrlQuery(params): UrlQuery<Params>,
) -> Result<Json<Statistics>, ApiError> {
    if !allowed(&s) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang));
    }
    let period = params.period().map_err(|code| bad_period(lang, code))?;
    let tables = tables(&app, lang, period, params.threshold()).await.map_err(|e| ApiError::internal(lang, e))?;
    let (services, coverage) = services(&app);
    let (from, to) = span_ms(period);
    Ok(Json(Statistics {
        period: period.to_string(),
        from: ymd(from),
        to: ymd(to),
        threshold: params.threshold(),
        tables,
        services,
        coverage,
    }))
}

fn bad_period(lang: Lang, code: &str) -> ApiError {
    let msg = lang.t(&format!("stats-error-{code}"));
    ApiError::invalid(lang, BTreeMap::from([("period".to_owned(), msg)]))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicRelease {
    /// The period: `2026-11`, `2026-Q4` or `2026`.
    period: String,
    from: String,
    to: String,
    /// The privacy budget ε this release spends on each month of the period (split evenly
    /// over its tables).
    epsilon: f64,
    budget: Budget,
    /// When the release was made (ms since the epoch). Asked again, it is the same release:
    /// the same figures, nothing more spent.
    released_at: i64,
    /// How the figures were made, in words.
    method: String,
    tables: Vec<Table>,
}

/// The privacy budget of the period's months.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Budget {
    /// The total ε a month may carry over all releases that cover it.
    total: f64,
    /// What the most-spent month of the period carries, this release included.
    spent: f64,
    left: f64,
}

/// A public release: each table's counts with Laplace noise (differential privacy; each
/// report counts once in each table, so a table's sensitivity is 1 and ε is split evenly
/// across tables), rounded and floored at 0, then small numbers suppressed as everywhere.
/// The noise is seeded by a keyed hash of the request and the release recorded, so the same
/// request gets the same figures and spends nothing more. Each new release spends its ε on
/// every month of its period; one that would take a month past the budget (1 per month) is
/// refused with 409. Statisticians and administrators only.
#[utoipa::path(get, path = "/api/v1/statistics/public", tag = "statistics", params(Params),
    responses((status = 200, body = PublicRelease), (status = 401), (status = 403), (status = 409), (status = 422)),
    security(("bearer" = [])))]
pub async fn public_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    UrlQuery(params): UrlQuery<Params>,
) -> Result<Json<PublicRelease>, ApiError> {
    if !allowed(&s) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang));
    }
    let Some(epsilon_milli) = privacy::epsilon_milli(params.epsilon.unwrap_or(0.5)) else {
        return Err(ApiError::invalid(lang, BTreeMap::from([("epsilon".to_owned(), lang.t("stats-error-epsilon"))])));
    };
    let period = params.period().map_err(|code| bad_period(lang, code))?;
    let threshold = params.threshold();
    let made = match release(&app, period, epsilon_milli).await {
        Ok(r) => r,
        Err(ReleaseError::OverBudget { spent_milli }) => {
            let args = [
                ("spent", epsilon_text(spent_milli).into()),
                ("left", epsilon_text(privacy::BUDGET_MILLI - spent_milli).into()),
                ("total", epsilon_text(privacy::BUDGET_MILLI).into()),
            ];
            return Err(ApiError {
                message: lang.t_args("error-privacy-budget-spent", &args),
                ..ApiError::new(StatusCode::CONFLICT, "privacy-budget-spent", lang)
            });
        }
        Err(ReleaseError::Internal(e)) => return Err(ApiError::internal(lang, e)),
    };
    let per_table = made.epsilon_milli as f64 / 1000.0 / made.counts.len() as f64;
    let note = lang.t_args("stats-noise-note", &[("epsilon", format!("{per_table:.3}").into())]);
    let tables = made
        .counts
        .iter()
        .map(|c| table(lang, c, &suppress(&c.counts, threshold), threshold, true, Some(note.clone())))
        .collect();
    let epsilon = epsilon_text(made.epsilon_milli);
    let method = lang.t_args("stats-public-method", &[("epsilon", epsilon.into())]);
    let (from, to) = span_ms(period);
    let milli = |m: i64| m as f64 / 1000.0;
    Ok(Json(PublicRelease {
        period: period.to_string(),
        from: ymd(from),
        to: ymd(to),
        epsilon: milli(made.epsilon_milli),
        budget: Budget {
            total: milli(privacy::BUDGET_MILLI),
            spent: milli(made.spent_milli),
            left: milli(privacy::BUDGET_MILLI - made.spent_milli),
        },
        released_at: made.released_at,
        method,
        tables,
    }))
}
