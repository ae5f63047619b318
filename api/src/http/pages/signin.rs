//! Staff sign-in on the pages: a volunteer signs in here to file for a worker. The token goes
//! into an HttpOnly cookie; a wrong email and a wrong password read the same.

use super::language::local_path;
use super::{FORM_LIMIT, Page, csrf, errors, secure_cookies, session};
use crate::http::rate_limit::RateLimits;
use crate::http::routes::client_ip;
use crate::service::staff::auth;
use crate::service::{AppState, ServiceError};
use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

#[derive(Template)]
#[template(path = "signin.html")]
pub struct SigninPage<'a> {
    pub page: &'a Page,
    pub email: String,
    pub error: Option<String>,
    /// Where to go once signed in: a path on this site.
    pub next: String,
}

#[derive(serde::Deserialize)]
pub struct Return {
    next: Option<String>,
    expired: Option<String>,
}

pub async fn show(req: HttpRequest, state: web::Data<AppState>, query: web::Query<Return>) -> HttpResponse {
    let mut page = Page::new(&state, &req);
    page.volunteer = session::caller(&state, &req).await.map(|c| c.display_name);
    let next = local_path(query.next.as_deref()).to_owned();
    let error = (query.expired.as_deref() == Some("1")).then(|| page.t("signin-expired"));
    let body = SigninPage { page: &page, email: String::new(), error, next }.render();
    page.respond(StatusCode::OK, body)
}

fn field(body: &[u8], wanted: &str) -> String {
    form_urlencoded::parse(body).find(|(name, _)| name == wanted).map(|(_, v)| v.into_owned()).unwrap_or_default()
}

pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<RateLimits>,
    body: web::Bytes,
) -> HttpResponse {
    if body.len() > FORM_LIMIT {
        return errors::render(&req, 413);
    }
    let page = Page::new(&state, &req);
    let email = field(&body, "email").trim().to_owned();
    let next = field(&body, "next");
    let next = match local_path(Some(&next)) {
        "/" => "/console".to_owned(),
        other => other.to_owned(),
    };
    let again = |page: Page, email: String, key: &str, arg: Option<u64>, status| {
        let error = Some(match arg {
            Some(seconds) => page.t1(key, "seconds", &seconds.to_string()),
            None => page.t(key),
        });
        let body = SigninPage { page: &page, email, error, next: next.clone() }.render();
        page.respond(status, body)
    };
    if !csrf::verify(&state, &req, &field(&body, "csrf")) {
        return again(page, email, "form-expired", None, StatusCode::FORBIDDEN);
    }
    let client = client_ip(&req);
    if let Err(seconds) = limits.login.check(client) {
        return again(page, email, "signin-locked", Some(seconds), StatusCode::TOO_MANY_REQUESTS);
    }
    match auth::login(&state, &email, &field(&body, "password"), client).await {
        Ok(session) => HttpResponse::SeeOther()
            .cookie(session::cookie(session.access_token, session.expires_in, secure_cookies(&state)))
            .insert_header((LOCATION, next.clone()))
            .finish(),
        Err(ServiceError::InvalidCredentials | ServiceError::Unauthorized) => {
            again(page, email, "signin-failed", None, StatusCode::UNAUTHORIZED)
        }
        Err(ServiceError::Locked(seconds)) => {
            again(page, email, "signin-locked", Some(seconds), StatusCode::TOO_MANY_REQUESTS)
        }
        Err(err) => {
            tracing::error!(error = %err, "page sign-in failed");
            errors::render(&req, 500)
        }
    }
}

pub async fn signout(req: HttpRequest, state: web::Data<AppState>, body: web::Bytes) -> HttpResponse {
    if !csrf::verify(&state, &req, &field(&body, "csrf")) {
        return errors::render(&req, 403);
    }
    // Signing out here ends every session of the account, as the API's logout does.
    if let Some(caller) = session::caller(&state, &req).await {
        let ip = crate::http::auth::client_ip(&req);
        if let Err(err) = auth::logout(&state, &caller, ip.as_deref()).await {
            tracing::warn!(error = %err, "sign-out could not revoke the tokens");
        }
    }
    HttpResponse::SeeOther().cookie(session::cleared(secure_cookies(&state))).insert_header((LOCATION, "/")).finish()
}
