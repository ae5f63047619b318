//! What a use case can fail with. The HTTP layer maps each to a status and a problem type.

use crate::domain::field_error::FieldError;
use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("the request has {} invalid field(s)", .0.len())]
    Validation(Vec<FieldError>),
    /// The code names the problem type, e.g. `complaint_not_found`.
    #[error("not found: {0}")]
    NotFound(&'static str),
    #[error("the Idempotency-Key was used before with another body")]
    IdempotencyKeyReused,
    /// No valid token (401).
    #[error("not signed in")]
    Unauthorized,
    /// Signed in, but this role may not do this (403).
    #[error("not allowed for this role")]
    Forbidden,
    /// The request conflicts with the state of things (409), e.g. a refused transition.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// A file is refused for what it is (too large, of a type not accepted, unreadable): the code
    /// names the problem type, `file` the file's cleaned name for the message.
    #[error("{code}: {file}")]
    FileRefused { code: &'static str, file: String },
    /// Wrong email or password (401), the same answer for both.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Too many failed sign-ins: wait this many seconds (429).
    #[error("locked for {0} s")]
    Locked(u64),
    #[error("the database cannot be reached: {0}")]
    Unavailable(DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<DbErr> for ServiceError {
    fn from(err: DbErr) -> Self {
        match err {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => Self::Unavailable(err),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<crate::secrets::SecretsError> for ServiceError {
    fn from(err: crate::secrets::SecretsError) -> Self {
        Self::Internal(err.to_string())
    }
}
