//! What a use case can fail with. The HTTP layer maps each to a status and a problem type.

use super::problem_code::ProblemCode;
use crate::domain::field_error::FieldError;
use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("the request has {} invalid field(s)", .0.len())]
    Validation(Vec<FieldError>),
    /// The code names the problem type, e.g. `complaint_not_found`.
    #[error("not found: {0}")]
    NotFound(ProblemCode),
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
    Conflict(ProblemCode),
    /// A file is refused for what it is (too large, of a type not accepted, unreadable): the code
    /// names the problem type, `file` the file's cleaned name for the message.
    #[error("{code}: {file}")]
    FileRefused { code: ProblemCode, file: String },
    /// Wrong email or password (401), the same answer for both.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Too many failed sign-ins: wait this many seconds (429).
    #[error("locked for {0} s")]
    Locked(u64),
    /// Too many attempts of another kind: wait `seconds` (429). The code names the limit:
    /// `rate_limited` (wrong receipt codes for one complaint), `message_limit_reached`.
    #[error("{code}: wait {seconds} s")]
    RateLimited { code: ProblemCode, seconds: u64 },
    #[error("the database cannot be reached: {0}")]
    Unavailable(DbErr),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<DbErr> for ServiceError {
    fn from(err: DbErr) -> Self {
        if is_unavailable(&err) { Self::Unavailable(err) } else { Self::Internal(err.to_string()) }
    }
}

/// Whether an error says the database cannot be reached or is going away, rather than that a
/// statement is wrong: the client should try again later (503), nothing is broken here (500).
/// When PostgreSQL stops, a statement on a pooled connection fails with the connection's I/O
/// error or with the server's "terminating connection" (SQLSTATE class 57), not as an error of
/// the pool, so the errors of statements are looked at too.
pub fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    use sea_orm::sqlx::Error as Sqlx;
    let runtime = match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(e) | DbErr::Query(e) => e,
        _ => return false,
    };
    let RuntimeErr::SqlxError(sqlx) = runtime else { return false };
    match sqlx.as_ref() {
        Sqlx::Io(_) | Sqlx::Tls(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::WorkerCrashed => true,
        // PostgreSQL: 08 connection exception, 53 insufficient resources (too many connections),
        // 57 operator intervention (shutting down, starting up, terminated by the administrator).
        Sqlx::Database(db) if db.try_downcast_ref::<sea_orm::sqlx::postgres::PgDatabaseError>().is_some() => {
            db.code().is_some_and(|code| ["08", "53", "57"].iter().any(|class| code.starts_with(class)))
        }
        _ => false,
    }
}

impl From<crate::secrets::SecretsError> for ServiceError {
    fn from(err: crate::secrets::SecretsError) -> Self {
        Self::Internal(err.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::RuntimeErr;
    use sea_orm::sqlx::Error as Sqlx;
    use std::sync::Arc;

    fn statement_error(sqlx: Sqlx) -> DbErr {
        DbErr::Query(RuntimeErr::SqlxError(Arc::new(sqlx)))
    }

    #[test]
    fn a_lost_connection_is_unavailable_and_a_bad_statement_internal() {
        let cut = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "connection reset by peer");
        for err in [
            statement_error(Sqlx::Io(cut)),
            statement_error(Sqlx::PoolTimedOut),
            DbErr::Exec(RuntimeErr::SqlxError(Arc::new(Sqlx::PoolClosed))),
            DbErr::ConnectionAcquire(sea_orm::error::ConnAcquireErr::Timeout),
        ] {
            assert!(matches!(ServiceError::from(err), ServiceError::Unavailable(_)));
        }
        for err in [
            statement_error(Sqlx::RowNotFound),
            DbErr::Query(RuntimeErr::Internal("syntax error".into())),
            DbErr::RecordNotFound("x".into()),
        ] {
            assert!(matches!(ServiceError::from(err), ServiceError::Internal(_)));
        }
    }
}
