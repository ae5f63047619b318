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
