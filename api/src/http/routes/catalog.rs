//! Categories and regions. They change only with a migration, so clients may cache them.

use crate::http::lang::Lang;
use crate::http::problem::ApiError;
use crate::service::AppState;
use crate::service::complaint::views::{CategoryView, RegionView};
use crate::service::directory::catalog;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_LANGUAGE, VARY};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

const CACHEABLE: &str = "public, max-age=3600";

/// The complaint categories, named and described in the caller's language.
#[utoipa::path(get, path = "/api/v1/categories", tag = "catalog",
    params(("Accept-Language" = Option<String>, Header, description = "zh-CN (default) or en")),
    responses((status = 200, body = Vec<CategoryView>)))]
pub async fn categories(state: web::Data<AppState>, Lang(lang): Lang) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CACHE_CONTROL, CACHEABLE))
        .insert_header((VARY, "Accept-Language"))
        .insert_header((CONTENT_LANGUAGE, lang.tag()))
        .json(catalog::categories(&state.directory, lang))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionQuery {
    /// A province (2 digits) or city (4 digits): list its children. Without it: the provinces.
    pub parent: Option<String>,
}

/// Provinces, or the children of a region.
#[utoipa::path(get, path = "/api/v1/regions", tag = "catalog", params(RegionQuery),
    responses((status = 200, body = Vec<RegionView>), (status = 404, body = crate::http::problem::Problem, content_type = "application/problem+json")))]
pub async fn regions(
    state: web::Data<AppState>,
    query: web::Query<RegionQuery>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let list = catalog::regions(&state.directory, query.parent.as_deref()).map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().insert_header((CACHE_CONTROL, CACHEABLE)).json(list))
}

/// One region.
#[utoipa::path(get, path = "/api/v1/regions/{code}", tag = "catalog",
    params(("code" = String, Path, description = "2, 4 or 6 digits")),
    responses((status = 200, body = RegionView), (status = 404, body = crate::http::problem::Problem, content_type = "application/problem+json")))]
pub async fn region(
    state: web::Data<AppState>,
    code: web::Path<String>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let region = catalog::region(&state.directory, &code).map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().insert_header((CACHE_CONTROL, CACHEABLE)).json(region))
}
