//! Public-interest leads for the procuratorate's officers: the list, one lead with its member
//! cases, and the office's decision on it.

use crate::http::auth::client_ip;
use crate::http::json_body::JsonBody;
use crate::http::lang::Lang;
use crate::http::problem::{ApiError, Problem};
use crate::service::AppState;
use crate::service::lead::{self, LeadDecision, LeadDetail, LeadList};
use crate::service::staff::auth::Caller;
use actix_web::{HttpRequest, HttpResponse, web};

const PROBLEM: &str = "application/problem+json";

/// The leads of the caller's office, newest first (every lead for an administrator; 403 for
/// volunteers).
#[utoipa::path(get, path = "/api/v1/leads", tag = "leads", security(("bearer" = [])),
    responses((status = 200, body = LeadList), (status = 401, body = Problem, content_type = PROBLEM),
        (status = 403, body = Problem, content_type = PROBLEM)))]
pub async fn list(state: web::Data<AppState>, caller: Caller, Lang(lang): Lang) -> Result<HttpResponse, ApiError> {
    let list = lead::list(&state, &caller).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(list))
}

/// One lead with its member complaints as case summaries (no worker identity); 404 when it is
/// another office's.
#[utoipa::path(get, path = "/api/v1/leads/{id}", tag = "leads", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = LeadDetail), (status = 404, body = Problem, content_type = PROBLEM)))]
pub async fn detail(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let detail = lead::show(&state, &caller, id.into_inner()).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(detail))
}

/// The office's decision: `accepted`, `dismissed` (a `reason` is required) or `linked` (the
/// `reference` of a case the caller may act on). 409 once the lead is dismissed or linked.
#[utoipa::path(post, path = "/api/v1/leads/{id}", tag = "leads", params(("id" = i64, Path)), request_body = LeadDecision,
    security(("bearer" = [])),
    responses((status = 200, body = LeadDetail), (status = 404, body = Problem, content_type = PROBLEM),
        (status = 409, body = Problem, content_type = PROBLEM), (status = 422, body = Problem, content_type = PROBLEM)))]
pub async fn decide(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: JsonBody<LeadDecision>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let ip = client_ip(&req);
    let detail = lead::decide(&state, &caller, id.into_inner(), body.value, ip.as_deref())
        .await
        .map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(detail))
}
