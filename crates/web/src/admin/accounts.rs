//! Administration (`/{lang}/staff/admin`, `/api/v1/admin/…`): staff accounts and
//! organisations. Administrators never see a case; what they change is in the audit log.
//! New accounts get a one-time set-up link (no password an administrator could know): the
//! person chooses their password and second factor, and a second person confirms the
//! account before it can be used (`service::staff`).

use crate::base::auth::csrf_token;
use crate::base::auth::require_csrf;
use crate::base::auth::ApiStaff;
use crate::base::auth::PageStaff;
use crate::base::auth::Staff;
use crate::base::error::refused_page;
use crate::base::error::ApiError;
use crate::base::error::FormFail;
use crate::base::error::PageError;
use crate::base::extract::ApiLang;
use crate::base::extract::JsonObject;
use crate::base::extract::PageForm;
use crate::base::extract::PageLang;
use crate::base::listing;
use crate::now_ms;
use crate::parts::i18n::label;
use crate::parts::i18n::org_name;
use crate::parts::i18n::Lang;
use crate::service::staff::create_staff;
use crate::service::staff::NewStaff;
use crate::service::staff::StaffError;
use crate::App;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use maud::html;
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_domain::permission::{OrgKind, Profession};
use zeri_domain::{authorize, Action, FieldError, FieldErrors, Relation, Role};
use zeri_storage::{NewEvent, OrgRow, StaffRow, StoreError};

pub(crate) enum AdminFail {
    Forbidden,
    NotFound,
    Invalid(FieldErrors),
    Internal(String),
}

impl From<StoreError> for AdminFail {
    fn from(e: StoreError) -> Self {
        AdminFail::Internal(e.to_string())
    }
}

impl AdminFail {
    fn api(self, lang: Lang) -> ApiError {
        match self {
            AdminFail::Forbidden => ApiError::new(StatusCode::FORBIDDEN, "forbidden", lang),
            AdminFail::NotFound => ApiError::not_found(lang),
            AdminFail::Invalid(e) => ApiError::validation(lang, &e),
            AdminFail::Internal(e) => ApiError::internal(lang, e),
        }
    }
    fn page(self, lang: Lang) -> PageError {
        match self {
            AdminFail::Forbidden => PageError::new(StatusCode::FORBIDDEN, lang, "forbidden"),
            AdminFail::NotFound => PageError::not_found(lang),
            AdminFail::Invalid(_) => PageError::new(StatusCode::UNPROCESSABLE_ENTITY, lang, "bad-form"),
            AdminFail::Internal(e) => PageError::internal(lang, e),
        }
    }
}

impl FormFail for AdminFail {
    fn invalid(self) -> Result<FieldErrors, Self> {
        match self {
            AdminFail::Invalid(e) => Ok(e),
            f => Err(f),
        }
    }
    fn error_page(self, lang: Lang) -> PageError {
        self.page(lang)
    }
}

fn bad(field: &'static str, code: &'static str) -> AdminFail {
    AdminFail::Invalid(FieldErrors::from([(field, FieldError::new(code))]))
}

fn allowed(user: &StaffRow, action: Action) -> Result<(), AdminFail> {
    if authorize(user.role, Relation::None, false, action).allowed() {
        Ok(())
    } else {
        Err(AdminFail::Forbidden)
    }
}

fn admin_event(user: &StaffRow, action: &'static str, detail: String) -> NewEvent {
    NewEvent {
        at: now_ms(),
        staff_id: Some(user.id.clone()),
        role: Some(user.role),
        org_id: user.org_id.clone(),
        action,
        detail: Some(detail),
        ..NewEvent::default()
    }
}

