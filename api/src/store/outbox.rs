//! The outbox: queued emails, their claiming by delivery loops, and their attempts.

use super::entity::{outbox_attempt, outbox_message};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Query};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

#[derive(Clone, Debug)]
pub struct NewMessage {
    pub kind: &'static str,
    pub complaint_id: Option<i64>,
    pub office_id: Option<i64>,
    pub to_address: String,
    pub language: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub message_id: String,
    /// `(nonce, sealed)`: a secret filled into the text at sending time, never stored readable.
    pub secret: Option<(Vec<u8>, Vec<u8>)>,
}

/// Queues messages; call it inside the transaction of the change that causes them.
pub async fn enqueue<C: ConnectionTrait>(txn: &C, messages: Vec<NewMessage>, now: DateTime<Utc>) -> Result<(), DbErr> {
    enqueue_due(txn, messages, now, now).await
}

/// Queues messages that are not to be sent before `due`.
pub async fn enqueue_due<C: ConnectionTrait>(
    txn: &C,
    messages: Vec<NewMessage>,
    now: DateTime<Utc>,
    due: DateTime<Utc>,
) -> Result<(), DbErr> {
    if messages.is_empty() {
        return Ok(());
    }
    let rows: Vec<outbox_message::ActiveModel> = messages
        .into_iter()
        .map(|m| outbox_message::ActiveModel {
            id: NotSet,
            kind: Set(m.kind.to_owned()),
            complaint_id: Set(m.complaint_id),
            office_id: Set(m.office_id),
            to_address: Set(m.to_address),
            language: Set(m.language),
            subject: Set(m.subject),
            body_text: Set(m.body_text),
            body_html: Set(m.body_html),
            message_id: Set(m.message_id),
            status: Set(PENDING.to_owned()),
            attempts: Set(0),
            next_attempt_at: Set(due),
            locked_until: Set(None),
            last_error: Set(None),
            created_at: Set(now),
            sent_at: Set(None),
            secret_nonce: Set(m.secret.as_ref().map(|s| s.0.clone())),
            secret_sealed: Set(m.secret.map(|s| s.1)),
        })
        .collect();
    super::complaints::insert_runs(txn, rows).await
}

/// The latest message of a kind about a complaint, if any.
pub async fn latest_of_kind<C: ConnectionTrait>(
    db: &C,
    complaint_id: i64,
    kind: &str,
) -> Result<Option<outbox_message::Model>, DbErr> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::ComplaintId.eq(complaint_id))
        .filter(outbox_message::Column::Kind.eq(kind))
        .order_by_desc(outbox_message::Column::Id)
        .one(db)
        .await
}

/// Claims up to `limit` due messages for one delivery loop until `lease_until`. On PostgreSQL the
/// rows are picked `FOR UPDATE SKIP LOCKED`, so concurrent loops never claim the same row; on SQLite
/// the single statement runs under the database's one writer lock, which has the same effect. A
/// loop that dies leaves its lease to expire, and the message is sent by another.
pub async fn claim<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<outbox_message::Model>, DbErr> {
    use outbox_message::Column;
    let due = Query::select()
        .column(Column::Id)
        .from(outbox_message::Entity)
        .and_where(Expr::col(Column::Status).eq(PENDING))
        .and_where(Expr::col(Column::NextAttemptAt).lte(now))
        .cond_where(
            Condition::any().add(Expr::col(Column::LockedUntil).is_null()).add(Expr::col(Column::LockedUntil).lte(now)),
        )
        .order_by(Column::NextAttemptAt, sea_orm::Order::Asc)
        .limit(limit)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
        .to_owned();
    outbox_message::Entity::update_many()
        .col_expr(Column::LockedUntil, Expr::value(Some(lease_until)))
        .filter(Column::Id.in_subquery(due))
        .exec_with_returning(db)
        .await
}

/// The result of one attempt at one message.
pub struct AttemptResult<'a> {
    pub message: &'a outbox_message::Model,
    pub outcome: Result<(), String>,
    /// When to try again if this attempt failed.
    pub next_attempt_at: DateTime<Utc>,
}

/// Records a pass's attempts and the messages' new states in one transaction: one commit (one
/// fsync) per pass rather than per message.
pub async fn record_attempts(
    db: &sea_orm::DatabaseConnection,
    results: Vec<AttemptResult<'_>>,
    now: DateTime<Utc>,
    max_attempts: u32,
) -> Result<(), DbErr> {
    if results.is_empty() {
        return Ok(());
    }
    let txn = db.begin().await?;
    let mut attempts = Vec::with_capacity(results.len());
    for result in results {
        let message = result.message;
        let count = message.attempts.saturating_add(1);
        let mut row = outbox_message::ActiveModel {
            id: Set(message.id),
            attempts: Set(count),
            locked_until: Set(None),
            ..Default::default()
        };
        match &result.outcome {
            Ok(()) => {
                row.status = Set(SENT.to_owned());
                row.sent_at = Set(Some(now));
                row.last_error = Set(None);
                // Delivered: the receipt code it carried is not kept, not even sealed.
                row.secret_nonce = Set(None);
                row.secret_sealed = Set(None);
            }
            Err(error) => {
                let give_up = u32::try_from(count).unwrap_or(u32::MAX) >= max_attempts;
                row.status = Set(if give_up { FAILED } else { PENDING }.to_owned());
                row.next_attempt_at = Set(result.next_attempt_at);
                row.last_error = Set(Some(error.clone()));
            }
        }
        outbox_message::Entity::update(row).exec(&txn).await?;
        attempts.push(outbox_attempt::ActiveModel {
            id: NotSet,
            outbox_id: Set(message.id),
            at: Set(now),
            ok: Set(result.outcome.is_ok()),
            error: Set(result.outcome.err()),
        });
    }
    outbox_attempt::Entity::insert_many(attempts).exec_without_returning(&txn).await?;
    txn.commit().await
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    failed_only: bool,
    limit: u64,
) -> Result<Vec<outbox_message::Model>, DbErr> {
    let mut query = outbox_message::Entity::find().order_by_desc(outbox_message::Column::Id).limit(limit);
    if failed_only {
        query = query.filter(outbox_message::Column::Status.eq(FAILED));
    }
    query.all(db).await
}

pub async fn find<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<outbox_message::Model>, DbErr> {
    outbox_message::Entity::find_by_id(id).one(db).await
}

pub async fn count_by_status<C: ConnectionTrait>(db: &C, status: &str) -> Result<u64, DbErr> {
    outbox_message::Entity::find().filter(outbox_message::Column::Status.eq(status)).count(db).await
}

pub async fn attempts_of<C: ConnectionTrait>(db: &C, outbox_id: i64) -> Result<Vec<outbox_attempt::Model>, DbErr> {
    outbox_attempt::Entity::find()
        .filter(outbox_attempt::Column::OutboxId.eq(outbox_id))
        .order_by_asc(outbox_attempt::Column::Id)
        .all(db)
        .await
}

/// Puts failed messages back in the queue with a fresh count of attempts (the history of the
/// earlier ones stays in `outbox_attempts`). `None` retries every failed message.
pub async fn retry<C: ConnectionTrait>(db: &C, id: Option<i64>, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let mut update = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::Status, Expr::value(PENDING))
        .col_expr(outbox_message::Column::Attempts, Expr::value(0))
        .col_expr(outbox_message::Column::NextAttemptAt, Expr::value(now))
        .col_expr(outbox_message::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(outbox_message::Column::Status.eq(FAILED));
    if let Some(id) = id {
        update = update.filter(outbox_message::Column::Id.eq(id));
    }
    Ok(update.exec(db).await?.rows_affected)
}
