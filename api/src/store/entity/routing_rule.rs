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
    /// The one office the rule names; `None` for a rule that names a kind.
    pub office_id: Option<i64>,
    /// "The competent office of this kind" for the complaint's place, at `target_level` or above.
    pub target_kind: Option<crate::domain::office::OfficeKind>,
    pub target_level: Option<crate::domain::region::RegionLevel>,
    pub role: crate::domain::routing::Role,
    pub priority: i32,
    pub active: bool,
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