/// Creates an account, unconfirmed; returns it with its one-time set-up token, and tells
/// the people who may confirm it.
async fn create(app: &App, by: &StaffRow, f: &BTreeMap<String, String>) -> Result<(StaffRow, String), AdminFail> {
    allowed(by, Action::ManageStaff)?;
    let get = |k: &str| f.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let username = get("username").ok_or_else(|| bad("username", "required"))?;
    let role = get("role").and_then(Role::parse).ok_or_else(|| bad("role", "unknown-choice"))?;
    let profession = match get("profession") {
        Some(p) => Some(Profession::parse(p).ok_or_else(|| bad("profession", "unknown-choice"))?),
        None => None,
    };
    let new = NewStaff { username, role, org_id: get("org"), profession, password: None, totp: None };
    match create_staff(app.store.as_ref(), &app.keys, new, app.config.password_params, Some(by)).await {
        Ok(row) => {
            crate::service::staff::tell_colleagues(app, &row, "staff-pending").await?;
            let token = crate::service::staff::issue_setup(app, &row.id).await?;
            Ok((row, token))
        }
        Err(StaffError::Username) => Err(bad("username", "invalid-username")),
        Err(StaffError::Taken) => Err(bad("username", "username-taken")),
        Err(StaffError::Organisation(..)) | Err(StaffError::UnknownOrganisation) => {
            Err(bad("org", "wrong-organisation"))
        }
        Err(StaffError::Store(e)) => Err(e.into()),
    }
}

/// `disable`, `enable`, `confirm` (a new account made by someone else) or
/// `reset-second-factor` (a lost phone or password: the account goes back to "not set up",
/// every session ends; returns the new set-up token).
pub(crate) async fn change(app: &App, by: &StaffRow, id: &str, change: &str) -> Result<Option<String>, AdminFail> {
    allowed(by, Action::ManageStaff)?;
    let target = app.store.staff_by_id(id).await?.ok_or(AdminFail::NotFound)?;
    let event = admin_event(by, "staff-changed", format!("{}:{change}", target.id));
    match change {
        "disable" if target.id == by.id => Err(bad("change", "not-yourself")),
        "disable" => Ok(app.store.set_staff_disabled(&target.id, true, &event).await.map(|_| None)?),
        "enable" => Ok(app.store.set_staff_disabled(&target.id, false, &event).await.map(|_| None)?),
        "confirm" => match crate::service::staff::confirm(app, by, &target.id).await? {
            true => Ok(None),
            false => Err(bad("change", "not-yours-to-confirm")),
        },
        "reset-second-factor" if target.id == by.id => Err(bad("change", "not-yourself")),
        "reset-second-factor" => Ok(Some(crate::service::staff::reset_access(app, by, &target).await?)),
        _ => Err(AdminFail::NotFound),
    }
}

async fn add_org(app: &App, by: &StaffRow, f: &BTreeMap<String, String>) -> Result<OrgRow, AdminFail> {
    allowed(by, Action::ManageOrganisations)?;
    let get = |k: &str| f.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let kind = get("kind")
        .and_then(OrgKind::parse)
        .filter(|k| matches!(k, OrgKind::Service | OrgKind::Barnahus | OrgKind::Police | OrgKind::Prosecution))
        .ok_or_else(|| bad("kind", "unknown-choice"))?;
    let name = zeri_domain::casework::validate_text("name", get("name"), 3, 200).map_err(AdminFail::Invalid)?;
    let municipality = match get("municipality") {
        Some(m) => match zeri_domain::Gazetteer::albania().municipality(m) {
            Some(found) => Some(found.name.clone()),
            None => return Err(bad("municipality", "unknown-place")),
        },
        None => None,
    };
    let org = OrgRow { id: uuid::Uuid::new_v4().simple().to_string(), kind, name, municipality, demo: false };
    app.store.insert_organisation(&org, &admin_event(by, "organisation-added", org.id.clone())).await?;
    Ok(org)
}

// ----- pages -----

