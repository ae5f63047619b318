//! Evidence files of complaints: their rows (the bytes are written by the service).

use super::entity::{attachment, complaint};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// A stored file, already checked and written by the service.
#[derive(Clone, Debug)]
pub struct AttachmentInsert {
    pub complaint_id: i64,
    pub stored_name: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by_staff_id: Option<i64>,
}

/// Locks the complaint's row until the transaction ends, so that two uploads at once cannot both
/// pass the per-complaint limit. On PostgreSQL this is `SELECT … FOR UPDATE`; SQLite has no row
/// locks and needs none: a write transaction there holds the database's only writer lock.
pub async fn lock_complaint<C: ConnectionTrait>(txn: &C, complaint_id: i64) -> Result<bool, DbErr> {
    let row = complaint::Entity::find_by_id(complaint_id)
        .select_only()
        .column(complaint::Column::Id)
        .lock_exclusive()
        .into_tuple::<i64>()
        .one(txn)
        .await?;
    Ok(row.is_some())
}

pub async fn count_for_complaint<C: ConnectionTrait>(db: &C, complaint_id: i64) -> Result<u64, DbErr> {
    attachment::Entity::find().filter(attachment::Column::ComplaintId.eq(complaint_id)).count(db).await
}

pub async fn insert<C: ConnectionTrait>(txn: &C, a: AttachmentInsert, at: DateTime<Utc>) -> Result<i64, DbErr> {
    Ok(attachment::Entity::insert(attachment::ActiveModel {
        id: NotSet,
        complaint_id: Set(a.complaint_id),
        stored_name: Set(a.stored_name),
        filename: Set(a.filename),
        content_type: Set(a.content_type),
        size_bytes: Set(a.size_bytes),
        sha256: Set(a.sha256),
        uploaded_by_staff_id: Set(a.uploaded_by_staff_id),
        created_at: Set(at),
    })
    .exec(txn)
    .await?
    .last_insert_id)
}

/// The files of a complaint, oldest first.
pub async fn for_complaint<C: ConnectionTrait>(db: &C, complaint_id: i64) -> Result<Vec<attachment::Model>, DbErr> {
    attachment::Entity::find()
        .filter(attachment::Column::ComplaintId.eq(complaint_id))
        .order_by_asc(attachment::Column::CreatedAt)
        .order_by_asc(attachment::Column::Id)
        .all(db)
        .await
}

/// One file, only if it belongs to this complaint (an id of another case is "not found").
pub async fn find<C: ConnectionTrait>(db: &C, complaint_id: i64, id: i64) -> Result<Option<attachment::Model>, DbErr> {
    attachment::Entity::find_by_id(id).filter(attachment::Column::ComplaintId.eq(complaint_id)).one(db).await
}
