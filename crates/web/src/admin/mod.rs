//! Administration (`/{lang}/staff/admin`, `/api/v1/admin/…`): staff accounts and
//! organisations. Administrators never see a case; what they change is in the audit log.
//! New accounts get a generated password shown once; the person sets up their second
//! factor at the first sign-in.

pub mod accounts;

use crate::admin::accounts::admin_page;
use crate::admin::accounts::change_api;
use crate::admin::accounts::change_page;
use crate::admin::accounts::create_api;
use crate::admin::accounts::create_page;
use crate::admin::accounts::list_api;
use crate::admin::accounts::org_api;
use crate::admin::accounts::org_page;
use crate::admin::accounts::orgs_api;
use crate::parts::i18n::Lang;
use crate::AppState;
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    let mut r = Router::new();
    for l in Lang::ALL.map(Lang::code) {
        r = r
            .route(&format!("/{l}/staff/admin"), get(admin_page))
            .route(&format!("/{l}/staff/admin/staff"), post(create_page))
            .route(&format!("/{l}/staff/admin/staff/{{id}}/{{change}}"), post(change_page))
            .route(&format!("/{l}/staff/admin/organisations"), post(org_page));
    }
    r.route("/api/v1/admin/staff", get(list_api).post(create_api))
        .route("/api/v1/admin/staff/{id}/{change}", post(change_api))
        .route("/api/v1/organisations", get(orgs_api).post(org_api))
}
