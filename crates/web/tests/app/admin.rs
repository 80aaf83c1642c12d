//! The administrator's accounts page (`/{lang}/staff/admin`): a refused form is the page
//! again with `422` and each refused field named, and nothing is stored; any other failure
//! is its own error page; a good form creates the account. (The other admin lists, the
//! hosts table, platforms and partner hotlines, are pinned beside their capabilities.)

use axum::http::StatusCode;
use zeri_domain::Role;

use crate::support::*;

async fn usernames(t: &TestApp) -> Vec<String> {
    t.store().list_staff().await.unwrap().into_iter().map(|s| s.username).collect()
}

#[tokio::test]
async fn the_accounts_page_names_a_refused_field_and_stores_nothing() {
    let t = TestApp::new().await;
    t.create("root", Role::Admin, None).await;
    let cookie = t.page_login("root").await;
    let page = t.page("/en/staff/admin", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = csrf_of(&page.body);
    let before = usernames(&t).await;

    // No username: 422, the page again with the field's message, no account.
    let empty = [("csrf", csrf.as_str()), ("username", " "), ("role", "counsellor"), ("org", "helpline")];
    let res = t.form("/en/staff/admin/staff", &empty, Some(&cookie)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("error-summary") && res.body.contains("Please fill this in."), "{}", res.body);
    // An unknown role: refused the same way, in the page's language.
    let role = [("csrf", csrf.as_str()), ("username", "drita"), ("role", "janitor")];
    let res = t.form("/sq/staff/admin/staff", &role, Some(&cookie)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("error-summary") && res.body.contains("lang=\"sq\""), "{}", res.body);
    // An organisation form without its fields: refused, no organisation.
    let orgs = t.store().organisations().await.unwrap().len();
    let res = t.form("/en/staff/admin/organisations", &[("csrf", csrf.as_str())], Some(&cookie)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("error-summary"), "{}", res.body);
    assert_eq!(t.store().organisations().await.unwrap().len(), orgs);
    assert_eq!(usernames(&t).await, before, "nothing stored by a refused form");

    // A change that names no account is not a refused form: its error page, 404.
    let res = t.form("/en/staff/admin/staff/nobody/disable", &[("csrf", csrf.as_str())], Some(&cookie)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    assert!(!res.body.contains("error-summary"));

    // The same form, filled in: the account, shown on the page.
    let good = [("csrf", csrf.as_str()), ("username", "drita"), ("role", "counsellor"), ("org", "helpline")];
    let res = t.form("/en/staff/admin/staff", &good, Some(&cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.body.contains("Account drita created."), "{}", res.body);
    assert!(usernames(&t).await.contains(&"drita".to_owned()));
}

#[tokio::test]
async fn someone_not_an_administrator_gets_the_forbidden_page_not_a_form() {
    let t = TestApp::new().await;
    t.create("root", Role::Admin, None).await;
    t.create("hana", Role::Counsellor, Some("helpline")).await;
    let cookie = t.page_login("hana").await;
    let page = t.page("/en/staff", Some(&cookie)).await;
    let csrf = csrf_of(&page.body);
    let before = usernames(&t).await;
    let fields = [("csrf", csrf.as_str()), ("username", "mole"), ("role", "admin")];
    let res = t.form("/en/staff/admin/staff", &fields, Some(&cookie)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    assert!(!res.body.contains("error-summary"));
    assert_eq!(usernames(&t).await, before);
}
