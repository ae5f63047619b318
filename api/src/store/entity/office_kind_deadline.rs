//! The `office_kind_deadlines` table: the two deadlines of each office kind.

use crate::domain::deadline::{Basis, TermUnit};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "office_kind_deadlines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: crate::domain::office::OfficeKind,
    pub ack_days: i32,
    pub ack_unit: TermUnit,
    pub ack_basis: Basis,
    pub ack_source: Option<String>,
    pub result_days: i32,
    pub result_unit: TermUnit,
    pub result_basis: Basis,
    pub result_source: Option<String>,
    pub result_from: crate::domain::deadline::ResultFrom,
    pub extension_days: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
