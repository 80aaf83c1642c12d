//! The staff chrome every staff page shares: labels, organisation names, the sign-out form.

use crate::base::auth::csrf_token;
use crate::base::auth::Staff;
use crate::parts::i18n::Lang;
use crate::App;
use maud::{html, Markup};
use zeri_domain::Role;

// ----- shared bits of staff pages -----

pub fn logout_form(app: &App, lang: Lang, s: &Staff) -> Markup {
    html! {
        form method="post" action={ "/" (lang.code()) "/staff/logout" } class="logout" {
            input type="hidden" name="csrf" value=(csrf_token(app, &s.token));
            span class="small" { (lang.t(&s.user.role.public_name_key())) " · " (s.user.username) " " }
            @if s.user.role.works_on_cases() {
                a href={ "/" (lang.code()) "/staff/chats" } { (lang.t("staff-chats-link")) } " "
            }
            @if matches!(s.user.role, Role::Counsellor | Role::HotlineAnalyst) {
                a href={ "/" (lang.code()) "/staff/phone" } { (lang.t("phone-link")) } " "
                a href={ "/" (lang.code()) "/staff/contacts/phone" } { (lang.t("sup-contact-link")) } " "
            }
            @if s.user.role == Role::Supervisor {
                a href={ "/" (lang.code()) "/staff/supervision" } { (lang.t("sup-link")) } " "
            }
            a href={ "/" (lang.code()) "/staff/notifications" } { (lang.t("staff-notifications-link")) } " "
            @if s.user.role.works_on_cases() || s.user.role == Role::Admin {
                a href={ "/" (lang.code()) "/staff/colleagues" } { (lang.t("colleagues-link")) } " "
            }
            a href={ "/" (lang.code()) "/staff/password" } { (lang.t("password-link")) } " "
            @if s.user.role == Role::Admin {
                a href={ "/" (lang.code()) "/staff/admin" } { (lang.t("admin-title")) } " "
                a href={ "/" (lang.code()) "/staff/directory" } { (lang.t("dir-admin-title")) } " "
                a href={ "/" (lang.code()) "/staff/hash-lists" } { (lang.t("hashlists-title")) } " "
                a href={ "/" (lang.code()) "/staff/admin/platforms" } { (lang.t("platforms-title")) } " "
                a href={ "/" (lang.code()) "/staff/chats/blocked" } { (lang.t("chat-blocked-title")) } " "
            }
            @if matches!(s.user.role, Role::Admin | Role::Statistician) {
                a href={ "/" (lang.code()) "/statistics" } { (lang.t("stats-title")) } " "
                a href={ "/" (lang.code()) "/staff/surveys" } { (lang.t("survey-admin-title")) } " "
            }
            @if s.user.role == Role::HotlineAnalyst {
                a href={ "/" (lang.code()) "/staff/hotline" } { (lang.t("hotline-link")) } " "
                a href={ "/" (lang.code()) "/staff/takedowns" } { (lang.t("takedowns-title")) } " "
            }
            a href={ "/" (lang.code()) "/coverage" } { (lang.t("coverage-title")) } " "
            a href={ "/" (lang.code()) "/staff/guides" } { (lang.t("guides-link")) } " "
            button type="submit" { (lang.t("staff-logout")) }
        }
    }
}
