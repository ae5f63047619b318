//! Bearer-token extractors: `Caller` requires a valid staff token (401 otherwise);
//! `MaybeCaller` accepts its absence (the public complaint form) but not a bad one.

use super::lang::negotiate;
use super::problem::ApiError;
use crate::service::AppState;
use crate::service::ProblemCode;
use crate::service::ServiceError;
use crate::service::staff::auth::{self, Caller};
use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

fn bearer(req: &HttpRequest) -> Option<Result<String, ()>> {
    let value = req.headers().get(AUTHORIZATION)?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim);
    Some(token.filter(|t| !t.is_empty()).map(str::to_owned).ok_or(()))
}

async fn resolve(req: HttpRequest, token: Result<String, ()>) -> Result<Caller, ApiError> {
    let lang = negotiate(&req);
    let token = token.map_err(|_| ApiError::new(ProblemCode::Unauthorized, lang))?;
    let state = req.app_data::<web::Data<AppState>>().ok_or_else(|| ApiError::new(ProblemCode::Internal, lang))?;
    auth::authenticate(state, &token).await.map_err(|e| match e {
        ServiceError::Unauthorized => ApiError::new(ProblemCode::Unauthorized, lang),
        other => ApiError::service(other, lang),
    })
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let token = bearer(&req).unwrap_or(Err(()));
            resolve(req, token).await
        })
    }
}

/// A caller if a token was sent.
pub struct MaybeCaller(pub Option<Caller>);

impl FromRequest for MaybeCaller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            match bearer(&req) {
                None => Ok(MaybeCaller(None)),
                Some(token) => resolve(req, token).await.map(|c| MaybeCaller(Some(c))),
            }
        })
    }
}

/// The client's address as text, for the audit log (see `http::client_addr`).
pub fn client_ip(req: &HttpRequest) -> Option<String> {
    Some(super::client_addr::of(req).to_string())
}
