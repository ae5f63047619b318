//! Errors as RFC 9457 problem details. Every problem type has a stable snake_case code, and the
//! code decides the HTTP status here, in one place.

use crate::domain::field_error::FieldError;
use crate::domain::language::Language;
use crate::i18n;
use crate::service::ServiceError;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use std::fmt;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// The status of each problem type.
pub fn status_of(code: &str) -> StatusCode {
    match code {
        "validation" | "idempotency_key_reused" | "file_unreadable" | "image_too_large" => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        "unauthorized" | "invalid_credentials" => StatusCode::UNAUTHORIZED,
        "forbidden" => StatusCode::FORBIDDEN,
        "transition_not_allowed" | "conflict" | "office_inactive" | "same_office" | "attachment_limit_reached" => {
            StatusCode::CONFLICT
        }
        "account_locked" => StatusCode::TOO_MANY_REQUESTS,
        "malformed_json" | "bad_request" | "idempotency_key_invalid" => StatusCode::BAD_REQUEST,
        "unsupported_media_type" | "unsupported_file_type" | "pdf_active_content" | "multipart_required" => {
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        }
        "payload_too_large" | "attachment_too_large" => StatusCode::PAYLOAD_TOO_LARGE,
        "not_found"
        | "complaint_not_found"
        | "case_not_found"
        | "lead_not_found"
        | "office_not_found"
        | "staff_not_found"
        | "rule_not_found"
        | "region_not_found"
        | "outbox_message_not_found"
        | "attachment_not_found" => StatusCode::NOT_FOUND,
        "method_not_allowed" => StatusCode::METHOD_NOT_ALLOWED,
        "rate_limited" | "message_limit_reached" => StatusCode::TOO_MANY_REQUESTS,
        "service_unavailable" => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

#[derive(Debug)]
pub struct ApiError {
    pub code: &'static str,
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
    pub fn new(code: &'static str, lang: Language) -> Self {
        Self { code, lang, errors: Vec::new(), params: Vec::new(), retry_after: None }
    }

    pub fn validation(errors: Vec<FieldError>, lang: Language) -> Self {
        Self { errors, ..Self::new("validation", lang) }
    }

    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.params.push((name, value.to_string()));
        self
    }

    pub fn rate_limited(retry_after: u64, lang: Language) -> Self {
        Self { retry_after: Some(retry_after), ..Self::new("rate_limited", lang) }.with("seconds", retry_after)
    }

    pub fn service(err: ServiceError, lang: Language) -> Self {
        match err {
            ServiceError::Validation(errors) => Self::validation(errors, lang),
            ServiceError::NotFound(code) => Self::new(code, lang),
            ServiceError::IdempotencyKeyReused => Self::new("idempotency_key_reused", lang),
            ServiceError::Unauthorized => Self::new("unauthorized", lang),
            ServiceError::Forbidden => Self::new("forbidden", lang),
            ServiceError::Conflict(code) => Self::new(code, lang),
            ServiceError::FileRefused { code, file } => Self::new(code, lang).with("file", file),
            ServiceError::InvalidCredentials => Self::new("invalid_credentials", lang),
            ServiceError::Locked(seconds) => {
                Self { retry_after: Some(seconds), ..Self::new("account_locked", lang) }.with("seconds", seconds)
            }
            ServiceError::RateLimited { code, seconds } => {
                Self { retry_after: Some(seconds), ..Self::new(code, lang) }.with("seconds", seconds)
            }
            ServiceError::Unavailable(e) => {
                tracing::error!(error = %e, "database unavailable");
                Self { retry_after: Some(5), ..Self::new("service_unavailable", lang) }
            }
            ServiceError::Internal(message) => {
                tracing::error!(error = %message, "internal error");
                Self::new("internal", lang)
            }
        }
    }

    pub fn body(&self) -> Problem {
        let (title, detail) = i18n::problem_text(self.code, self.lang, &self.params);
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
            kind: format!("/problems/{}", self.code),
            title,
            status: self.status_code().as_u16(),
            detail,
            code: self.code.to_owned(),
            errors,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)
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
        if matches!(self.code, "unauthorized" | "invalid_credentials") {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_with_a_text_has_its_own_status() {
        for code in i18n::problem_codes().filter(|c| *c != "internal") {
            assert_ne!(status_of(code), StatusCode::INTERNAL_SERVER_ERROR, "{code} has no status");
        }
        let statuses: Vec<u16> = [
            "attachment_limit_reached",
            "attachment_too_large",
            "unsupported_file_type",
            "pdf_active_content",
            "file_unreadable",
            "image_too_large",
            "multipart_required",
            "attachment_not_found",
        ]
        .iter()
        .map(|c| status_of(c).as_u16())
        .collect();
        assert_eq!(statuses, vec![409, 413, 415, 415, 422, 422, 415, 404]);
    }
}
