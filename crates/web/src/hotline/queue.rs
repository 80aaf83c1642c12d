//! The analysts' queue (`/{lang}/staff/hotline`, `GET /api/v1/hotline/items`): items
//! waiting for an assessment first, newest first, 50 a page, filtered by state; and adding
//! links by hand (`POST /{lang}/staff/hotline`, `POST /api/v1/hotline/items`). Anyone but a
//! hotline analyst of a hotline organisation gets 404.

use crate::base::auth::{csrf_token, require_csrf, ApiStaff, PageStaff, Staff};
use crate::base::chrome::logout_form;
use crate::base::error::{field_messages, ApiError, PageError};
use crate::base::extract::{ApiLang, JsonFields, JsonObject, PageForm, PageLang};
use crate::base::form::error;
use crate::base::layout::staff_page;
use crate::hotline::common::{ItemSummary, QueueParams};
use crate::parts::format::datetime;
use crate::parts::i18n::{label, Lang};
use crate::service::case::Fail;
use crate::service::exchange::senders;
use crate::service::hotline::{add_links, item_ref, queue, Queue};
use crate::App;
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use maud::html;
use serde::Serialize;
use std::collections::BTreeMap;
use zeri_domain::hotline::{ItemState, LinkReportForm, Shows};

pub(crate) async fn queue_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    Query(q): Query<QueueParams>,
) -> Result<Html<String>, PageError> {
    let state = q.state().unwrap_or(None);
    let list = queue(&app, &s.user, state, q.page.unwrap_or(1)).await.map_err(|f| f.page(lang))?;
    let senders = senders(&app, &list.items).await.map_err(|e| Fail::from(e).page(lang))?;
    let done = q.done.as_deref().filter(|d| *d == "added");
    Ok(render(&app, lang, &s, &list, &senders, state, done.is_some(), &BTreeMap::new(), &BTreeMap::new()))
}

