//! The `leads` table: a group of complaints that share one cause, for the procuratorate.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "leads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `platform` or `employer`: which name the complaints share.
    pub kind: String,
    pub key: String,
    pub category: String,
    pub city_prefix: String,
    pub status: String,
    pub reason: Option<String>,
    pub linked_reference: Option<String>,
    pub office_id: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
