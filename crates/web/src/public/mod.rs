//! The public face: the home page, awareness pages, assets and health.

pub mod assets;
pub mod health;
pub mod learn;
pub mod leave;
pub mod ready;

use crate::base::extract::PageLang;
use crate::base::layout::lines;
use crate::base::layout::page;
use crate::AppState;
use axum::response::Html;
use axum::routing::get;
use maud::html;
use utoipa_axum::router::OpenApiRouter;

pub fn router() -> OpenApiRouter<AppState> {
    crate::base::localised(|r, l| r.route(&format!("/{l}"), get(home)))
        .merge(health::router())
        .merge(ready::router())
        .merge(assets::router())
        .merge(learn::router())
        .merge(leave::router())
}

async fn home(PageLang(lang): PageLang) -> Html<String> {
    let l = lang.code();
    page(
        lang,
        &lang.t("home-title"),
        html! {
            section class="hero" {
                h1 { (lang.t("home-title")) }
                p class="lead" { (lang.t("home-lead")) }
                p { (lang.t("home-not-your-fault")) }
                div class="actions" {
                    a class="button primary" href={ "/" (l) "/report" } { (lang.t("home-report")) }
                    a class="button" href={ "/" (l) "/followup" } { (lang.t("home-followup")) }
                    a class="button" href={ "/" (l) "/report-link" } { (lang.t("home-report-link")) }
                    a class="button" href={ "/" (l) "/help" } { (lang.t("help-title")) }
                    a class="button" href={ "/" (l) "/learn" } { (lang.t("learn-link")) }
                }
            }
            section {
                h2 { (lang.t("home-how-title")) }
                (lines(&lang.t("home-how")))
            }
            section {
                h2 { (lang.t("home-safe-title")) }
                (lines(&lang.t("home-safe")))
            }
        },
    )
}
