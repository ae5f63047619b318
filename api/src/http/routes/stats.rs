//! The figures of the caller's office (every office for an administrator), for the dashboard and
//! for anyone who wants them as JSON.

use crate::http::lang::Lang;
use crate::http::problem::{ApiError, Problem};
use crate::service::AppState;
use crate::service::staff::auth::Caller;
use crate::service::stats::{self, Stats, StatsQuery};
use actix_web::{HttpResponse, web};

const PROBLEM: &str = "application/problem+json";

/// Counts by status, category, city and platform, new cases per week over the last 12 weeks,
/// the overdue count and the median time to acknowledge, over the cases the caller's case list
/// shows (their office's, handled or copied; every case for an administrator).
#[utoipa::path(get, path = "/api/v1/stats", tag = "cases", params(StatsQuery), security(("bearer" = [])),
    responses((status = 200, body = Stats), (status = 401, body = Problem, content_type = PROBLEM),
        (status = 403, body = Problem, content_type = PROBLEM)))]
pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<StatsQuery>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let figures = stats::stats(&state, &caller, query.into_inner()).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(figures))
}
