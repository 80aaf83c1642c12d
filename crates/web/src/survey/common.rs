//! The frontline-worker survey.
//!
//! Administrators create a survey (`/{lang}/staff/surveys`), from the ready template or
//! empty, edit its questions in both languages while it is a draft, open it and share its
//! link (`/{lang}/survey/{slug}`, the slug random and unguessable), and close it.
//! Administrators and statisticians see the results as percentages with their n, under
//! the small-number rule of `zeri_domain::survey::results` (`/{lang}/staff/surveys/{id}/results`,
//! CSV, and `GET /api/v1/surveys/{id}/results`). Free text is sealed at rest and shown only
//! to administrators, only when there are at least as many answers as the threshold, never
//! in a CSV or the API.
//!
//! Answering needs no account and leaves nothing about the person: no cookie is set, the
//! address and browser are not stored or logged, the response row holds the day only (no
//! time), its id is random, and nothing goes into the audit chain (whose entries carry the
//! time to the millisecond). The one trace is the gentle per-client throttle, which keeps a
//! keyed digest of the address for the length of a window; here the digest is also keyed
//! with a random value that lives only in this process's memory, so that once the window is
//! over nobody — not even someone holding the database and the master key — can test
//! whether a given address answered. (The limit is then per instance, which is fine for a
//! limit meant only to stop a flood.)

use crate::base::auth::Staff;
use crate::base::error::PageError;
use crate::now_ms;
use crate::parts::i18n::Lang;
use crate::service::survey::load;
use crate::service::survey::Loaded;
use crate::App;
use axum::http::StatusCode;
use zeri_domain::permission::{authorize, Action, Relation};
use zeri_domain::survey::{QuestionKind, SurveyStatus};
use zeri_storage::NewEvent;

/// Answers per client per throttle window: a room of colleagues behind one address can all
/// answer, a script cannot flood the survey.
pub(crate) const PER_CLIENT: i64 = 50;

/// A response with several long free-text answers in Albanian, form-encoded, fits.
pub(crate) const RESPONSE_BODY_LIMIT: usize = 256 * 1024;

pub(crate) const DAY_MS: i64 = 86_400_000;

pub(crate) fn may(s: &Staff, action: Action) -> bool {
    authorize(s.user.role, Relation::None, false, action).allowed()
}

pub(crate) fn require(lang: Lang, s: &Staff, action: Action) -> Result<(), PageError> {
    if may(s, action) {
        Ok(())
    } else {
        Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"))
    }
}

pub(crate) async fn load_page(app: &App, lang: Lang, id: &str) -> Result<Loaded, PageError> {
    load(app, id).await.map_err(|e| PageError::internal(lang, e))?.ok_or_else(|| PageError::not_found(lang))
}

pub(crate) fn event(s: &Staff, action: &'static str, survey_id: &str) -> NewEvent {
    NewEvent {
        at: now_ms(),
        staff_id: Some(s.user.id.clone()),
        role: Some(s.user.role),
        org_id: s.user.org_id.clone(),
        action,
        detail: Some(survey_id.to_owned()),
        ..NewEvent::default()
    }
}

pub(crate) fn status_label(lang: Lang, status: SurveyStatus) -> String {
    lang.t(&format!("survey-status-{}", status.as_str()))
}

pub(crate) fn kind_label(lang: Lang, kind: QuestionKind) -> String {
    lang.t(&format!("survey-kind-{}", kind.as_str()))
}

pub(crate) fn public_path(lang: Lang, slug: &str) -> String {
    format!("/{}/survey/{slug}", lang.code())
}

/// The public link as people will type or click it.
pub(crate) fn public_link(app: &App, lang: Lang, slug: &str) -> String {
    let base = app.config.public_url.as_deref().unwrap_or("").trim_end_matches('/');
    format!("{base}{}", public_path(lang, slug))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::survey::{count_text, figure_text, mean_text};
    use crate::survey::edit::field_label;
    use zeri_domain::survey::Figure;

    #[test]
    fn figures_as_shown() {
        assert_eq!(figure_text(Figure::Shown { count: 16, percent: 57 }, 28, 5), "57%, n=28");
        assert_eq!(figure_text(Figure::BelowThreshold, 28, 5), "<5");
        assert_eq!(figure_text(Figure::Protected, 28, 5), "–");
        assert_eq!(count_text(Figure::BelowThreshold, 7), "<7");
        assert_eq!(mean_text(Lang::Sq, 34), "3,4");
        assert_eq!(mean_text(Lang::En, 40), "4.0");
    }

    #[test]
    fn every_survey_text_exists_in_both_languages() {
        for lang in Lang::ALL {
            for k in QuestionKind::ALL {
                assert!(!kind_label(lang, *k).starts_with('⟦'), "{k:?}");
            }
            for st in SurveyStatus::ALL {
                assert!(!status_label(lang, *st).starts_with('⟦'), "{st:?}");
            }
            for f in [
                "kind",
                "prompt_sq",
                "prompt_en",
                "hint_sq",
                "hint_en",
                "options_sq",
                "options_en",
                "title_sq",
                "title_en",
                "intro_sq",
                "intro_en",
                "threshold",
                "questions",
                "id",
            ] {
                assert!(!field_label(lang, f).starts_with('⟦'), "{f}");
            }
            for code in [
                "one-answer",
                "exclusive-choice",
                "too-few-options",
                "too-many-options",
                "rating-five",
                "options-mismatch",
                "invalid-id",
                "duplicate-id",
                "no-questions",
                "too-many-questions",
                "invalid-threshold",
                "unexpected-options",
                "unexpected-exclusive",
                "required",
                "required-choice",
                "unknown-choice",
                "too-long",
                "invalid-characters",
                "unknown-field",
            ] {
                assert!(lang.has(&format!("field-error-{code}")), "{lang:?} field-error-{code}");
            }
            for code in ["survey-conflict", "survey-not-draft"] {
                assert!(lang.has(&format!("error-{code}")), "{lang:?} error-{code}");
            }
        }
    }
}
