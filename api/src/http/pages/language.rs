//! The page language: the visible switch (a cookie) first, then `Accept-Language`, then zh-CN.

use crate::domain::language::Language;
use crate::http::lang::negotiate;
use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

pub const COOKIE: &str = "intake_lang";

pub fn of(req: &HttpRequest) -> Language {
    req.cookie(COOKIE).and_then(|c| Language::parse(c.value()).ok()).unwrap_or_else(|| negotiate(req))
}

#[derive(Deserialize)]
pub struct Switch {
    to: String,
    next: Option<String>,
}

/// Only a path on this site: never an open redirect.
pub fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && p.len() < 200 => p,
        _ => "/",
    }
}

/// `GET /language?to=en&next=/track`: remembers the choice for a year and goes back.
pub async fn switch(req: HttpRequest, query: web::Query<Switch>) -> HttpResponse {
    let lang = Language::parse(&query.to).unwrap_or_default();
    let secure = req.connection_info().scheme() == "https";
    let cookie = Cookie::build(COOKIE, lang.tag())
        .path("/")
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(Duration::days(365))
        .finish();
    HttpResponse::SeeOther().cookie(cookie).insert_header((LOCATION, local_path(query.next.as_deref()))).finish()
}
