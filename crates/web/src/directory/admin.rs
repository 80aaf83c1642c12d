//! Administrators keep the directory (`/{lang}/staff/directory`): create and edit services,
//! verify their details (the only way a service is shown as verified) and retire them.
//! Every change is recorded field by field, with who and when (HSDS metadata), and every
//! instance reloads its directory.

use crate::base::auth::csrf_token;
use crate::base::auth::require_csrf;
use crate::base::auth::PageStaff;
use crate::base::auth::Staff;
use crate::base::chrome::logout_form;
use crate::base::error::field_messages;
use crate::base::error::PageError;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::layout::staff_page;
use crate::now_ms;
use crate::parts::format::date;
use crate::parts::format::datetime;
use crate::parts::i18n::label;
use crate::parts::i18n::Lang;
use crate::service::directory::changed;
use crate::service::directory::to_row;
use crate::App;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use maud::{html, Markup};
use utoipa_axum::router::OpenApiRouter;
use zeri_domain::directory::{
    blank_service, changed_fields, stable_id, Channel, Service, ServiceForm, ServiceKind, ServiceStatus, Verified,
};
use zeri_domain::{authorize, Action, Gazetteer, Relation};
use zeri_storage::{ChangeRow, StoreError};

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/staff/directory"), get(list_page))
            .route(&format!("/{l}/staff/directory/{{id}}"), get(edit_page).post(save_page))
            .route(&format!("/{l}/staff/directory/{{id}}/{{change}}"), post(change_page))
    });
    r
}

