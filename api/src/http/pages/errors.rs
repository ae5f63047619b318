//! A page for every error: what happened and what to do next, in the page's language.

use super::Page;
use crate::domain::language::Language;
use crate::i18n;
use crate::service::AppState;
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub page: &'a Page,
    pub title: String,
    pub text: String,
}

/// The statuses with their own words; others read as the nearest of these.
fn known(status: u16) -> u16 {
    match status {
        400 | 403 | 404 | 405 | 413 | 415 | 429 | 503 => status,
        s if s >= 500 => 500,
        _ => 400,
    }
}

/// Paths the pages own: everything but the JSON API and the health checks.
pub fn is_page_path(path: &str) -> bool {
    !(path.starts_with("/api/") || path == "/healthz" || path == "/readyz")
}

pub fn render(req: &HttpRequest, status: u16) -> HttpResponse {
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return plain(super::language::of(req), status);
    };
    let page = Page::new(state, req);
    let code = known(status);
    let body = ErrorPage {
        page: &page,
        title: page.t(&format!("error-{code}-title")),
        text: page.t(&format!("error-{code}-text")),
    }
    .render();
    page.respond(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), body)
}

/// The last resort, when even the error page cannot be rendered.
pub fn plain(lang: Language, status: u16) -> HttpResponse {
    let catalog = i18n::catalog(lang);
    let code = known(status);
    let body = format!(
        "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><title>{}</title><h1>{}</h1><p>{}</p><p><a href=\"/\">{}</a></p></html>",
        lang.tag(),
        catalog.text(&format!("error-{code}-title")),
        catalog.text(&format!("error-{code}-title")),
        catalog.text(&format!("error-{code}-text")),
        catalog.text("nav-home"),
    );
    HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((CONTENT_SECURITY_POLICY, super::PAGE_CSP))
        .insert_header((CACHE_CONTROL, "no-store"))
        .body(body)
}
