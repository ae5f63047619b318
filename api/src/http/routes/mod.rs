//! The handlers: thin, each one extracts, calls a use case and answers.

pub mod admin;
pub mod auth;
pub mod cases;
pub mod catalog;
pub mod complaints;
pub mod docs;
pub mod documents;
pub mod health;
pub mod leads;
pub mod routing;
pub mod stats;

use super::problem::ApiError;
use crate::domain::language::Language;
use actix_web::HttpRequest;
use std::net::IpAddr;

/// The client's address for rate limiting (see `http::client_addr`).
pub fn client_ip(req: &HttpRequest) -> IpAddr {
    super::client_addr::of(req)
}

pub fn limited(result: Result<(), u64>, lang: Language) -> Result<(), ApiError> {
    result.map_err(|seconds| ApiError::rate_limited(seconds, lang))
}
