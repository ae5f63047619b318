//! The `staff` table: accounts of administrators, officers and volunteers.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: crate::domain::role::StaffRole,
    pub office_id: Option<i64>,
    pub language: String,
    pub active: bool,
    /// Raised by logout and password changes: tokens carrying an older version are refused.
    pub token_version: i32,
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
