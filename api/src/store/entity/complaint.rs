//! The `complaints` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "complaints")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub reference: String,
    pub receipt_hash: String,
    pub status: crate::domain::status::Status,
    pub category: String,
    pub region_code: String,
    pub description: String,
    pub platform: Option<String>,
    pub employer: Option<String>,
    pub occurred_on: Option<Date>,
    pub amount_owed_fen: Option<i64>,
    pub affected_workers: i32,
    pub tags: String,
    pub anonymous: bool,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub contact_id_number: Option<String>,
    pub language: String,
    pub notify_by_email: bool,
    pub consented_at: DateTimeUtc,
    pub on_behalf_consent_method: Option<String>,
    pub primary_office_id: i64,
    pub routing_fallback: bool,
    pub acknowledge_by: Date,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub filed_by_staff_id: Option<i64>,
    pub assigned_staff_id: Option<i64>,
    /// The grouping key of `platform` (see `domain::names`); null on rows filed before leads.
    pub platform_key: Option<String>,
    pub employer_key: Option<String>,
    /// By when the office gives a result; null only until the start-up fills in rows filed before
    /// result dates existed.
    pub result_by: Option<Date>,
    /// The one extension of the result date, when and why.
    pub result_extended_at: Option<DateTimeUtc>,
    pub result_extension_reason: Option<String>,
    pub employment_mode: Option<String>,
    pub employer_credit_code: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
