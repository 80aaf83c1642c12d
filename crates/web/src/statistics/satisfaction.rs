//! Satisfaction after chats, on the statistics page: per organisation that answers chats,
//! the figure of `service::ratings::satisfaction` for the period, hidden under the
//! small-number rule.

use crate::parts::i18n::{org_name, Lang};
use crate::service::ratings::{satisfaction, SATISFACTION_MIN};
use crate::App;
use maud::{html, Markup};
use zeri_domain::permission::OrgKind;
use zeri_domain::statistics::Period;

pub(crate) async fn section(app: &App, lang: Lang, period: Period) -> Result<Markup, String> {
    let orgs = app.store.organisations().await.map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    for o in orgs.iter().filter(|o| matches!(o.kind, OrgKind::Helpline | OrgKind::Hotline | OrgKind::Service)) {
        let s = satisfaction(app, &o.id, period).await.map_err(|e| e.to_string())?;
        if s.ratings > 0 {
            rows.push((org_name(lang, o), s));
        }
    }
    let pct = |v: Option<f64>| v.map(|p| format!("{p:.1} %")).unwrap_or_else(|| lang.t("rating-stats-hidden"));
    Ok(html! {
        section class="card" id="satisfaction" {
            h2 { (lang.t("rating-stats-title")) }
            p class="small" { (lang.t_args("rating-stats-hint", &[("min", SATISFACTION_MIN.into())])) }
            @if rows.is_empty() {
                p { (lang.t("rating-stats-none")) }
            } @else {
                table {
                    thead { tr {
                        th { (lang.t("rating-stats-org")) }
                        th { (lang.t("rating-stats-count")) }
                        th { (lang.t("rating-stats-listened")) }
                        th { (lang.t("rating-stats-come-back")) }
                    } }
                    tbody { @for (name, s) in &rows {
                        tr data-org=(name) {
                            td { (name) }
                            td { @if s.ratings >= SATISFACTION_MIN { (s.ratings) } @else { (lang.t("rating-stats-hidden")) } }
                            td { (pct(s.listened_percent)) }
                            td { (pct(s.come_back_percent)) }
                        }
                    } }
                }
            }
        }
    })
}