fn admin_view(
    app: &App,
    lang: Lang,
    s: &Staff,
    staff: &[StaffRow],
    orgs: &[OrgRow],
    notice: Option<maud::Markup>,
    errors: &BTreeMap<String, String>,
) -> Html<String> {
    let l = lang.code();
    let csrf = csrf_token(app, &s.token);
    let org_of = |id: &Option<String>| {
        id.as_ref()
            .and_then(|i| orgs.iter().find(|o| &o.id == i))
            .map(|o| org_name(lang, o))
            .unwrap_or_else(|| "—".into())
    };
    let staff_heads = ["staff-username", "admin-role", "admin-org", "admin-second-factor", ""];
    listing::page(
        app,
        lang,
        s,
        &lang.t("admin-title"),
        None,
        html! {
            p { a href={ "/" (l) "/staff/admin/hosts" } { (lang.t("hosts-title")) } }
            p { a href={ "/" (l) "/staff/admin/partners" } { (lang.t("exchange-partners-title")) } }
            p { a href={ "/" (l) "/staff/admin/wellbeing" } { (lang.t("wellbeing-admin-title")) } }
            (listing::outcome(lang, notice, errors, "case-field-"))
            h2 { (lang.t("admin-staff")) }
            (listing::table(lang, &staff_heads, html! { @for u in staff {
                @let change = |what: &str, key: &str| listing::row_button(&format!("/{l}/staff/admin/staff/{}/{what}", u.id), &csrf, &lang.t(key));
                tr class=[u.disabled.then_some("disabled")] {
                    td {
                        (u.username) @if u.disabled { " " span class="badge" { (lang.t("admin-disabled")) } }
                        @if u.confirmed_at.is_none() { " " span class="badge" { (lang.t("admin-awaiting")) } }
                    }
                    td { (lang.t(&u.role.public_name_key())) @if let Some(p) = u.profession { br; span class="meta" { (label(lang, "profession", p.as_str())) } } }
                    td { (org_of(&u.org_id)) }
                    td { (lang.t(if u.totp_sealed.is_some() { "yes" } else { "no" })) }
                    td {
                        @if crate::service::staff::may_confirm(&s.user, u) { (change("confirm", "admin-confirm")) }
                        @if u.disabled { (change("enable", "admin-enable")) } @else { (change("disable", "admin-disable")) }
                        (change("reset-second-factor", "admin-reset-second-factor"))
                    }
                }
            } }))
            h3 { (lang.t("admin-add-staff")) }
            form method="post" action={ "/" (l) "/staff/admin/staff" } {
                input type="hidden" name="csrf" value=(csrf);
                label for="new-username" { (lang.t("staff-username")) }
                input type="text" id="new-username" name="username" maxlength="64" required;
                label for="new-role" { (lang.t("admin-role")) }
                select id="new-role" name="role" { @for r in Role::ALL { option value=(r.as_str()) { (lang.t(&r.public_name_key())) } } }
                label for="new-org" { (lang.t("admin-org")) small { (lang.t("admin-org-hint")) } }
                select id="new-org" name="org" {
                    option value="" { "—" }
                    @for o in orgs { option value=(o.id) { (org_name(lang, o)) } }
                }
                label for="new-profession" { (lang.t("admin-profession")) }
                select id="new-profession" name="profession" {
                    option value="" { "—" }
                    @for p in Profession::ALL { option value=(p.as_str()) { (label(lang, "profession", p.as_str())) } }
                }
                p { button class="primary" type="submit" { (lang.t("admin-create")) } }
            }
            h2 { (lang.t("admin-orgs")) }
            (listing::table(lang, &["admin-org", "admin-kind", "staff-col-municipality"], html! {
                @for o in orgs { tr { td { (org_name(lang, o)) } td { (label(lang, "recipient", o.kind.as_str())) } td { (o.municipality.as_deref().unwrap_or("—")) } } }
            }))
            h3 { (lang.t("admin-add-org")) }
            form method="post" action={ "/" (l) "/staff/admin/organisations" } {
                input type="hidden" name="csrf" value=(csrf);
                label for="org-name" { (lang.t("admin-org-name")) }
                input type="text" id="org-name" name="name" maxlength="200" required;
                label for="org-kind" { (lang.t("admin-kind")) }
                select id="org-kind" name="kind" { @for k in [OrgKind::Service, OrgKind::Barnahus, OrgKind::Police, OrgKind::Prosecution] { option value=(k.as_str()) { (label(lang, "recipient", k.as_str())) } } }
                label for="org-municipality" { (lang.t("staff-col-municipality")) }
                input type="text" id="org-municipality" name="municipality" maxlength="100";
                p { button type="submit" { (lang.t("admin-add-org-button")) } }
            }
        },
    )
}

async fn render(
    app: &App,
    lang: Lang,
    s: &Staff,
    notice: Option<maud::Markup>,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    allowed(&s.user, Action::ManageStaff).map_err(|f| f.page(lang))?;
    let staff = app.store.list_staff().await.map_err(|e| PageError::internal(lang, e))?;
    let orgs = app.store.organisations().await.map_err(|e| PageError::internal(lang, e))?;
    Ok(admin_view(app, lang, s, &staff, &orgs, notice, &errors))
}

