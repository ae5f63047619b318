//! The `digests_sent` table: one row per office and day an overdue digest went out.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "digests_sent")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub office_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
