//! Stored answers of requests sent with an Idempotency-Key.

use super::entity::idempotency_key;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

pub async fn find<C: ConnectionTrait>(db: &C, key_hash: &str) -> Result<Option<idempotency_key::Model>, DbErr> {
    idempotency_key::Entity::find_by_id(key_hash.to_owned()).one(db).await
}

/// Stores answers (one multi-row INSERT for a batch of filings).
pub async fn insert_all<C: ConnectionTrait>(db: &C, rows: Vec<idempotency_key::Model>) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    let rows: Vec<idempotency_key::ActiveModel> = rows
        .into_iter()
        .map(|row| idempotency_key::ActiveModel {
            key_hash: Set(row.key_hash),
            request_hash: Set(row.request_hash),
            status_code: Set(row.status_code),
            nonce: Set(row.nonce),
            response: Set(row.response),
            created_at: Set(row.created_at),
            expires_at: Set(row.expires_at),
        })
        .collect();
    super::complaints::insert_runs(db, rows).await
}

/// Removes one record whose time is up, so its key may be used afresh.
pub async fn delete_if_expired<C: ConnectionTrait>(db: &C, key_hash: &str, now: DateTime<Utc>) -> Result<(), DbErr> {
    idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::KeyHash.eq(key_hash))
        .filter(idempotency_key::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes every record past its time; returns how many.
pub async fn purge_expired<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}