/// An analyst adds links to the queue.
pub(crate) async fn add_page(
    State(app): State<AppState>,
    PageLang(lang): PageLang,
    PageStaff(s): PageStaff,
    PageForm(fields): PageForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    require_csrf(&app, lang, &s, fields.get("csrf").map(String::as_str))?;
    let form = LinkReportForm {
        urls: fields.get("urls").cloned().into_iter().collect(),
        shows: fields.get("shows").cloned(),
        ..LinkReportForm::default()
    };
    let result = match form.validate() {
        Ok(report) => add_links(&app, &s.user, &report).await,
        Err(e) => Err(Fail::Invalid(e)),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/{}/staff/hotline?done=added", lang.code())).into_response()),
        Err(Fail::Invalid(e)) => {
            let list = queue(&app, &s.user, None, 1).await.map_err(|f| f.page(lang))?;
            let senders = senders(&app, &list.items).await.map_err(|e| Fail::from(e).page(lang))?;
            let errors = field_messages(lang, &e);
            let page = render(&app, lang, &s, &list, &senders, None, false, &fields, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(f) => Err(f.page(lang)),
    }
}

#[allow(clippy::too_many_arguments)]
fn render(
    app: &App,
    lang: Lang,
    s: &Staff,
    list: &Queue,
    senders: &[(String, String)],
    state: Option<ItemState>,
    added: bool,
    typed: &BTreeMap<String, String>,
    errors: &BTreeMap<String, String>,
) -> Html<String> {
    let l = lang.code();
    let title = lang.t("hotline-queue-title");
    let filter = state.map_or("all", ItemState::as_str);
    let page_href = |p: i64| format!("/{l}/staff/hotline?state={filter}&page={p}");
    let filters: Vec<(&str, String)> = std::iter::once(("all", lang.t("hotline-filter-all")))
        .chain(ItemState::ALL.iter().map(|s| (s.as_str(), lang.t(&s.name_key()))))
        .collect();
    let body = html! {
        (logout_form(app, lang, s))
        h1 { (title) }
        p class="lead" { (lang.t("hotline-queue-lead")) }
        @if added { div class="card done" role="status" { p { strong { (lang.t("hotline-links-added")) } } } }
        nav class="filters" aria-label=(lang.t("hotline-filter")) {
            @for (code, name) in &filters {
                @if *code == filter { strong { (name) } } @else { a href={ "/" (l) "/staff/hotline?state=" (code) } { (name) } }
                " "
            }
        }
        p class="small" { a href={ "/" (l) "/staff/hotline/exchange-pending.json" } download { (lang.t("exchange-download-pending")) } }
        @if list.items.is_empty() { p { (lang.t("hotline-queue-empty")) } }
        @else {
            table {
                thead { tr {
                    th { (lang.t("hotline-col-item")) } th { (lang.t("hotline-col-reported")) } th { (lang.t("hotline-col-times")) }
                    th { (lang.t("hotline-col-shows")) } th { (lang.t("hotline-col-state")) } th { (lang.t("hotline-col-verdict")) }
                } }
                tbody {
                    @for i in &list.items {
                        tr {
                            td { a href={ "/" (l) "/staff/hotline/items/" (i.id) } { (item_ref(&i.id)) } br; span class="meta" data-source=(i.source.as_str()) { (crate::hotline::exchange::source_text(lang, i.source, crate::hotline::exchange::sender(senders, &i.id))) } }
                            td { (datetime(i.created_at)) }
                            td { (i.times_reported) }
                            td { (i.shows.map(|v| label(lang, "shows", v.as_str())).unwrap_or_else(|| "—".into())) }
                            td { (lang.t(&i.state.name_key())) }
                            td { (i.classification.map(|c| label(lang, "verdict", c.verdict.as_str())).unwrap_or_else(|| "—".into())) }
                        }
                    }
                }
            }
            p class="small" {
                (lang.t_args("hotline-page-of", &[("page", list.page.into()), ("pages", list.pages.into()), ("total", list.total.into())]))
                @if list.page > 1 { " " a href=(page_href(list.page - 1)) rel="prev" { (lang.t("hotline-page-newer")) } }
                @if list.page < list.pages { " " a href=(page_href(list.page + 1)) rel="next" { (lang.t("hotline-page-older")) } }
            }
        }
        section class="card" id="add" {
            h2 { (lang.t("hotline-add-title")) }
            form method="post" action={ "/" (l) "/staff/hotline" } autocomplete="off" {
                input type="hidden" name="csrf" value=(csrf_token(app, &s.token));
                label for="urls" { (lang.t("field-urls")) small { (lang.t("hotline-add-hint")) } }
                (error(errors, "urls"))
                textarea id="urls" name="urls" rows="3" spellcheck="false" autocapitalize="off" { (typed.get("urls").map(String::as_str).unwrap_or("")) }
                label for="shows" { (lang.t("field-shows")) }
                (error(errors, "shows"))
                select id="shows" name="shows" {
                    option value="" { (lang.t("shows-not-said")) }
                    @for v in Shows::ALL {
                        option value=(v.as_str()) selected[typed.get("shows").is_some_and(|t| t == v.as_str())] { (label(lang, "shows", v.as_str())) }
                    }
                }
                p { button type="submit" { (lang.t("hotline-add-button")) } }
            }
        }
    };
    staff_page(lang, &title, body)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ItemList {
    items: Vec<ItemSummary>,
    total: i64,
    page: i64,
    pages: i64,
}

/// The queue of content items (hotline analysts of the hotline only; 404 for anyone
/// else): those waiting for an assessment first, newest first, 50 a page. No URL is in
/// the list: an item's URL is read on the item, and that reading is audited.
#[utoipa::path(get, path = "/api/v1/hotline/items", tag = "hotline", operation_id = "list_content_items",
    params(QueueParams),
    responses((status = 200, body = ItemList), (status = 401), (status = 404), (status = 422)),
    security(("bearer" = [])))]
pub async fn list_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    Query(q): Query<QueueParams>,
) -> Result<Json<ItemList>, ApiError> {
    let state = q.state().map_err(|()| {
        let msg = crate::base::error::field_message(lang, &zeri_domain::FieldError::new("unknown-choice"));
        ApiError::invalid(lang, BTreeMap::from([("state".to_owned(), msg)]))
    })?;
    let list = queue(&app, &s.user, state, q.page.unwrap_or(1)).await.map_err(|f| f.api(lang))?;
    Ok(Json(ItemList {
        items: list.items.iter().map(ItemSummary::from).collect(),
        total: list.total,
        page: list.page,
        pages: list.pages,
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ItemsAdded {
    /// Each address's item, and whether it was known already (staff may know).
    items: Vec<AddedItem>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AddedItem {
    id: String,
    joined: bool,
}

/// Add links to the queue (hotline analysts). Body: `urls`, `shows`, `hashes` as for
/// `POST /api/v1/content-reports`; known addresses join their items.
#[utoipa::path(post, path = "/api/v1/hotline/items", tag = "hotline", operation_id = "add_content_items",
    request_body(content = AddItemsBody, content_type = "application/json"),
    responses((status = 201, body = ItemsAdded), (status = 400), (status = 401), (status = 404), (status = 415), (status = 422)),
    security(("bearer" = [])))]
pub async fn add_api(
    State(app): State<AppState>,
    ApiLang(lang): ApiLang,
    ApiStaff(s): ApiStaff,
    body: JsonObject,
) -> Result<(StatusCode, Json<ItemsAdded>), ApiError> {
    // Who may, before anything about the body is said.
    if !crate::service::hotline::works_on_items(&app, &s.user).await.map_err(|f| f.api(lang))? {
        return Err(ApiError::not_found(lang));
    }
    let mut f = JsonFields::new(body, &["urls", "shows", "hashes"]);
    let form = LinkReportForm {
        urls: f.texts("urls"),
        shows: f.text("shows"),
        hashes: f.pairs("hashes", "kind", "value"),
        ..LinkReportForm::default()
    };
    let validated = form.validate();
    if let Some(err) = f.finish(lang, validated.as_ref().err()) {
        return Err(err);
    }
    let made = add_links(&app, &s.user, &validated.expect("no errors")).await.map_err(|f| f.api(lang))?;
    let items = made.into_iter().map(|o| AddedItem { id: o.item_id, joined: o.joined }).collect();
    Ok((StatusCode::CREATED, Json(ItemsAdded { items })))
}

crate::base::schema::request_body!(
    /// `POST /api/v1/hotline/items`.
    AddItemsBody => {
        use zeri_domain::hotline::{HashKind, HASHES_PER_REPORT, URLS_PER_REPORT};
        body(
            "Web addresses an analyst adds to the queue",
            vec![
                ("urls", list("The addresses", text("A web address"), URLS_PER_REPORT), true),
                ("shows", choice("What it shows", Shows::ALL.iter().map(|v| v.as_str())), false),
                ("hashes", list(
                    "Hashes of the material at the addresses",
                    record(vec![
                        ("kind", choice("The kind of hash", HashKind::ALL.iter().map(|v| v.as_str()))),
                        ("value", text("Hexadecimal")),
                    ]),
                    HASHES_PER_REPORT,
                ), false),
            ],
            serde_json::json!({"urls": ["https://files.example/f/8a7b"], "shows": "child_posed"}),
        )
    }
);
