//! Stored answers of requests sent with an Idempotency-Key.

use super::entity::idempotency_key;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

pub async fn find<C: ConnectionTrait>(db: &C, key_hash: &str) -> Result<Option<idempotency_key::Model>, DbErr> {
    idempotency_key::Entity::find_by_id(key_hash.to_owned()).one(db).await
}

pub async fn insert<C: ConnectionTrait>(db: &C, row: idempotency_key::Model) -> Result<(), DbErr> {
    idempotency_key::Entity::insert(idempotency_key::ActiveModel {
        key_hash: Set(row.key_hash),
        request_hash: Set(row.request_hash),
        status_code: Set(row.status_code),
        nonce: Set(row.nonce),
        response: Set(row.response),
        created_at: Set(row.created_at),
        expires_at: Set(row.expires_at),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
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
