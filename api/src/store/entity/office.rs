//! The `offices` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: crate::domain::office::OfficeKind,
    pub region_code: Option<String>,
    pub email: String,
    pub language: String,
    pub active: bool,
    pub created_at: DateTimeUtc,
    /// False while the address is the seed's placeholder (example.org).
    pub address_confirmed: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
