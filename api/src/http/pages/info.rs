//! `/privacy`: what is collected, why, who receives it, how long it is kept, and the worker's
//! rights (PIPL art. 17), in plain words.

use super::Page;
use crate::service::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

#[derive(Template)]
#[template(path = "privacy.html")]
pub struct PrivacyPage<'a> {
    pub page: &'a Page,
}

pub async fn privacy(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let page = Page::new(&state, &req);
    let body = PrivacyPage { page: &page }.render();
    page.respond(StatusCode::OK, body)
}
