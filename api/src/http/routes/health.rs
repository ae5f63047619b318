//! Liveness and readiness.

use crate::http::lang::Lang;
use crate::http::problem::ApiError;
use crate::service::AppState;
use crate::service::ProblemCode;
use crate::store;
use actix_web::{HttpResponse, web};
use serde_json::json;

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, description = "The process is up", example = json!({"status": "ok"}))))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// The database answers.
#[utoipa::path(get, path = "/readyz", tag = "health", responses(
    (status = 200, description = "The database answers", example = json!({"status": "ok", "database": "ok"})),
    (status = 503, description = "The database does not answer", body = crate::http::problem::Problem, content_type = "application/problem+json"),
))]
pub async fn readyz(state: web::Data<AppState>, Lang(lang): Lang) -> Result<HttpResponse, ApiError> {
    match tokio::time::timeout(std::time::Duration::from_secs(3), store::ping(&state.db)).await {
        Ok(Ok(())) => Ok(HttpResponse::Ok().json(json!({"status": "ok", "database": "ok"}))),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check failed");
            Err(ApiError { retry_after: Some(5), ..ApiError::new(ProblemCode::ServiceUnavailable, lang) })
        }
        Err(_) => {
            tracing::warn!("readiness check timed out");
            Err(ApiError { retry_after: Some(5), ..ApiError::new(ProblemCode::ServiceUnavailable, lang) })
        }
    }
}
