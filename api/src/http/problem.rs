//! Errors as RFC 9457 problem details. Every problem type has a stable snake_case code, and the
//! code decides the HTTP status here, in one place.

use crate::domain::field_error::FieldError;
use crate::domain::language::Language;
use crate::i18n;
use crate::service::{ProblemCode, ServiceError};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use std::fmt;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// The status of each problem type (decided by `ProblemCode::status`).
pub fn status_of(code: ProblemCode) -> StatusCode {
    StatusCode::from_u16(code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

#[derive(Debug)]
pub struct ApiError {
    pub code: ProblemCode,
    pub lang: Language,
    pub errors: Vec<FieldError>,
    pub params: Vec<(&'static str, String)>,
    pub retry_after: Option<u64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    /// Dotted path of the field, e.g. `contact.phone`.
    pub field: String,
    /// Stable code, e.g. `phone_invalid`.
    pub code: String,
    /// What to do, in the language asked for.
    pub message: String,
}

/// RFC 9457 problem details.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    #[schema(example = "/problems/validation")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable snake_case code of the problem type.
    #[schema(example = "validation")]
    pub code: String,
    /// For validation problems: one entry per field to fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldProblem>>,
}

impl ApiError {
    pub fn new(code: ProblemCode, lang: Language) -> Self {
        Self { code, lang, errors: Vec::new(), params: Vec::new(), retry_after: None }
    }

    pub fn validation(errors: Vec<FieldError>, lang: Language) -> Self {
        Self { errors, ..Self::new(ProblemCode::Validation, lang) }
    }

    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.params.push((name, value.to_string()));
        self
    }

    pub fn rate_limited(retry_after: u64, lang: Language) -> Self {
        Self { retry_after: Some(retry_after), ..Self::new(ProblemCode::RateLimited, lang) }
            .with("seconds", retry_after)
    }

    pub fn service(err: ServiceError, lang: Language) -> Self {
        match err {
            ServiceError::Validation(errors) => Self::validation(errors, lang),
            ServiceError::NotFound(code) => Self::new(code, lang),
            ServiceError::IdempotencyKeyReused => Self::new(ProblemCode::IdempotencyKeyReused, lang),
            ServiceError::Unauthorized => Self::new(ProblemCode::Unauthorized, lang),
            ServiceError::Forbidden => Self::new(ProblemCode::Forbidden, lang),
            ServiceError::Conflict(code) => Self::new(code, lang),
            ServiceError::FileRefused { code, file } => Self::new(code, lang).with("file", file),
            ServiceError::InvalidCredentials => Self::new(ProblemCode::InvalidCredentials, lang),
            ServiceError::Locked(seconds) => {
                Self { retry_after: Some(seconds), ..Self::new(ProblemCode::AccountLocked, lang) }
                    .with("seconds", seconds)
            }
            ServiceError::RateLimited { code, seconds } => {
                Self { retry_after: Some(seconds), ..Self::new(code, lang) }.with("seconds", seconds)
            }
            ServiceError::Unavailable(e) => {
                tracing::error!(error = %e, "database unavailable");
                Self { retry_after: Some(5), ..Self::new(ProblemCode::ServiceUnavailable, lang) }
            }
            ServiceError::Internal(message) => {
                tracing::error!(error = %message, "internal error");
                Self::new(ProblemCode::Internal, lang)
            }
        }
    }

    pub fn body(&self) -> Problem {
        let (title, detail) = i18n::problem_text(self.code.as_str(), self.lang, &self.params);
        let errors = (!self.errors.is_empty()).then(|| {
            self.errors
                .iter()
                .map(|e| FieldProblem {
                    field: e.field.to_string(),
                    code: e.code.to_owned(),
                    message: i18n::field_message(e, self.lang),
                })
                .collect()
        });
        Problem {
            kind: format!("/problems/{}", self.code.as_str()),
            title,
            status: self.status_code().as_u16(),
            detail,
            code: self.code.as_str().to_owned(),
            errors,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code.as_str())
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        status_of(self.code)
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        response
            .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)))
            .insert_header((header::CONTENT_LANGUAGE, self.lang.tag()))
            .insert_header((header::CACHE_CONTROL, "no-store"));
        if matches!(self.code, ProblemCode::Unauthorized | ProblemCode::InvalidCredentials) {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        match serde_json::to_vec(&self.body()) {
            Ok(body) => response.body(body),
            Err(_) => response.finish(),
        }
    }
}
