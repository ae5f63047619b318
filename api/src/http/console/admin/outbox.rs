//! `/console/admin/outbox`: how many emails wait, went and failed; the failed ones with their
//! last error and attempts; retrying one, or every failed one.

use super::{Done, admin_in, admin_post, done, notice};
use crate::http::console::{Console, failure};
use crate::http::pages::Page;
use crate::service::admin::{self, OutboxItem, OutboxQuery, OutboxSummary};
use crate::service::{AppState, ServiceError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

const LIST: &str = "/console/admin/outbox";

#[derive(Template)]
#[template(path = "console/admin/outbox.html")]
struct OutboxPage<'a> {
    page: &'a Page,
    c: &'a Console,
    summary: OutboxSummary,
    failed: Vec<OutboxItem>,
    notice: Option<String>,
}

impl OutboxPage<'_> {
    pub fn when(&self, at: &str) -> String {
        super::china_time(at)
    }
}

pub async fn show(req: HttpRequest, state: web::Data<AppState>, query: web::Query<Done>) -> HttpResponse {
    let console = match admin_in(&state, &req).await {
        Ok(c) => c,
        Err(answer) => return *answer,
    };
    let loaded = async {
        let failed_only = OutboxQuery { failed: Some(true), limit: Some(500) };
        Ok::<_, ServiceError>((
            admin::outbox_summary(&state, &console.caller).await?,
            admin::outbox_list(&state, &console.caller, failed_only).await?,
        ))
    };
    let (summary, failed) = match loaded.await {
        Ok(x) => x,
        Err(err) => return failure(&req, &err),
    };
    let notice = notice(&console, query.done.as_deref());
    let body = OutboxPage { page: &console.page, c: &console, summary, failed, notice }.render();
    console.page.respond(StatusCode::OK, body)
}

pub async fn retry_one(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> HttpResponse {
    let console = match admin_post(&state, &req, &body).await {
        Ok((console, _)) => console,
        Err(answer) => return *answer,
    };
    match admin::outbox_retry(&state, &console.caller, Some(*id)).await {
        Ok(_) => done(LIST, "retried"),
        Err(err) => failure(&req, &err),
    }
}

pub async fn retry_all(req: HttpRequest, state: web::Data<AppState>, body: web::Bytes) -> HttpResponse {
    let console = match admin_post(&state, &req, &body).await {
        Ok((console, _)) => console,
        Err(answer) => return *answer,
    };
    match admin::outbox_retry(&state, &console.caller, None).await {
        Ok(_) => done(LIST, "retried-all"),
        Err(err) => failure(&req, &err),
    }
}
