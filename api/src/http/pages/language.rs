//! The page language: the visible switch (a cookie) first, then `Accept-Language`, then zh-CN.

use crate::domain::language::Language;
use crate::http::lang::negotiate;
use crate::service::AppState;
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

/// Only a path on this site, or `/`: never an open redirect. Browsers drop tabs and newlines
/// from a `Location`, read `\` as `/` and `/\host` or `//host` as another site, so only the
/// characters of a plain path and query pass, and the percent-decoded form is checked again.
pub fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(p) if is_local_path(p) => p,
        _ => "/",
    }
}

fn is_local_path(p: &str) -> bool {
    const SAFE: &[u8] = b"-._~!$&'()*+,;=:@/?%";
    let plain =
        p.len() <= 200 && p.starts_with('/') && p.bytes().all(|b| b.is_ascii_alphanumeric() || SAFE.contains(&b));
    plain && {
        let decoded = percent_decoded(p.as_bytes());
        !decoded.starts_with(b"//")
            && !decoded.starts_with(b"/\\")
            && decoded.iter().all(|&b| b >= 0x20 && b != 0x7f && b != b'\\')
    }
}

fn percent_decoded(bytes: &[u8]) -> Vec<u8> {
    let hex = |b: u8| char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok());
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let pair = bytes.get(i + 1).copied().and_then(hex).zip(bytes.get(i + 2).copied().and_then(hex));
        match (bytes[i], pair) {
            (b'%', Some((hi, lo))) => {
                out.push(hi * 16 + lo);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// `GET /language?to=en&next=/track`: remembers the choice for a year and goes back.
pub async fn switch(state: web::Data<AppState>, query: web::Query<Switch>) -> HttpResponse {
    let lang = Language::parse(&query.to).unwrap_or_default();
    let secure = super::secure_cookies(&state);
    let cookie = Cookie::build(COOKIE, lang.tag())
        .path("/")
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(Duration::days(365))
        .finish();
    HttpResponse::SeeOther().cookie(cookie).insert_header((LOCATION, local_path(query.next.as_deref()))).finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn paths_on_this_site_pass() {
        for p in ["/", "/track", "/console?tab=mine&page=2", "/console/cases/P8X5-B895", "/console?q=%E7%8E%8B"] {
            assert_eq!(local_path(Some(p)), p);
        }
    }

    #[test]
    fn anything_that_could_leave_the_site_goes_home() {
        for p in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "/%0d/evil.example",
            "/\r\nSet-Cookie: x=1",
            "/%2F/evil.example",
            "/%5Cevil.example",
            "https://evil.example",
            "evil.example",
            "/ /evil.example",
            "/路径",
            "",
        ] {
            assert_eq!(local_path(Some(p)), "/", "{p:?}");
        }
        assert_eq!(local_path(None), "/");
        assert_eq!(local_path(Some(&format!("/{}", "a".repeat(200)))), "/");
    }

    proptest! {
        #[test]
        fn whatever_comes_in_the_answer_is_a_plain_local_path(input in ".{0,40}", tail in "[/\\\\%0-9a-fA-F\t]{0,8}") {
            let candidate = format!("{tail}{input}");
            let out = local_path(Some(&candidate));
            prop_assert!(out.starts_with('/'));
            prop_assert!(!out.starts_with("//") && !out.contains('\\'));
            prop_assert!(out.bytes().all(|b| b.is_ascii_graphic()));
        }
    }
}
