//! The documents of a case and the union's referral to the procuratorate, for officers.

use crate::http::auth::client_ip;
use crate::http::json_body::JsonBody;
use crate::http::lang::Lang;
use crate::http::problem::ApiError;
use crate::service::AppState;
use crate::service::document::{self, DocumentRequest, DocumentView, ReferralView};
use crate::service::staff::auth::Caller;
use actix_web::{HttpRequest, HttpResponse, web};

const PROBLEM: &str = "application/problem+json";

/// The documents the offices issued on the case, oldest first.
#[utoipa::path(get, path = "/api/v1/cases/{reference}/documents", tag = "cases", params(("reference" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<DocumentView>), (status = 404, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    reference: web::Path<String>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let list = document::list(&state, &caller, &reference).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(list))
}

/// Record a document the caller's office issued: a trade union's `reminder_letter`, `opinion` or
/// `recommendation` on a case it handles, a procuratorate's `procuratorial_suggestion` on a case it
/// sees. Other offices get 403. The worker is not shown it.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/documents", tag = "cases", params(("reference" = String, Path)),
    request_body = DocumentRequest, security(("bearer" = [])),
    responses((status = 201, body = DocumentView), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 422, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn record(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    reference: web::Path<String>,
    body: JsonBody<DocumentRequest>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let ip = client_ip(&req);
    let created = document::record(&state, &caller, &reference, body.value, ip.as_deref())
        .await
        .map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Created().json(created))
}

/// A trade union that handles the case refers it to the procuratorate of the case's province,
/// which is copied on the case and told by email; 409 when it already is. The worker is not shown it.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/referral", tag = "cases", params(("reference" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ReferralView), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 409, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn refer(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    reference: web::Path<String>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let ip = client_ip(&req);
    let referral =
        document::refer(&state, &caller, &reference, ip.as_deref()).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(referral))
}
