//! The `routing_rules` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "routing_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub category: Option<String>,
    pub region_prefix: Option<String>,
    pub platform: Option<String>,
    pub min_affected_workers: Option<i32>,
    pub required_tag: Option<String>,
    pub office_id: i64,
    pub role: crate::domain::routing::Role,
    pub priority: i32,
    pub active: bool,
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