fn allowed(lang: Lang, s: &Staff) -> Result<(), PageError> {
    if authorize(s.user.role, Relation::None, false, Action::ManageDirectory).allowed() {
        Ok(())
    } else {
        Err(PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"))
    }
}

async fn list_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Html<String>, PageError> {
    allowed(lang, &s)?;
    let l = lang.code();
    let rows = app.store.services().await.map_err(|e| PageError::internal(lang, e))?;
    let services: Vec<Service> = rows.iter().filter_map(|r| serde_json::from_str(&r.data).ok()).collect();
    Ok(staff_page(
        lang,
        &lang.t("dir-admin-title"),
        html! {
            (logout_form(&app, lang, &s))
            h1 { (lang.t("dir-admin-title")) }
            p { a class="button primary" href={ "/" (l) "/staff/directory/new" } { (lang.t("dir-admin-new")) } }
            table {
                thead { tr { th { (lang.t("dir-field-name")) } th { (lang.t("help-kind")) } th { (lang.t("staff-col-municipality")) } th { (lang.t("dir-admin-checked")) } } }
                tbody { @for sv in &services {
                    tr class=[(sv.status == ServiceStatus::Retired).then_some("disabled")] {
                        td {
                            a href={ "/" (l) "/staff/directory/" (sv.id) } { (sv.name) }
                            @if sv.demo { " " span class="badge demo" { (lang.t("demo-marker")) } }
                            @if sv.status == ServiceStatus::Retired { " " span class="badge" { (lang.t("dir-admin-retired")) } }
                        }
                        td { @for (i, k) in sv.kinds.iter().enumerate() { @if i > 0 { ", " } (label(lang, "kind", k.as_str())) } }
                        td { (sv.municipality.as_deref().unwrap_or("—")) }
                        td { @match &sv.verified { Some(v) => { "✓ " (v.on) }, None => { (sv.last_checked.as_deref().unwrap_or("—")) } } }
                    }
                } }
            }
        },
    ))
}

fn checkbox(name: &str, value: &str, checked: bool, text: String) -> Markup {
    html! { label class="choice" { input type="checkbox" name=(name) value=(value) checked[checked]; span { (text) } } }
}

fn form_view(
    app: &App,
    lang: Lang,
    s: &Staff,
    sv: &Service,
    updated_at: Option<i64>,
    changes: &[ChangeRow],
    errors: &std::collections::BTreeMap<String, String>,
) -> Html<String> {
    let l = lang.code();
    let csrf = csrf_token(app, &s.token);
    let is_new = updated_at.is_none();
    let action = format!("/{l}/staff/directory/{}", if is_new { "new" } else { &sv.id });
    let field = |name: &str, value: Option<&str>, max: usize| {
        html! {
            label for=(name) { (lang.t(&format!("dir-field-{}", name.replace('_', "-")))) }
            @if let Some(e) = errors.get(name) { p class="field-error" role="alert" { (e) } }
            input type="text" id=(name) name=(name) maxlength=(max) value=(value.unwrap_or(""));
        }
    };
    staff_page(
        lang,
        &lang.t("dir-admin-title"),
        html! {
            (logout_form(app, lang, s))
            p { a href={ "/" (l) "/staff/directory" } { "← " (lang.t("dir-admin-title")) } }
            h1 { @if is_new { (lang.t("dir-admin-new")) } @else { (sv.name) } }
            @if !errors.is_empty() { p class="error-summary" role="alert" { (lang.t("error-validation")) } }
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="updated_at" value=(updated_at.map(|u| u.to_string()).unwrap_or_default());
                (field("name", Some(&sv.name), 300))
                (field("alternate_name", sv.alternate_name.as_deref(), 300))
                (field("organization_name", Some(&sv.organization_name), 300))
                label for="description" { (lang.t("dir-field-description")) }
                @if let Some(e) = errors.get("description") { p class="field-error" role="alert" { (e) } }
                textarea id="description" name="description" maxlength="4000" { (sv.description) }
                fieldset {
                    legend { (lang.t("help-kind")) }
                    @if let Some(e) = errors.get("kinds") { p class="field-error" role="alert" { (e) } }
                    @for k in ServiceKind::ALL { (checkbox("kinds", k.as_str(), sv.kinds.contains(k), label(lang, "kind", k.as_str()))) }
                }
                fieldset {
                    legend { (lang.t("dir-field-channels")) }
                    @if let Some(e) = errors.get("channels") { p class="field-error" role="alert" { (e) } }
                    @for c in Channel::ALL { (checkbox("channels", c.as_str(), sv.channels.contains(c), label(lang, "channel", c.as_str()))) }
                }
                (checkbox("free", "on", sv.free, lang.t("dir-field-free")))
                (field("fees_description", sv.fees_description.as_deref(), 1000))
                (field("phone", sv.phone.as_deref(), 50))
                (field("email", sv.email.as_deref(), 254))
                (field("url", sv.url.as_deref(), 2000))
                (field("hours", sv.hours.as_deref(), 300))
                (field("languages", Some(&sv.languages.join(", ")), 100))
                (field("minimum_age", sv.minimum_age.map(|a| a.to_string()).as_deref(), 3))
                (field("maximum_age", sv.maximum_age.map(|a| a.to_string()).as_deref(), 3))
                (field("eligibility", sv.eligibility.as_deref(), 1000))
                (field("municipality", sv.municipality.as_deref(), 100))
                (field("address", sv.address.as_deref(), 300))
                (field("latitude", sv.location.map(|p| p.lat.to_string()).as_deref(), 20))
                (field("longitude", sv.location.map(|p| p.lon.to_string()).as_deref(), 20))
                (field("source_url", sv.source_url.as_deref(), 2000))
                (field("last_checked", sv.last_checked.as_deref(), 10))
                p class="hint" { (lang.t("dir-admin-verified-hint")) }
                p { button class="primary" type="submit" { (lang.t("dir-admin-save")) } }
            }
            @if !is_new {
                h2 { (lang.t("dir-admin-verification")) }
                p { @match &sv.verified {
                    Some(v) => { (lang.t_args("dir-admin-verified-by", &[("who", v.by.clone().into()), ("date", v.on.clone().into())])) },
                    None => { (lang.t("dir-admin-not-verified")) },
                } }
                @for (change, key) in [("verify", "dir-admin-verify"), ("retire", "dir-admin-retire")] {
                    form method="post" action={ "/" (l) "/staff/directory/" (sv.id) "/" (change) } class="inline" {
                        input type="hidden" name="csrf" value=(csrf_token(app, &s.token));
                        button type="submit" { (lang.t(key)) }
                    }
                }
                h2 { (lang.t("dir-admin-history")) }
                ul class="history" { @for c in changes.iter().rev() {
                    li { span class="meta" { (datetime(c.last_action_date)) " · " (c.updated_by) " · " (c.last_action_type) }
                        (c.field_name) @if !c.previous_value.is_empty() || !c.replacement_value.is_empty() { ": " (c.previous_value) " → " (c.replacement_value) } }
                } }
            }
        },
    )
}

