//! The frontline survey: loading a survey and computing its suppressed results.

use crate::parts::i18n::Lang;
use crate::App;
use std::collections::BTreeMap;
use zeri_domain::survey::{self, Answer, Figure, Survey, SurveyResults};
use zeri_storage::SurveyRow;

/// A stored survey with its definition read.
pub(crate) struct Loaded {
    pub(crate) row: SurveyRow,
    pub(crate) def: Survey,
}

pub(crate) fn parse(row: SurveyRow) -> Result<Loaded, String> {
    let def =
        serde_json::from_str(&row.definition).map_err(|_| format!("survey {} has an unreadable definition", row.id))?;
    Ok(Loaded { row, def })
}

pub(crate) async fn load(app: &App, id: &str) -> Result<Option<Loaded>, String> {
    app.store.survey(id).await.map_err(|e| e.to_string())?.map(parse).transpose()
}

/// A survey's results, and (for administrators) its free text by question, sorted.
pub(crate) struct Computed {
    pub(crate) sv: Loaded,
    pub(crate) results: SurveyResults,
    pub(crate) texts: BTreeMap<String, Vec<String>>,
}

pub(crate) async fn compute(
    app: &App,
    id: &str,
    threshold: Option<u64>,
    with_text: bool,
) -> Result<Option<Computed>, String> {
    let Some(sv) = load(app, id).await? else { return Ok(None) };
    let rows = app.store.survey_responses(id).await.map_err(|e| e.to_string())?;
    let mut answers = Vec::with_capacity(rows.len());
    let mut texts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in &rows {
        let a: BTreeMap<String, Answer> =
            serde_json::from_str(&r.answers).map_err(|_| format!("survey response {} is unreadable", r.id))?;
        answers.push(a);
        if let (true, Some(sealed)) = (with_text, &r.sealed) {
            let plain = app
                .keys
                .open(sealed, zeri_storage::context::survey_text(id, &r.id).as_bytes())
                .map_err(|e| e.to_string())?;
            let map: BTreeMap<String, String> =
                serde_json::from_slice(&plain).map_err(|_| format!("survey response {} text is unreadable", r.id))?;
            for (q, t) in map {
                texts.entry(q).or_default().push(t);
            }
        }
    }
    let results = survey::results(&sv.def, &answers, threshold.unwrap_or(0));
    let texts = texts
        .into_iter()
        .filter_map(|(q, t)| survey::free_text_for_admins(t, results.threshold).map(|t| (q, t)))
        .collect();
    Ok(Some(Computed { sv, results, texts }))
}

/// "56%, n=28", "<5" or "–".
pub(crate) fn figure_text(f: Figure, n: u64, threshold: u64) -> String {
    match f {
        Figure::Shown { percent, .. } => format!("{percent}%, n={n}"),
        Figure::BelowThreshold => format!("<{threshold}"),
        Figure::Protected => "–".to_owned(),
    }
}

pub(crate) fn count_text(f: Figure, threshold: u64) -> String {
    match f {
        Figure::Shown { count, .. } => count.to_string(),
        Figure::BelowThreshold => format!("<{threshold}"),
        Figure::Protected => "–".to_owned(),
    }
}

/// A mean in tenths as people read it: "3,4" in Albanian, "3.4" in English.
pub(crate) fn mean_text(lang: Lang, tenths: u64) -> String {
    let sep = if lang == Lang::Sq { ',' } else { '.' };
    format!("{}{sep}{}", tenths / 10, tenths % 10)
}
