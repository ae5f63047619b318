//! The outbox

use super::*;

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// true: only the messages that failed for good.
    pub failed: Option<bool>,
    /// How many of the latest messages (default 100, at most 500).
    // Any u64 is read and served (clamped, or an empty page): not only the int64 range utoipa says.
    #[param(format = "uint64", maximum = 18446744073709551615usize)]
    pub limit: Option<u64>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OutboxItem {
    pub id: i64,
    pub kind: String,
    pub complaint_id: Option<i64>,
    pub office_id: Option<i64>,
    pub to_address: String,
    pub subject: String,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    /// Attempts since it was queued (or last retried).
    pub attempts: i32,
    pub last_error: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub next_attempt_at: String,
    #[schema(format = DateTime)]
    pub sent_at: Option<String>,
}

impl From<outbox_message::Model> for OutboxItem {
    fn from(m: outbox_message::Model) -> Self {
        Self {
            id: m.id,
            created_at: time(&m.created_at),
            next_attempt_at: time(&m.next_attempt_at),
            sent_at: m.sent_at.as_ref().map(time),
            kind: m.kind,
            complaint_id: m.complaint_id,
            office_id: m.office_id,
            to_address: m.to_address,
            subject: m.subject,
            status: m.status,
            attempts: m.attempts,
            last_error: m.last_error,
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
pub struct OutboxSummary {
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
}

#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
pub struct Retried {
    /// How many messages were queued again.
    pub queued: u64,
}

pub async fn outbox_list(
    state: &AppState,
    caller: &Caller,
    query: OutboxQuery,
) -> Result<Vec<OutboxItem>, ServiceError> {
    require_admin(caller)?;
    let limit = query.limit.unwrap_or(100).clamp(1, 500);
    Ok(crate::service::outbox::list(state, query.failed.unwrap_or(false), limit)
        .await?
        .into_iter()
        .map(OutboxItem::from)
        .collect())
}

pub async fn outbox_summary(state: &AppState, caller: &Caller) -> Result<OutboxSummary, ServiceError> {
    require_admin(caller)?;
    let s = crate::service::outbox::summary(state).await?;
    Ok(OutboxSummary { pending: s.pending, sent: s.sent, failed: s.failed })
}

/// Queues a failed message again (`Some(id)`), or every failed message (`None`).
pub async fn outbox_retry(state: &AppState, caller: &Caller, id: Option<i64>) -> Result<Retried, ServiceError> {
    require_admin(caller)?;
    let queued = crate::service::outbox::retry(state, id).await?;
    let target = id.map_or_else(|| "every failed message".to_owned(), |id| format!("outbox #{id}"));
    audit(state, &state.db, Some(caller), "outbox_retried", target, Some(format!("{queued} queued"))).await?;
    Ok(Retried { queued })
}
