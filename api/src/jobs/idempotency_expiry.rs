//! Deletes idempotency records after their 24 hours, so that no stored answer outlives its use.

use super::Report;
use crate::service::{AppState, ServiceError};
use crate::store;
use chrono::{DateTime, Utc};

/// The job: deletes every record expired at `now`. Idempotent, so safe from any instance at once.
pub async fn run_once(state: &AppState, now: DateTime<Utc>) -> Result<Report, ServiceError> {
    Ok(Report::IdempotencyExpiry { deleted: store::idempotency::purge_expired(&state.db, now).await? })
}
