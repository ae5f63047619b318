//! Staff sign-in, token renewal, sign-out and "who am I".

use super::{client_ip, limited};
use crate::http::json_body::JsonBody;
use crate::http::lang::Lang;
use crate::http::problem::ApiError;
use crate::http::rate_limit::RateLimits;
use crate::service::AppState;
use crate::service::staff::auth::{self, Caller, Session};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginRequest {
    #[schema(example = "officer@example.org")]
    pub email: String,
    pub password: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: crate::domain::role::StaffRole,
    pub office_id: Option<i64>,
    pub language: crate::domain::language::Language,
}

/// Sign in. A wrong email and a wrong password give the same answer; five failures for one email
/// from one address make that address wait (429 with Retry-After); other addresses are not
/// affected.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "staff", request_body = LoginRequest,
    responses((status = 200, body = Session), (status = 401, body = crate::http::problem::Problem, content_type = "application/problem+json"),
        (status = 429, body = crate::http::problem::Problem, content_type = "application/problem+json")))]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<RateLimits>,
    body: JsonBody<LoginRequest>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let client = client_ip(&req);
    limited(limits.login.check(client), lang)?;
    let session = auth::login(&state, &body.value.email, &body.value.password, client)
        .await
        .map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(session))
}

/// A new token for a still-valid one.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "staff", security(("bearer" = [])),
    responses((status = 200, body = Session), (status = 401, body = crate::http::problem::Problem, content_type = "application/problem+json")))]
pub async fn refresh(state: web::Data<AppState>, caller: Caller, Lang(lang): Lang) -> Result<HttpResponse, ApiError> {
    let session = auth::refresh(&state, &caller).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(session))
}

/// Sign out everywhere: every token of the account stops working.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "staff", security(("bearer" = [])),
    responses((status = 204, description = "Every token of the account is revoked"), (status = 401, body = crate::http::problem::Problem, content_type = "application/problem+json")))]
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let ip = crate::http::auth::client_ip(&req);
    auth::logout(&state, &caller, ip.as_deref()).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::NoContent().finish())
}

/// Who am I.
#[utoipa::path(get, path = "/api/v1/me", tag = "staff", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = crate::http::problem::Problem, content_type = "application/problem+json")))]
pub async fn me(caller: Caller) -> HttpResponse {
    HttpResponse::Ok().json(Me {
        id: caller.staff_id,
        email: caller.email,
        display_name: caller.display_name,
        role: caller.role,
        office_id: caller.office_id,
        language: caller.language,
    })
}