pub(crate) async fn admin_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
) -> Result<Html<String>, PageError> {
    render(&app, lang, &s, None, BTreeMap::new()).await
}

pub(crate) async fn create_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    match create(&app, &s.user, &form).await {
        Ok((row, token)) => {
            let notice = html! {
                p { (lang.t_args("admin-created", &[("username", row.username.clone().into())])) }
                p { (lang.t("admin-setup-once")) br; code class="secret" { (setup_link(&app, lang, &token)) } }
            };
            Ok(render(&app, lang, &s, Some(notice), BTreeMap::new()).await?.into_response())
        }
        Err(f) => Ok(refused_page(render(&app, lang, &s, None, f.refused(lang)?).await?)),
    }
}

pub(crate) async fn change_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Path((id, what)): Path<(String, String)>,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    match change(&app, &s.user, &id, &what).await {
        Ok(Some(token)) => {
            let notice = html! {
                p { (lang.t("admin-reset-done")) br; code class="secret" { (setup_link(&app, lang, &token)) } }
            };
            Ok(render(&app, lang, &s, Some(notice), BTreeMap::new()).await?.into_response())
        }
        Ok(None) => Ok(Redirect::to(&format!("/{}/staff/admin", lang.code())).into_response()),
        Err(f) => Ok(refused_page(render(&app, lang, &s, None, f.refused(lang)?).await?)),
    }
}

pub(crate) async fn org_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(form): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, form.get("csrf").map(String::as_str))?;
    match add_org(&app, &s.user, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/{}/staff/admin", lang.code())).into_response()),
        Err(f) => Ok(refused_page(render(&app, lang, &s, None, f.refused(lang)?).await?)),
    }
}

/// The whole set-up link, with the site's public address when it is configured.
fn setup_link(app: &App, lang: Lang, token: &str) -> String {
    let path = crate::service::staff::setup_path(lang, token);
    match &app.config.public_url {
        Some(base) => format!("{}{path}", base.trim_end_matches('/')),
        None => path,
    }
}

// ----- API -----

#[derive(Serialize, utoipa::ToSchema)]
pub struct StaffAccount {
    id: String,
    username: String,
    role: String,
    org: Option<String>,
    profession: Option<String>,
    disabled: bool,
    second_factor: bool,
    /// Confirmed by a second person (a new account is not usable before).
    confirmed: bool,
}

fn account(u: &StaffRow) -> StaffAccount {
    StaffAccount {
        id: u.id.clone(),
        username: u.username.clone(),
        role: u.role.as_str().to_owned(),
        org: u.org_id.clone(),
        profession: u.profession.map(|p| p.as_str().to_owned()),
        disabled: u.disabled,
        second_factor: u.totp_sealed.is_some(),
        confirmed: u.confirmed_at.is_some(),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedAccount {
    #[serde(flatten)]
    account: StaffAccount,
    /// Shown once: the person opens it, chooses their password, then their second factor.
    /// The account is usable once a second person confirms it.
    setup_link: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ChangeDone {
    /// After `reset-second-factor`: the new set-up link, shown once.
    setup_link: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Organisation {
    id: String,
    kind: String,
    name: String,
    municipality: Option<String>,
    demo: bool,
}

fn organisation(o: &OrgRow) -> Organisation {
    Organisation {
        id: o.id.clone(),
        kind: o.kind.as_str().to_owned(),
        name: o.name.clone(),
        municipality: o.municipality.clone(),
        demo: o.demo,
    }
}

fn fields(body: JsonObject, known: &[&str], lang: Lang) -> Result<BTreeMap<String, String>, ApiError> {
    crate::base::form::api_input(body, known, lang).map(|input| input.0)
}

/// Staff accounts (administrators only).
#[utoipa::path(get, path = "/api/v1/admin/staff", tag = "admin", operation_id = "list_staff", responses((status = 200, body = [StaffAccount]), (status = 401), (status = 403)),
    security(("bearer" = [])))]
pub async fn list_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
) -> Result<Json<Vec<StaffAccount>>, ApiError> {
    allowed(&s.user, Action::ManageStaff).map_err(|f| f.api(lang))?;
    let staff = app.store.list_staff().await.map_err(|e| ApiError::internal(lang, e))?;
    Ok(Json(staff.iter().map(account).collect()))
}

/// Create a staff account (`username`, `role`, `org`, `profession`); its set-up link is returned once.
#[utoipa::path(post, path = "/api/v1/admin/staff", tag = "admin",
    request_body(content = NewStaffBody, content_type = "application/json"),
    responses((status = 201, body = CreatedAccount), (status = 400), (status = 401), (status = 403), (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn create_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    body: JsonObject,
) -> Result<(StatusCode, Json<CreatedAccount>), ApiError> {
    let f = fields(body, &["username", "role", "org", "profession"], lang)?;
    let (row, token) = create(&app, &s.user, &f).await.map_err(|f| f.api(lang))?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedAccount { account: account(&row), setup_link: setup_link(&app, lang, &token) }),
    ))
}

