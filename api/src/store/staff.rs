//! Staff accounts.

use super::entity::{office, staff};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

#[derive(Clone, Debug)]
pub struct NewStaff {
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: crate::domain::role::StaffRole,
    pub office_id: Option<i64>,
    pub language: String,
}

pub async fn insert<C: ConnectionTrait>(db: &C, s: NewStaff, now: DateTime<Utc>) -> Result<i64, DbErr> {
    Ok(staff::Entity::insert(staff::ActiveModel {
        id: NotSet,
        email: Set(s.email),
        display_name: Set(s.display_name),
        password_hash: Set(s.password_hash),
        role: Set(s.role),
        office_id: Set(s.office_id),
        language: Set(s.language),
        active: Set(true),
        token_version: Set(0),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(now),
        last_login_at: Set(None),
    })
    .exec(db)
    .await?
    .last_insert_id)
}

pub async fn by_email<C: ConnectionTrait>(db: &C, email: &str) -> Result<Option<staff::Model>, DbErr> {
    staff::Entity::find().filter(staff::Column::Email.eq(email)).one(db).await
}

pub async fn by_id<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<staff::Model>, DbErr> {
    staff::Entity::find_by_id(id).one(db).await
}

/// The account if it may be signed in: active, and either of no office or of an active one.
/// Disabling an office ends its staff's access at their next request.
pub async fn signed_in<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<staff::Model>, DbErr> {
    use sea_orm::Condition;
    use sea_orm::sea_query::Query;
    let active_offices = Query::select()
        .column(office::Column::Id)
        .from(office::Entity)
        .and_where(Expr::col(office::Column::Active).eq(true))
        .to_owned();
    staff::Entity::find_by_id(id)
        .filter(staff::Column::Active.eq(true))
        .filter(
            Condition::any()
                .add(staff::Column::OfficeId.is_null())
                .add(Expr::col(staff::Column::OfficeId).in_subquery(active_offices)),
        )
        .one(db)
        .await
}

pub async fn list<C: ConnectionTrait>(db: &C) -> Result<Vec<staff::Model>, DbErr> {
    staff::Entity::find().order_by_asc(staff::Column::Id).all(db).await
}

pub async fn count_admins<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    staff::Entity::find().filter(staff::Column::Role.eq("admin")).filter(staff::Column::Active.eq(true)).count(db).await
}

pub async fn record_login<C: ConnectionTrait>(db: &C, id: i64, now: DateTime<Utc>) -> Result<(), DbErr> {
    staff::Entity::update(staff::ActiveModel {
        id: Set(id),
        failed_logins: Set(0),
        locked_until: Set(None),
        last_login_at: Set(Some(now)),
        ..Default::default()
    })
    .exec(db)
    .await
    .map(|_| ())
}

/// Revokes every token of the account issued so far.
pub async fn bump_token_version<C: ConnectionTrait>(db: &C, id: i64) -> Result<(), DbErr> {
    staff::Entity::update_many()
        .col_expr(staff::Column::TokenVersion, Expr::col(staff::Column::TokenVersion).add(1))
        .filter(staff::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

pub async fn set_password<C: ConnectionTrait>(db: &C, id: i64, hash: String) -> Result<(), DbErr> {
    staff::Entity::update(staff::ActiveModel {
        id: Set(id),
        password_hash: Set(hash),
        failed_logins: Set(0),
        locked_until: Set(None),
        ..Default::default()
    })
    .exec(db)
    .await?;
    bump_token_version(db, id).await
}

pub async fn set_active<C: ConnectionTrait>(db: &C, id: i64, active: bool) -> Result<(), DbErr> {
    staff::Entity::update(staff::ActiveModel { id: Set(id), active: Set(active), ..Default::default() })
        .exec(db)
        .await?;
    bump_token_version(db, id).await
}