async fn load(app: &App, lang: Lang, id: &str) -> Result<(Service, Option<i64>), PageError> {
    if id == "new" {
        return Ok((blank_service(uuid::Uuid::new_v4().to_string()), None));
    }
    let row = app
        .store
        .service(id)
        .await
        .map_err(|e| PageError::internal(lang, e))?
        .ok_or_else(|| PageError::not_found(lang))?;
    let sv = serde_json::from_str(&row.data).map_err(|e| PageError::internal(lang, e))?;
    Ok((sv, Some(row.updated_at)))
}

async fn edit_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
) -> Result<Html<String>, PageError> {
    allowed(lang, &s)?;
    let (sv, updated_at) = load(&app, lang, &id).await?;
    let changes = app.store.service_changes(&sv.id).await.map_err(|e| PageError::internal(lang, e))?;
    Ok(form_view(&app, lang, &s, &sv, updated_at, &changes, &Default::default()))
}

fn change_rows(user: &str, id: &str, action: &str, fields: Vec<(String, String, String)>, at: i64) -> Vec<ChangeRow> {
    fields
        .into_iter()
        .map(|(field, before, after)| ChangeRow {
            id: uuid::Uuid::new_v4().to_string(),
            resource_id: id.to_owned(),
            resource_type: "service".into(),
            last_action_date: at,
            last_action_type: action.into(),
            field_name: field,
            previous_value: before,
            replacement_value: after,
            updated_by: user.to_owned(),
        })
        .collect()
}

/// Saves a new version if nobody changed the service since the form was shown.
async fn save(
    app: &App,
    lang: Lang,
    s: &Staff,
    before: &Service,
    after: Service,
    expected: Option<i64>,
    action: &str,
) -> Result<Response, PageError> {
    let at = now_ms().max(expected.unwrap_or(0) + 1);
    let changes = change_rows(&s.user.username, &after.id, action, changed_fields(before, &after), at);
    match app.store.save_service(&to_row(&after, at), expected, &changes).await {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => {
            return Err(PageError::new(StatusCode::CONFLICT, lang, "directory-conflict"))
        }
        Err(e) => return Err(PageError::internal(lang, e)),
    }
    changed(app).await.map_err(|e| PageError::internal(lang, e))?;
    tracing::info!(staff = %s.user.id, action, "directory service saved");
    Ok(Redirect::to(&format!("/{}/staff/directory/{}", lang.code(), after.id)).into_response())
}

async fn save_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path(id): Path<String>,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    allowed(lang, &s)?;
    let get = |k: &str| fields.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    require_csrf(&app, lang, &s, get("csrf"))?;
    let (before, _) = load(&app, lang, &id).await?;
    let expected = get("updated_at").and_then(|v| v.parse::<i64>().ok());
    match ServiceForm(fields.clone()).apply(&before, Gazetteer::albania()) {
        Ok(mut after) => {
            if id == "new" || after.organization_name != before.organization_name {
                after.organization_id = stable_id("organization", &after.organization_name);
            }
            // Editing details does not carry a verification over: it must be verified again.
            if changed_fields(&before, &after).iter().any(|(f, _, _)| f != "last_checked") {
                after.verified = None;
            }
            save(
                &app,
                lang,
                &s,
                &before,
                after,
                if id == "new" { None } else { expected },
                if id == "new" { "create" } else { "update" },
            )
            .await
        }
        Err(errors) => {
            let changes = app.store.service_changes(&before.id).await.map_err(|e| PageError::internal(lang, e))?;
            let view = form_view(&app, lang, &s, &before, expected, &changes, &field_messages(lang, &errors));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view).into_response())
        }
    }
}

async fn change_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path((id, change)): Path<(String, String)>,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    allowed(lang, &s)?;
    let csrf = fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str());
    require_csrf(&app, lang, &s, csrf)?;
    let (before, updated_at) = load(&app, lang, &id).await?;
    let Some(updated_at) = updated_at else { return Err(PageError::not_found(lang)) };
    let mut after = before.clone();
    let today = date(now_ms());
    match change.as_str() {
        "verify" => {
            after.verified = Some(Verified { by: s.user.username.clone(), on: today.clone() });
            after.last_checked = Some(today);
        }
        "retire" => after.status = ServiceStatus::Retired,
        _ => return Err(PageError::not_found(lang)),
    }
    save(&app, lang, &s, &before, after, Some(updated_at), &change).await
}
