//! A filing on its way to the database: every row of one new complaint, and the handle through
//! which requests hand filings to the group-commit writer (`writer`).

use crate::store::complaints::NewComplaint;
use crate::store::entity::idempotency_key;
use crate::store::outbox::NewMessage;
use sea_orm::DbErr;
use std::sync::OnceLock;
use tokio::sync::{mpsc, oneshot};

/// Every row of one new complaint, computed before any lock is taken.
pub struct Filing {
    pub complaint: NewComplaint,
    pub mail: Vec<NewMessage>,
    /// The sealed answer for replays, when the request came with an Idempotency-Key.
    pub answer: Option<idempotency_key::Model>,
    pub now: chrono::DateTime<chrono::Utc>,
}

pub(crate) struct Job {
    pub(crate) filing: Filing,
    pub(crate) reply: oneshot::Sender<Result<(), DbErr>>,
}

/// The way to the writer task, once it is started.
#[derive(Default)]
pub struct FilingWriter {
    pub(crate) sender: OnceLock<mpsc::Sender<Job>>,
}
