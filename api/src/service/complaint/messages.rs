//! A worker adds information to their complaint with the reference and receipt code: it joins
//! the timeline, and the handling office is told by email (without the message itself, which may
//! name the worker: the office reads it behind the login).

use crate::domain::field_error::FieldError;
use crate::notify::templates;
use crate::service::ProblemCode;
use crate::service::text::{Lines, text_field};
use crate::service::{AppState, ServiceError, time_format};
use crate::store;
use crate::store::complaints::EventInsert;
use crate::store::entity::complaint;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const MESSAGE_MAX: usize = 5_000;
/// Messages a complaint takes from its worker in an hour: enough for anyone adding what they
/// remember, not enough to flood the office.
pub const MESSAGES_PER_HOUR: usize = 10;
/// The office hears of new messages at most this often per case.
const MAIL_EVERY_MINUTES: i64 = 15;
const MAIL_KIND: &str = "worker_message";

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct WorkerMessageRequest {
    /// 1 to 5,000 characters.
    pub body: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct WorkerMessageCreated {
    pub id: i64,
    #[serde(serialize_with = "time_format::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub at: DateTime<Utc>,
}

pub async fn add(
    state: &AppState,
    reference: &str,
    receipt_code: Option<&str>,
    req: WorkerMessageRequest,
) -> Result<WorkerMessageCreated, ServiceError> {
    let case = crate::service::complaint::track::open(state, reference, receipt_code).await?;
    let body = text_field("body", req.body.as_deref().unwrap_or_default(), Lines::Many)
        .map_err(|e| ServiceError::Validation(vec![e]))?;
    let len = body.chars().count();
    if len == 0 || len > MESSAGE_MAX {
        let code = if len == 0 { "required" } else { "too_long" };
        return Err(ServiceError::Validation(vec![FieldError::new("body", code).with("max", MESSAGE_MAX)]));
    }
    let mail = crate::service::office_mail::to_primary_office(state, &case, MAIL_KIND, templates::worker_added_message)
        .await?;
    let now = time_format::truncate(state.clock.now());
    let txn = store::begin_write(&state.db).await?;
    // Counted under the complaint's row lock, so that messages sent at once cannot pass together.
    if !store::attachments::lock_complaint(&txn, case.id).await? {
        return Err(ServiceError::NotFound(ProblemCode::ComplaintNotFound));
    }
    let recent = store::cases::worker_messages_since(&txn, case.id, now - Duration::hours(1)).await?;
    if recent.len() >= MESSAGES_PER_HOUR {
        let frees_at = recent.first().copied().unwrap_or(now) + Duration::hours(1);
        let seconds = u64::try_from((frees_at - now).num_seconds().max(1)).unwrap_or(60);
        return Err(ServiceError::RateLimited { code: ProblemCode::MessageLimitReached, seconds });
    }
    let event = EventInsert {
        kind: "message",
        status: None,
        message: Some(body),
        visible_to_worker: true,
        office_id: None,
        staff_id: None,
    };
    let id = store::cases::add_event(&txn, case.id, event, now).await?;
    store::cases::touch(&txn, case.id, now).await?;
    if let Some(due) = office_mail_due(&txn, &case, now).await? {
        store::outbox::enqueue_due(&txn, mail, now, due).await?;
    }
    txn.commit().await?;
    Ok(WorkerMessageCreated { id, at: now })
}

/// When to mail the office about a new message, if at all: at most one mail a case a quarter of
/// an hour. The mail only says that the worker wrote (the office reads the messages behind the
/// login), so one that is still waiting to go out already tells of this message too; after one
/// was sent, the next waits until the quarter hour is over.
async fn office_mail_due(
    txn: &sea_orm::DatabaseTransaction,
    case: &complaint::Model,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, ServiceError> {
    let latest = store::outbox::latest_of_kind(txn, case.id, MAIL_KIND).await?;
    Ok(match latest {
        None => Some(now),
        // Transferred since: the office handling it now has not heard.
        Some(m) if m.office_id != Some(case.primary_office_id) => Some(now),
        Some(m) if m.status == store::outbox::PENDING => None,
        Some(m) => Some(m.sent_at.map_or(now, |sent| now.max(sent + Duration::minutes(MAIL_EVERY_MINUTES)))),
    })
}
