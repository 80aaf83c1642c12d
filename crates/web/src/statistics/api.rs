//! The statistics API and the public release.

use crate::base::auth::ApiStaff;
use crate::base::error::ApiError;
use crate::base::extract::ApiLang;
use crate::parts::i18n::Lang;
use crate::service::statistics::counted;
use crate::service::statistics::noisy;
use crate::service::statistics::services;
use crate::service::statistics::table;
use crate::service::statistics::tables;
use crate::service::statistics::ymd;
use crate::service::statistics::CoverageRow;
use crate::service::statistics::Params;
use crate::service::statistics::ServicesRow;
use crate::service::statistics::Table;
use crate::statistics::pages::allowed;
use crate::AppState;
use axum::extract::Query as UrlQuery;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_domain::statistics::suppress;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Statistics {
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

/// The statistics of a period as JSON: every table suppressed (cells under the threshold
/// as "<5", others hidden to protect them as "–"), and the directory's coverage.
/// Statisticians and administrators only.
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
    let (from, to) = params.period().map_err(|code| bad_period(lang, code))?;
    let tables = tables(&app, lang, &params).await.map_err(|e| ApiError::internal(lang, e))?;
    let (services, coverage) = services(&app);
    Ok(Json(Statistics { from: ymd(from), to: ymd(to), threshold: params.threshold(), tables, services, coverage }))
}

fn bad_period(lang: Lang, code: &str) -> ApiError {
    let msg = lang.t(&format!("stats-error-{code}"));
    ApiError::invalid(lang, BTreeMap::from([("period".to_owned(), msg)]))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicRelease {
    from: String,
    to: String,
    /// The total privacy budget spent by this release (sum over its tables).
    epsilon: f64,
    /// How the figures were made, in words.
    method: String,
    tables: Vec<Table>,
}

/// A public release: each table's counts with Laplace noise (differential privacy; each
/// report counts once in each table, so a table's sensitivity is 1 and the budget ε is
/// split evenly across tables), rounded and floored at 0, then small numbers suppressed as
/// everywhere. The budget is stated on the release. Statisticians and administrators only.
#[utoipa::path(get, path = "/api/v1/statistics/public", tag = "statistics", params(Params),
    responses((status = 200, body = PublicRelease), (status = 401), (status = 403), (status = 422)),
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
    let epsilon = params.epsilon.unwrap_or(1.0);
    if !(0.1..=10.0).contains(&epsilon) {
        return Err(ApiError::invalid(lang, BTreeMap::from([("epsilon".to_owned(), lang.t("stats-error-epsilon"))])));
    }
    let (from, to) = params.period().map_err(|code| bad_period(lang, code))?;
    let threshold = params.threshold();
    let mut counts = counted(&app, from, to).await.map_err(|e| ApiError::internal(lang, e))?;
    // Referrals and outcomes count a report more than once across rows: keep only the
    // tables where each report counts exactly once, so sensitivity 1 holds.
    counts.retain(|c| matches!(c.id, "month-category" | "county-age" | "reporter-age" | "timing"));
    let per_table = epsilon / counts.len() as f64;
    let mut rng = rand::thread_rng();
    for c in &mut counts {
        for row in &mut c.counts {
            for v in row.iter_mut() {
                *v = noisy(*v, 1.0 / per_table, &mut rng);
            }
        }
    }
    let note = lang.t_args("stats-noise-note", &[("epsilon", format!("{per_table:.3}").into())]);
    let tables =
        counts.iter().map(|c| table(lang, c, &suppress(&c.counts, threshold), threshold, Some(note.clone()))).collect();
    let method = lang.t_args("stats-public-method", &[("epsilon", format!("{epsilon}").into())]);
    Ok(Json(PublicRelease { from: ymd(from), to: ymd(to), epsilon, method, tables }))
}
