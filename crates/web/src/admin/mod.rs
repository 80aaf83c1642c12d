//! Administration (`/{lang}/staff/admin`, `/api/v1/admin/…`): staff accounts,
//! organisations, the hosts and platforms table (`hosts.rs`) and the platforms that pull
//! shared hashes (`platforms.rs`). Administrators never see a case; what they change is in
//! the audit log. New accounts get a one-time set-up link; the person sets up their second
//! factor at the first sign-in.

pub mod accounts;
pub mod hosts;
pub mod platforms;

use crate::admin::accounts::admin_page;
use crate::admin::accounts::change_page;
use crate::admin::accounts::create_page;
use crate::admin::accounts::org_page;
use crate::AppState;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    let r = crate::base::localised(|r, l| {
        r.route(&format!("/{l}/staff/admin"), get(admin_page))
            .route(&format!("/{l}/staff/admin/staff"), post(create_page))
            .route(&format!("/{l}/staff/admin/staff/{{id}}/{{change}}"), post(change_page))
            .route(&format!("/{l}/staff/admin/organisations"), post(org_page))
            .route(&format!("/{l}/staff/admin/hosts"), get(hosts::list_page).post(hosts::create_page))
            .route(&format!("/{l}/staff/admin/hosts/{{id}}"), get(hosts::edit_page).post(hosts::save_page))
            .route(&format!("/{l}/staff/admin/hosts/{{id}}/delete"), post(hosts::delete_page))
            .route(
                &format!("/{l}/staff/admin/platforms"),
                get(crate::admin::platforms::list_page).post(crate::admin::platforms::add_page),
            )
            .route(&format!("/{l}/staff/admin/platforms/{{id}}/revoke"), post(crate::admin::platforms::revoke_page))
    });
    r.routes(routes!(crate::admin::accounts::list_api, crate::admin::accounts::create_api))
        .routes(routes!(crate::admin::accounts::change_api))
        .routes(routes!(crate::admin::accounts::orgs_api, crate::admin::accounts::org_api))
        .routes(routes!(crate::admin::hosts::list_api, crate::admin::hosts::create_api))
        .routes(routes!(crate::admin::hosts::get_api, crate::admin::hosts::change_api, crate::admin::hosts::remove_api))
        .routes(routes!(crate::admin::platforms::list_api, crate::admin::platforms::add_api))
        .routes(routes!(crate::admin::platforms::revoke_api))
}
