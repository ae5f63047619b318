//! The outbox as administrators see it: counts, failed messages with their errors, and retry.

use super::{AppState, ServiceError};
use crate::service::ProblemCode;
use crate::store;
use crate::store::entity::{outbox_attempt, outbox_message};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
}

pub async fn summary(state: &AppState) -> Result<Summary, ServiceError> {
    Ok(Summary {
        pending: store::outbox::count_by_status(&state.db, store::outbox::PENDING).await?,
        sent: store::outbox::count_by_status(&state.db, store::outbox::SENT).await?,
        failed: store::outbox::count_by_status(&state.db, store::outbox::FAILED).await?,
    })
}

pub async fn list(state: &AppState, failed_only: bool, limit: u64) -> Result<Vec<outbox_message::Model>, ServiceError> {
    Ok(store::outbox::list(&state.db, failed_only, limit).await?)
}

pub async fn attempts(state: &AppState, id: i64) -> Result<Vec<outbox_attempt::Model>, ServiceError> {
    Ok(store::outbox::attempts_of(&state.db, id).await?)
}

/// Queues failed messages again (one, or all with `None`); returns how many.
pub async fn retry(state: &AppState, id: Option<i64>) -> Result<u64, ServiceError> {
    if let Some(id) = id
        && store::outbox::find(&state.db, id).await?.is_none()
    {
        return Err(ServiceError::NotFound(ProblemCode::OutboxMessageNotFound));
    }
    let count = store::outbox::retry(&state.db, id, state.clock.now()).await?;
    tracing::info!(count, "failed messages queued again");
    Ok(count)
}
