//! Filing and tracking complaints.

use super::{client_ip, limited};
use crate::http::auth::MaybeCaller;
use crate::http::json_body::JsonBody;
use crate::http::lang::Lang;
use crate::http::problem::ApiError;
use crate::http::rate_limit::RateLimits;
use crate::service::complaint_input::ComplaintRequest;
use crate::service::submit::{Idempotency, submit};
use crate::service::views::{ComplaintCreated, ComplaintView};
use crate::service::worker_message::{self, WorkerMessageCreated, WorkerMessageRequest};
use crate::service::{AppState, track};
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use actix_web::{HttpRequest, HttpResponse, web};

pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
pub const RECEIPT_CODE: &str = "X-Receipt-Code";

/// 1 to 64 visible ASCII characters.
fn idempotency_key(req: &HttpRequest) -> Result<Option<&str>, ()> {
    let Some(value) = req.headers().get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let key = value.to_str().map_err(|_| ())?;
    if (1..=64).contains(&key.len()) && key.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        Ok(Some(key))
    } else {
        Err(())
    }
}

/// File a complaint.
///
/// Send an `Idempotency-Key` to make retries safe: the same key with the same body within 24 hours
/// answers with the first answer (same status, same body, same receipt code) and files nothing new.
#[utoipa::path(post, path = "/api/v1/complaints", tag = "complaints", request_body = ComplaintRequest,
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 64 visible ASCII characters; a new one for each new complaint"),
        ("Accept-Language" = Option<String>, Header, description = "zh-CN (default) or en"),
    ),
    responses(
        (status = 201, body = ComplaintCreated, headers(("Location" = String, description = "/api/v1/complaints/{reference}"))),
        (status = 400, body = crate::http::problem::Problem, content_type = "application/problem+json"),
        (status = 413, body = crate::http::problem::Problem, content_type = "application/problem+json"),
        (status = 415, body = crate::http::problem::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::http::problem::Problem, content_type = "application/problem+json"),
        (status = 429, body = crate::http::problem::Problem, content_type = "application/problem+json"),
    ))]
pub async fn file(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<RateLimits>,
    body: JsonBody<ComplaintRequest>,
    MaybeCaller(caller): MaybeCaller,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let key = idempotency_key(&req).map_err(|_| ApiError::new("idempotency_key_invalid", lang))?;
    limited(limits.filing.check(client_ip(&req)), lang)?;
    let idempotency = key.map(|key| Idempotency { key, body: &body.raw, scope: String::new() });
    let answer =
        submit(&state, body.value, idempotency, lang, caller.as_ref()).await.map_err(|e| ApiError::service(e, lang))?;
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::CREATED);
    let mut response = HttpResponse::build(status);
    response
        .insert_header((CONTENT_TYPE, "application/json"))
        .insert_header((CACHE_CONTROL, "no-store"))
        .insert_header((LOCATION, format!("/api/v1/complaints/{}", answer.reference)));
    if answer.replayed {
        response.insert_header(("Idempotent-Replayed", "true"));
    }
    Ok(response.body(answer.body))
}

/// A complaint as its worker sees it.
///
/// Needs the receipt code in `X-Receipt-Code`. An unknown reference and a wrong code give the same
/// 404, so that nobody can learn which references exist.
#[utoipa::path(get, path = "/api/v1/complaints/{reference}", tag = "complaints",
    params(
        ("reference" = String, Path, description = "e.g. 7KQ4-M2XH"),
        ("X-Receipt-Code" = String, Header, description = "the 16-digit receipt code"),
    ),
    responses(
        (status = 200, body = ComplaintView),
        (status = 404, body = crate::http::problem::Problem, content_type = "application/problem+json"),
        (status = 429, body = crate::http::problem::Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<RateLimits>,
    reference: web::Path<String>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    limited(limits.lookup.check(client_ip(&req)), lang)?;
    let code = req.headers().get(RECEIPT_CODE).and_then(|v| v.to_str().ok());
    let view = track::track(&state, &reference, code, lang).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().insert_header((CACHE_CONTROL, "no-store")).json(view))
}

/// Add information to a complaint: with the receipt code. The handling office is told by email.
#[utoipa::path(post, path = "/api/v1/complaints/{reference}/messages", tag = "complaints",
    params(("reference" = String, Path), ("X-Receipt-Code" = String, Header, description = "the 16-digit receipt code")),
    request_body = WorkerMessageRequest,
    responses(
        (status = 201, body = WorkerMessageCreated),
        (status = 404, body = crate::http::problem::Problem, content_type = "application/problem+json"),
        (status = 422, body = crate::http::problem::Problem, content_type = "application/problem+json"),
        (status = 429, body = crate::http::problem::Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_message(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<RateLimits>,
    reference: web::Path<String>,
    body: JsonBody<WorkerMessageRequest>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    limited(limits.lookup.check(client_ip(&req)), lang)?;
    let code = req.headers().get(RECEIPT_CODE).and_then(|v| v.to_str().ok());
    let created =
        worker_message::add(&state, &reference, code, body.value).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Created().insert_header((CACHE_CONTROL, "no-store")).json(created))
}
