//! Administration: offices, routing rules and staff accounts as administrators change them.

use super::entity::{office, routing_rule, staff};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

/// Every column of an office an administrator sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeFields {
    pub name_zh: String,
    pub name_en: String,
    pub kind: String,
    pub region_code: Option<String>,
    pub email: String,
    pub language: String,
    pub active: bool,
    /// False while the address is a placeholder (the seed's example.org).
    pub address_confirmed: bool,
}

pub async fn offices<C: ConnectionTrait>(db: &C) -> Result<Vec<office::Model>, DbErr> {
    office::Entity::find().order_by_asc(office::Column::Id).all(db).await
}

pub async fn office<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<office::Model>, DbErr> {
    office::Entity::find_by_id(id).one(db).await
}

pub async fn office_by_code<C: ConnectionTrait>(db: &C, code: &str) -> Result<Option<office::Model>, DbErr> {
    office::Entity::find().filter(office::Column::Code.eq(code)).one(db).await
}

/// The columns an administrator sets, as a change to an office row.
fn office_columns(f: OfficeFields) -> Result<office::ActiveModel, DbErr> {
    let kind = crate::domain::office::OfficeKind::parse(&f.kind)
        .ok_or_else(|| DbErr::Custom(format!("an office's kind must be known, not {:?}", f.kind)))?;
    Ok(office::ActiveModel {
        name_zh: Set(f.name_zh),
        name_en: Set(f.name_en),
        kind: Set(kind),
        region_code: Set(f.region_code),
        email: Set(f.email),
        language: Set(f.language),
        active: Set(f.active),
        address_confirmed: Set(f.address_confirmed),
        ..Default::default()
    })
}

pub async fn insert_office<C: ConnectionTrait>(
    db: &C,
    code: &str,
    f: OfficeFields,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let row = office::ActiveModel { id: NotSet, code: Set(code.to_owned()), created_at: Set(now), ..office_columns(f)? };
    Ok(office::Entity::insert(row).exec(db).await?.last_insert_id)
}

pub async fn update_office<C: ConnectionTrait>(db: &C, id: i64, f: OfficeFields) -> Result<(), DbErr> {
    office::Entity::update(office::ActiveModel { id: Set(id), ..office_columns(f)? }).exec(db).await.map(|_| ())
}

/// Every column of a routing rule an administrator sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleFields {
    pub category: Option<String>,
    pub region_prefix: Option<String>,
    pub platform: Option<String>,
    pub min_affected_workers: Option<i32>,
    pub required_tag: Option<String>,
    /// One office, or a kind (with its preferred level): checked by the service.
    pub office_id: Option<i64>,
    pub target_kind: Option<String>,
    pub target_level: Option<String>,
    /// `primary` or `copy`, checked by the service before it gets here.
    pub role: String,
    pub priority: i32,
    pub active: bool,
    pub note: Option<String>,
}

pub async fn rules<C: ConnectionTrait>(db: &C) -> Result<Vec<routing_rule::Model>, DbErr> {
    routing_rule::Entity::find().order_by_asc(routing_rule::Column::Id).all(db).await
}

pub async fn rule<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<routing_rule::Model>, DbErr> {
    routing_rule::Entity::find_by_id(id).one(db).await
}

/// The columns an administrator sets, as a change to a rule row.
fn rule_columns(r: RuleFields) -> Result<routing_rule::ActiveModel, DbErr> {
    let role = crate::domain::routing::Role::parse(&r.role)
        .ok_or_else(|| DbErr::Custom(format!("a rule's role must be primary or copy, not {:?}", r.role)))?;
    let kind = r
        .target_kind
        .as_deref()
        .map(|k| crate::domain::office::OfficeKind::parse(k).ok_or_else(|| DbErr::Custom(format!("unknown kind {k:?}"))))
        .transpose()?;
    let level = r
        .target_level
        .as_deref()
        .map(|l| crate::domain::region::RegionLevel::parse(l).ok_or_else(|| DbErr::Custom(format!("unknown level {l:?}"))))
        .transpose()?;
    if r.office_id.is_some() == kind.is_some() {
        return Err(DbErr::Custom("a rule names one office or one kind".into()));
    }
    Ok(routing_rule::ActiveModel {
        category: Set(r.category),
        region_prefix: Set(r.region_prefix),
        platform: Set(r.platform),
        min_affected_workers: Set(r.min_affected_workers),
        required_tag: Set(r.required_tag),
        office_id: Set(r.office_id),
        target_kind: Set(kind),
        target_level: Set(level),
        role: Set(role),
        priority: Set(r.priority),
        active: Set(r.active),
        note: Set(r.note),
        ..Default::default()
    })
}

pub async fn insert_rule<C: ConnectionTrait>(db: &C, r: RuleFields, now: DateTime<Utc>) -> Result<i64, DbErr> {
    let row = routing_rule::ActiveModel { id: NotSet, created_at: Set(now), ..rule_columns(r)? };
    Ok(routing_rule::Entity::insert(row).exec(db).await?.last_insert_id)
}

pub async fn update_rule<C: ConnectionTrait>(db: &C, id: i64, r: RuleFields) -> Result<(), DbErr> {
    routing_rule::Entity::update(routing_rule::ActiveModel { id: Set(id), ..rule_columns(r)? })
        .exec(db)
        .await
        .map(|_| ())
}

/// Sets an account's name, role and office (`active` goes through `store::staff::set_active`).
pub async fn update_staff<C: ConnectionTrait>(
    db: &C,
    id: i64,
    display_name: String,
    role: crate::domain::role::StaffRole,
    office_id: Option<i64>,
) -> Result<(), DbErr> {
    staff::Entity::update(staff::ActiveModel {
        id: Set(id),
        display_name: Set(display_name),
        role: Set(role),
        office_id: Set(office_id),
        ..Default::default()
    })
    .exec(db)
    .await
    .map(|_| ())
}

/// The references of complaints by id, for the audit log's view.
pub async fn references_of<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, String>, DbErr> {
    use super::entity::complaint;
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(complaint::Entity::find()
        .filter(complaint::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.reference))
        .collect())
}
