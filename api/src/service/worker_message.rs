//! A worker adds information to their complaint with the reference and receipt code: it joins
//! the timeline, and the handling office is told by email (without the message itself, which may
//! name the worker: the office reads it behind the login).

use super::{AppState, ServiceError, time_format};
use crate::domain::field_error::FieldError;
use crate::notify::templates;
use crate::store;
use crate::store::complaints::EventInsert;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const MESSAGE_MAX: usize = 5_000;

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
    let case = super::track::open(state, reference, receipt_code).await?;
    let body = req.body.as_deref().map(str::trim).unwrap_or_default();
    let len = body.chars().count();
    if len == 0 || len > MESSAGE_MAX || body.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        let code = if len == 0 {
            "required"
        } else if len > MESSAGE_MAX {
            "too_long"
        } else {
            "text_invalid"
        };
        return Err(ServiceError::Validation(vec![FieldError::new("body", code).with("max", MESSAGE_MAX)]));
    }
    let mail =
        super::office_mail::to_primary_office(state, &case, "worker_message", templates::worker_added_message).await?;
    let now = time_format::truncate(state.clock.now());
    let txn = store::begin_write(&state.db).await?;
    let event = EventInsert {
        kind: "message",
        status: None,
        message: Some(body.to_owned()),
        visible_to_worker: true,
        office_id: None,
        staff_id: None,
    };
    let id = store::cases::add_event(&txn, case.id, event, now).await?;
    store::cases::touch(&txn, case.id, now).await?;
    store::outbox::enqueue(&txn, mail, now).await?;
    txn.commit().await?;
    Ok(WorkerMessageCreated { id, at: now })
}
