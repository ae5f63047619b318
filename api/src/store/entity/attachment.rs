//! The `attachments` table: evidence files of a complaint (the bytes are in the data directory).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attachments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub complaint_id: i64,
    /// The file's name under `<data dir>/attachments`: random, never the uploader's.
    pub stored_name: String,
    /// The uploader's name, cleaned, with the extension of the stored type.
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// Hex SHA-256 of the stored bytes.
    pub sha256: String,
    /// None when the worker uploaded it with the receipt code.
    pub uploaded_by_staff_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
