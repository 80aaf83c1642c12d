//! Cases that belong together, on the case page: the linked cases, suggestions from shared
//! evidence files, the merge (with its confirmation step) and what the merged cases said.
//! The forms post to the case operations `link` and `link-merge`
//! (`/{lang}/staff/reports/{id}/link`, `POST /api/v1/cases/{id}/link`, and `…/link-merge`);
//! `GET /api/v1/cases/{id}/linked-cases` gives the same as JSON. The rules are
//! `service::links`.

use crate::base::auth::ApiStaff;
use crate::base::error::ApiError;
use crate::base::extract::ApiLang;
use crate::parts::format::datetime;
use crate::parts::i18n::Lang;
use crate::service::links::LinksView;
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use maud::{html, Markup};
use serde::Serialize;

/// The section of the case page (for those who read the case).
pub fn section(lang: Lang, base: &str, csrf: &str, v: &LinksView, may_link: bool, may_merge: bool) -> Markup {
    html! {
        h2 id="links" { (lang.t("link-title")) }
        @if v.linked.is_empty() && v.hidden == 0 { p class="hint" { (lang.t("link-none")) } }
        @if !v.linked.is_empty() {
            ul class="linked-cases" {
                @for l in &v.linked {
                    li data-linked=(l.id) { a href={ (base.rsplit_once('/').map_or(base, |b| b.0)) "/" (l.id) } { (l.case_ref) } " · " (datetime(l.at)) }
                }
            }
        }
        @if v.hidden > 0 { p class="hint" { (lang.t_args("link-hidden", &[("count", (v.hidden as i64).into())])) } }
        @if !v.suggestions.is_empty() {
            h3 { (lang.t("link-suggestions")) }
            p class="hint" { (lang.t("link-suggestions-hint")) }
            ul class="link-suggestions" {
                @for s in &v.suggestions {
                    li data-suggested=(s.id) {
                        (s.case_ref) " · " (lang.t_args("link-suggestion-shared", &[("count", (s.shared as i64).into())]))
                        @if may_link {
                            form method="post" action={ (base) "/link" } class="inline" {
                                input type="hidden" name="csrf" value=(csrf);
                                input type="hidden" name="other" value=(s.id);
                                button type="submit" { (lang.t("link-add")) }
                            }
                        }
                    }
                }
            }
        }
        @if may_link {
            form method="post" action={ (base) "/link" } {
                input type="hidden" name="csrf" value=(csrf);
                label for="link-other" { (lang.t("link-other")) small { (lang.t("link-other-hint")) } }
                input id="link-other" name="other" maxlength="64" required;
                p { button type="submit" { (lang.t("link-add")) } }
            }
        }
        @if may_merge && !v.linked.is_empty() {
            details id="link-merge" {
                summary { (lang.t("link-merge-title")) }
                p { (lang.t("link-merge-hint")) }
                form method="post" action={ (base) "/link-merge" } {
                    input type="hidden" name="csrf" value=(csrf);
                    label for="merge-other" { (lang.t("link-merge-other")) }
                    select id="merge-other" name="other" {
                        @for l in &v.linked { option value=(l.id) { (l.case_ref) } }
                    }
                    label for="merge-confirm" { (lang.t("link-merge-confirm")) small { (lang.t("link-merge-confirm-hint")) } }
                    input id="merge-confirm" name="confirm" maxlength="64" required autocomplete="off";
                    p { button type="submit" { (lang.t("link-merge-do")) } }
                }
            }
        }
        @for m in &v.merged {
            section class="card merged-case" {
                h3 { (lang.t_args("link-merged-from", &[("case", m.case_ref.clone().into()), ("time", datetime(m.at).into())])) }
                @if let Some(d) = &m.description { div class="description" { @for line in d.lines() { (line) br; } } }
                @for (at, summary) in &m.calls { p { span class="meta" { (lang.t("link-merged-call")) " · " (datetime(*at)) } " " (summary) } }
                @if !m.messages.is_empty() {
                    ul class="messages" {
                        @for msg in &m.messages {
                            li class=(if msg.mine { "mine" } else { "theirs" }) {
                                span class="meta" { (if msg.mine { lang.t("message-from-team") } else { lang.t("message-from-child") }) " · " (datetime(msg.at)) }
                                (msg.body)
                            }
                        }
                    }
                }
            }
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LinkCaseRef {
    id: String,
    case_ref: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LinkSuggested {
    id: String,
    case_ref: String,
    /// How many evidence files (by SHA-256) the two cases share.
    shared: usize,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LinkCases {
    /// Linked cases the user may open.
    linked: Vec<LinkCaseRef>,
    /// Linked cases the user cannot open: only how many.
    hidden: usize,
    /// Cases sharing evidence files with this one, that the user may read, not linked yet.
    suggestions: Vec<LinkSuggested>,
    /// The references of the cases merged into this one.
    merged: Vec<String>,
}

/// The cases linked to this one, suggestions from shared evidence files (only cases the
/// user may read) and the cases merged into it. Reading it is reading the case (audited).
#[utoipa::path(get, path = "/api/v1/cases/{id}/linked-cases", tag = "cases", operation_id = "link_cases", params(("id" = String, Path)),
    responses((status = 200, body = LinkCases), (status = 401), (status = 403), (status = 404)),
    security(("bearer" = [])))]
pub async fn linked_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path(id): Path<String>,
) -> Result<Json<LinkCases>, ApiError> {
    let v = crate::service::links::read(&app, &s.user, &id).await.map_err(|f| f.api(lang))?;
    Ok(Json(LinkCases {
        linked: v.linked.into_iter().map(|l| LinkCaseRef { id: l.id, case_ref: l.case_ref }).collect(),
        hidden: v.hidden,
        suggestions: v
            .suggestions
            .into_iter()
            .map(|s| LinkSuggested { id: s.id, case_ref: s.case_ref, shared: s.shared })
            .collect(),
        merged: v.merged.into_iter().map(|m| m.case_ref).collect(),
    }))
}