/// `disable`, `enable`, `confirm` or `reset-second-factor` an account.
#[utoipa::path(post, path = "/api/v1/admin/staff/{id}/{change}", tag = "admin", params(("id" = String, Path), ("change" = String, Path)),
    responses((status = 200, body = ChangeDone), (status = 401), (status = 403), (status = 404), (status = 422)), security(("bearer" = [])))]
pub async fn change_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Path((id, what)): Path<(String, String)>,
) -> Result<Json<ChangeDone>, ApiError> {
    let token = change(&app, &s.user, &id, &what).await.map_err(|f| f.api(lang))?;
    Ok(Json(ChangeDone { setup_link: token.map(|t| setup_link(&app, lang, &t)) }))
}

/// Organisations that work on cases (any signed-in staff member).
#[utoipa::path(get, path = "/api/v1/organisations", tag = "admin", responses((status = 200, body = [Organisation]), (status = 401)),
    security(("bearer" = [])))]
pub async fn orgs_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(_): ApiStaff,
) -> Result<Json<Vec<Organisation>>, ApiError> {
    let orgs = app.store.organisations().await.map_err(|e| ApiError::internal(lang, e))?;
    Ok(Json(orgs.iter().map(organisation).collect()))
}

/// Add a service, Barnahus, police or prosecution office (administrators only).
#[utoipa::path(post, path = "/api/v1/organisations", tag = "admin",
    request_body(content = OrganisationBody, content_type = "application/json"),
    responses((status = 201, body = Organisation), (status = 400), (status = 401), (status = 403), (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn org_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    body: JsonObject,
) -> Result<(StatusCode, Json<Organisation>), ApiError> {
    let f = fields(body, &["name", "kind", "municipality"], lang)?;
    let org = add_org(&app, &s.user, &f).await.map_err(|f| f.api(lang))?;
    Ok((StatusCode::CREATED, Json(organisation(&org))))
}

crate::base::schema::request_body!(
    /// `POST /api/v1/admin/staff`.
    NewStaffBody => {
        use zeri_domain::permission::{Profession, Role};
        body("A new staff account; its one-time set-up link is answered once",
            vec![
                ("username", text("3 to 64 of a-z, 0-9, '.', '_', '-'"), true),
                ("role", choice("The role", Role::ALL.iter().map(|v| v.as_str())), true),
                ("org", text("The organisation's id"), true),
                ("profession", choice("For service providers", Profession::ALL.iter().map(|v| v.as_str())), false),
            ],
            serde_json::json!({"username": "arta", "role": "child_protection_officer", "org": "cpu-kukes"}))
    }
);

crate::base::schema::request_body!(
    /// `POST /api/v1/organisations`.
    OrganisationBody => {
        use zeri_domain::permission::OrgKind;
        body("A new organisation",
            vec![
                ("name", text("Its name"), true),
                ("kind", choice("Its kind", OrgKind::ALL.iter().map(|v| v.as_str())), true),
                ("municipality", text("One of the 61 municipalities"), false),
            ],
            serde_json::json!({"name": "Qendra Psikologjike Kukës", "kind": "service", "municipality": "Kukës"}))
    }
);
