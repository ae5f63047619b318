//! The stylesheet and script of the pages, compiled in and served under names that carry a hash
//! of their content, so that browsers may keep them for a year and still never run a stale one.

use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{HttpResponse, web};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

const CSS: &str = include_str!("../../../../web-form/static/app.css");
const JS: &str = include_str!("../../../../web-form/static/app.js");
const CONSOLE_CSS: &str = include_str!("../../../../web-form/static/console.css");

pub struct Asset {
    pub url: String,
    body: &'static str,
    content_type: &'static str,
}

fn asset(stem: &str, ext: &str, body: &'static str, content_type: &'static str) -> Asset {
    let hash = hex::encode(&Sha256::digest(body.as_bytes())[..6]);
    Asset { url: format!("/assets/{stem}.{hash}.{ext}"), body, content_type }
}

pub static STYLESHEET: LazyLock<Asset> = LazyLock::new(|| asset("app", "css", CSS, "text/css; charset=utf-8"));
pub static CONSOLE_STYLESHEET: LazyLock<Asset> =
    LazyLock::new(|| asset("console", "css", CONSOLE_CSS, "text/css; charset=utf-8"));
pub static SCRIPT: LazyLock<Asset> = LazyLock::new(|| asset("app", "js", JS, "text/javascript; charset=utf-8"));

/// `GET /assets/{name}`: only the current names; anything else is not found.
pub async fn serve(req: actix_web::HttpRequest, name: web::Path<String>) -> HttpResponse {
    let path = format!("/assets/{name}");
    match [&*STYLESHEET, &*CONSOLE_STYLESHEET, &*SCRIPT].into_iter().find(|a| a.url == path) {
        Some(a) => HttpResponse::Ok()
            .insert_header((CONTENT_TYPE, a.content_type))
            .insert_header((CACHE_CONTROL, "public, max-age=31536000, immutable"))
            .body(a.body),
        None => super::errors::render(&req, 404),
    }
}
