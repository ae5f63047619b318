//! Filing and tracking complaints.

use super::{client_ip, limited};
use crate::http::auth::MaybeCaller;
use crate::http::json_body::JsonBody;
use crate::http::lang::Lang;
use crate::http::multipart::{self, UploadLimits};
use crate::http::problem::ApiError;
use crate::http::rate_limit::RateLimits;
use crate::service::AppState;
use crate::service::ProblemCode;
use crate::service::complaint::evidence::{self, AttachmentCreated};
use crate::service::complaint::input::ComplaintRequest;
use crate::service::complaint::messages::{self, WorkerMessageCreated, WorkerMessageRequest};
use crate::service::complaint::submit::{Idempotency, submit};
use crate::service::complaint::track;
use crate::service::complaint::views::{ComplaintCreated, ComplaintView};
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

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
/// A volunteer filing for a worker sends their bearer token and `on_behalf`.
#[utoipa::path(post, path = "/api/v1/complaints", tag = "complaints", request_body = ComplaintRequest,
    security((), ("bearer" = [])),
    params(
        ("Idempotency-Key" = Option<String>, Header, pattern = "^[!-~]{1,64}$", description = "1 to 64 visible ASCII characters; a new one for each new complaint"),
        ("Accept-Language" = Option<String>, Header, description = "zh-CN (default) or en"),
    ),
    responses(
        (status = 201, body = ComplaintCreated, headers(("Location" = String, description = "/api/v1/complaints/{reference}"))),
        (status = 400, body = crate::http::problem::Problem, content_type = "application/problem+json"),
        (status = 403, body = crate::http::problem::Problem, content_type = "application/problem+json", description = "`forbidden`: a staff token that is not a volunteer's"),
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
    let key = idempotency_key(&req).map_err(|_| ApiError::new(ProblemCode::IdempotencyKeyInvalid, lang))?;
    limited(limits.filing.check(client_ip(&req)), lang)?;
    let idempotency = key.map(|key| Idempotency { key, body: &body.raw, binding: String::new() });
    let answer =
        submit(&state, body.value, idempotency, lang, caller.as_ref()).await.map_err(|e| ApiError::service(e, lang))?;
    let mut response = HttpResponse::build(StatusCode::CREATED);
    response
        .insert_header((CONTENT_TYPE, "application/json"))
        .insert_header((CACHE_CONTROL, "no-store"))
        .insert_header((LOCATION, format!("/api/v1/complaints/{}", answer.created.reference)));
    if answer.replayed {
        response.insert_header(("Idempotent-Replayed", "true"));
    }
    Ok(response.json(&answer.created))
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
        (status = 429, body = crate::http::problem::Problem, content_type = "application/problem+json", description = "`rate_limited`, or `message_limit_reached`: ten messages a complaint an hour"),
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
    let created = messages::add(&state, &reference, code, body.value).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Created().insert_header((CACHE_CONTROL, "no-store")).json(created))
}

/// The multipart form of an evidence upload.
#[derive(utoipa::ToSchema)]
pub struct EvidenceForm {
    /// One part per file, each named `file`: JPEG, PNG or WebP pictures or PDF files, at most
    /// 10 MiB each and 5 per complaint.
    #[schema(value_type = Vec<String>, format = Binary)]
    pub file: Vec<String>,
}

/// The answer to an upload: the first file's fields (the v1 contract), and every file stored.
#[derive(Serialize, utoipa::ToSchema)]
pub struct EvidenceUploaded {
    #[serde(flatten)]
    pub first: AttachmentCreated,
    /// Every file this request stored, in the order sent (one request may carry several).
    pub attachments: Vec<AttachmentCreated>,
}

/// Add evidence to a complaint: with the receipt code, or as staff with a bearer token.
///
/// Send `multipart/form-data` with one or more parts named `file`. The type is taken from the
/// bytes, not the name: JPEG, PNG and WebP pictures and PDF files are accepted. Pictures are
/// re-encoded without their metadata (EXIF with GPS position and the like), turned upright, and
/// stored as JPEG (JPEG, WebP) or PNG; the name gets the stored type's extension. At most 10 MiB
/// per file and 5 files per complaint; the files of one request are all stored or none. The
/// handling office is told by email, without the files. An unknown reference and a wrong code
/// give the same 404 as the other receipt-code endpoints.
#[utoipa::path(post, path = "/api/v1/complaints/{reference}/attachments", tag = "complaints",
    params(
        ("reference" = String, Path),
        ("X-Receipt-Code" = Option<String>, Header, description = "the 16-digit receipt code; not needed with a staff token"),
        ("Accept-Language" = Option<String>, Header, description = "zh-CN (default) or en"),
    ),
    request_body(content = EvidenceForm, content_type = "multipart/form-data"),
    security((), ("bearer" = [])),
    responses(
        (status = 201, body = EvidenceUploaded),
        (status = 400, body = crate::http::problem::Problem, content_type = "application/problem+json", description = "`bad_request`: the multipart body cannot be read"),
        (status = 401, body = crate::http::problem::Problem, content_type = "application/problem+json", description = "a staff token that is not valid"),
        (status = 403, body = crate::http::problem::Problem, content_type = "application/problem+json", description = "`forbidden`: a token of a volunteer or of an office that is only copied on the case"),
        (status = 404, body = crate::http::problem::Problem, content_type = "application/problem+json"),
        (status = 409, body = crate::http::problem::Problem, content_type = "application/problem+json", description = "`attachment_limit_reached`: 5 files per complaint"),
        (status = 413, body = crate::http::problem::Problem, content_type = "application/problem+json", description = "`attachment_too_large`: more than 10 MiB"),
        (status = 415, body = crate::http::problem::Problem, content_type = "application/problem+json", description = "`unsupported_file_type`, `pdf_active_content`, or `multipart_required`"),
        (status = 422, body = crate::http::problem::Problem, content_type = "application/problem+json", description = "`file_unreadable`, `image_too_large`, or `validation` (no file)"),
        (status = 429, body = crate::http::problem::Problem, content_type = "application/problem+json"),
    ))]
pub async fn add_attachment(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<RateLimits>,
    reference: web::Path<String>,
    MaybeCaller(caller): MaybeCaller,
    Lang(lang): Lang,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let code = req.headers().get(RECEIPT_CODE).and_then(|v| v.to_str().ok());
    // Who may upload, and whether there is room, before a byte of the body is read.
    match &caller {
        Some(caller) => evidence::check_staff(&state, caller, &reference).await,
        None => {
            limited(limits.lookup.check(client_ip(&req)), lang)?;
            evidence::check_worker(&state, &reference, code).await
        }
    }
    .map_err(|e| ApiError::service(e, lang))?;
    let mut upload =
        multipart::read(req.headers(), payload, &UploadLimits::EVIDENCE).await.map_err(|e| e.to_api(lang))?;
    let files = upload.take_files("file");
    let created = match &caller {
        Some(caller) => {
            let ip = crate::http::auth::client_ip(&req);
            evidence::add_for_staff(&state, caller, &reference, files, ip.as_deref()).await
        }
        None => evidence::add_for_worker(&state, &reference, code, files).await,
    }
    .map_err(|e| ApiError::service(e, lang))?;
    let Some(first) = created.first().cloned() else {
        return Err(ApiError::new(ProblemCode::Internal, lang));
    };
    Ok(HttpResponse::Created()
        .insert_header((CACHE_CONTROL, "no-store"))
        .json(EvidenceUploaded { first, attachments: created }))
}
