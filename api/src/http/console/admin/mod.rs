//! `/console/admin`: the administrator's pages. Offices, routing rules with a "which office would
//! get this?" tester, staff accounts, failed notifications, the audit log, each office kind's
//! deadlines and the working-day calendar, on the same use cases as `/api/v1/admin`. Every change
//! is a POST with the CSRF token that answers with a redirect back to its list (so a reload
//! repeats nothing), or the form again with the problems beside the fields.

mod audit;
mod calendar;
mod deadlines;
mod form;
mod offices;
mod outbox;
mod rules;
mod staff;

pub use form::Form;

use super::{Console, form_post, signed_in};
use crate::domain::role::StaffRole;
use crate::http::pages::errors;
use crate::i18n;
use crate::service::AppState;
use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/console/admin").get(index))
        .service(web::resource("/console/admin/offices").get(offices::list).post(offices::create))
        .service(web::resource("/console/admin/offices/{id}").get(offices::edit).post(offices::update))
        .service(web::resource("/console/admin/rules").get(rules::list).post(rules::create))
        .service(web::resource("/console/admin/rules/{id}").get(rules::edit).post(rules::update))
        .service(web::resource("/console/admin/staff").get(staff::list).post(staff::create))
        .service(web::resource("/console/admin/staff/{id}/active").post(staff::set_active))
        .service(web::resource("/console/admin/staff/{id}/password").post(staff::reset_password))
        .service(web::resource("/console/admin/outbox").get(outbox::show))
        .service(web::resource("/console/admin/outbox/retry-failed").post(outbox::retry_all))
        .service(web::resource("/console/admin/outbox/{id}/retry").post(outbox::retry_one))
        .service(web::resource("/console/admin/audit").get(audit::show))
        .service(web::resource("/console/admin/deadlines").get(deadlines::list))
        .service(web::resource("/console/admin/deadlines/{kind}").get(deadlines::edit).post(deadlines::update))
        .service(web::resource("/console/admin/calendar").get(calendar::show).post(calendar::import));
}

/// The signed-in administrator, or the answer: sign-in for nobody, the 403 page for other roles.
/// The use cases check the role again; this keeps other roles from seeing even an empty page.
pub async fn admin_in(state: &AppState, req: &HttpRequest) -> Result<Console, Box<HttpResponse>> {
    let console = signed_in(state, req).await?;
    if console.caller.role == StaffRole::Admin { Ok(console) } else { Err(Box::new(errors::render(req, 403))) }
}

/// A console form of an administrator: signed in, the CSRF token right, the admin role.
pub async fn admin_post(
    state: &AppState,
    req: &HttpRequest,
    body: &[u8],
) -> Result<(Console, Vec<(String, String)>), Box<HttpResponse>> {
    let (console, fields) = form_post(state, req, body).await?;
    if console.caller.role == StaffRole::Admin {
        Ok((console, fields))
    } else {
        Err(Box::new(errors::render(req, 403)))
    }
}

/// Back to a list after a change, with what was done (PRG).
pub fn done(path: &str, what: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((LOCATION, format!("{path}?done={what}"))).finish()
}

/// The `?done=` of the redirect after a change.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Done {
    pub done: Option<String>,
}

/// The notice for `?done=`: only codes the catalog knows, so the address bar cannot put words
/// on the page.
pub fn notice(console: &Console, done: Option<&str>) -> Option<String> {
    let code = done?;
    if !code.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
        return None;
    }
    i18n::catalog(console.page.lang).get(&format!("admin-done-{code}"), &[])
}

/// The status of a page shown again with problems.
pub fn status_of(form: &Form) -> StatusCode {
    if form.has_errors() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK }
}

/// A number typed in a form: empty is `None`, anything else that is not a number is `Err`.
pub fn number<T: std::str::FromStr>(text: &str) -> Result<Option<T>, T::Err> {
    let text = text.trim();
    if text.is_empty() { Ok(None) } else { text.parse().map(Some) }
}

/// A stored time (RFC 3339, UTC) as China time, the time of the people reading it.
pub fn china_time(at: &str) -> String {
    let parsed = chrono::DateTime::parse_from_rfc3339(at).ok();
    let tz = chrono::FixedOffset::east_opt(8 * 3600);
    match (parsed, tz) {
        (Some(t), Some(tz)) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        _ => at.to_owned(),
    }
}

#[derive(Template)]
#[template(path = "console/admin/index.html")]
struct IndexPage<'a> {
    page: &'a crate::http::pages::Page,
    c: &'a Console,
}

pub async fn index(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let console = match admin_in(&state, &req).await {
        Ok(c) => c,
        Err(answer) => return *answer,
    };
    let body = IndexPage { page: &console.page, c: &console }.render();
    console.page.respond(StatusCode::OK, body)
}
