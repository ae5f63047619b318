//! Routing preview: who would receive a complaint, shown before the worker consents.

use crate::http::json_body::JsonBody;
use crate::http::lang::Lang;
use crate::http::problem::ApiError;
use crate::service::complaint::input::RoutingPreviewRequest;
use crate::service::complaint::views::RoutingPreview;
use crate::service::{AppState, routing};
use actix_web::{HttpResponse, web};

/// Who would receive a complaint: the primary office and the copied ones.
#[utoipa::path(post, path = "/api/v1/routing/preview", tag = "complaints", request_body = RoutingPreviewRequest,
    responses((status = 200, body = RoutingPreview), (status = 422, body = crate::http::problem::Problem, content_type = "application/problem+json")))]
pub async fn preview(
    state: web::Data<AppState>,
    body: JsonBody<RoutingPreviewRequest>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let preview = routing::preview(&state, body.value, lang).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(preview))
}
