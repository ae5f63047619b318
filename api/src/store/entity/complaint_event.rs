//! The `complaint_events` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaint_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub complaint_id: i64,
    pub at: DateTimeUtc,
    pub kind: String,
    pub status: Option<crate::domain::status::Status>,
    pub message: Option<String>,
    pub visible_to_worker: bool,
    pub office_id: Option<i64>,
    pub staff_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
