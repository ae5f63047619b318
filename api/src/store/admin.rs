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

/// Which offices a list shows: each criterion set narrows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfficeFilter {
    /// The region code starts with this (2, 4 or 6 digits): a province, city or county and the
    /// places below it. Offices without a region (the national desk) never match.
    pub region_prefix: Option<String>,
    pub kind: Option<crate::domain::office::OfficeKind>,
    /// `Some(false)`: only offices whose address is still a placeholder.
    pub address_confirmed: Option<bool>,
    pub active: Option<bool>,
    /// Text in the code or either name, compared without ASCII case.
    pub text: Option<String>,
}

/// The order of an office list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OfficeOrder {
    /// As created: the order `GET /api/v1/admin/offices` always had.
    #[default]
    Id,
    /// By code, which puts each place's offices together under its province.
    Code,
}

/// `LIKE` pattern of a text anywhere in a column, its wildcards taken literally.
fn containing(text: &str) -> sea_orm::sea_query::LikeExpr {
    let mut pattern = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')
}

fn office_condition(f: &OfficeFilter) -> sea_orm::Condition {
    use sea_orm::sea_query::{Expr, ExprTrait, Func};
    let mut c = sea_orm::Condition::all();
    if let Some(prefix) = &f.region_prefix {
        c = c.add(office::Column::RegionCode.starts_with(prefix.clone()));
    }
    if let Some(kind) = f.kind {
        c = c.add(office::Column::Kind.eq(kind));
    }
    if let Some(confirmed) = f.address_confirmed {
        c = c.add(office::Column::AddressConfirmed.eq(confirmed));
    }
    if let Some(active) = f.active {
        c = c.add(office::Column::Active.eq(active));
    }
    if let Some(text) = f.text.as_deref().filter(|t| !t.is_empty()) {
        let lower = |column: office::Column| Expr::expr(Func::lower(Expr::col(column))).like(containing(text));
        c = c.add(
            sea_orm::Condition::any()
                .add(lower(office::Column::Code))
                .add(lower(office::Column::NameZh))
                .add(lower(office::Column::NameEn)),
        );
    }
    c
}

/// The offices a filter selects, in `order`: one page (`(page from 1, per page)`) with the number
/// of offices the filter selects in all, or every one of them when `page` is `None`.
pub async fn find_offices<C: ConnectionTrait>(
    db: &C,
    f: &OfficeFilter,
    order: OfficeOrder,
    page: Option<(u64, u64)>,
) -> Result<(Vec<office::Model>, u64), DbErr> {
    use sea_orm::{PaginatorTrait, QuerySelect};
    let base = office::Entity::find().filter(office_condition(f));
    let ordered = match order {
        OfficeOrder::Id => base.clone().order_by_asc(office::Column::Id),
        OfficeOrder::Code => base.clone().order_by_asc(office::Column::Code).order_by_asc(office::Column::Id),
    };
    match page {
        None => {
            let rows = ordered.all(db).await?;
            let total = u64::try_from(rows.len()).unwrap_or(u64::MAX);
            Ok((rows, total))
        }
        Some((page, per_page)) => {
            let total = base.count(db).await?;
            let offset = page.saturating_sub(1).saturating_mul(per_page);
            let rows = ordered.limit(per_page).offset(offset).all(db).await?;
            Ok((rows, total))
        }
    }
}

/// How many active offices still have a placeholder address, per region code (`None`: the
/// offices without a region). The service adds the codes up by province.
pub async fn unconfirmed_by_region<C: ConnectionTrait>(db: &C) -> Result<Vec<(Option<String>, i64)>, DbErr> {
    use sea_orm::QuerySelect;
    use sea_orm::sea_query::{Expr, ExprTrait};
    office::Entity::find()
        .select_only()
        .column(office::Column::RegionCode)
        .column_as(Expr::col(office::Column::Id).count(), "n")
        .filter(office::Column::AddressConfirmed.eq(false))
        .filter(office::Column::Active.eq(true))
        .group_by(office::Column::RegionCode)
        .into_tuple::<(Option<String>, i64)>()
        .all(db)
        .await
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
    let row =
        office::ActiveModel { id: NotSet, code: Set(code.to_owned()), created_at: Set(now), ..office_columns(f)? };
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
        .map(|k| {
            crate::domain::office::OfficeKind::parse(k).ok_or_else(|| DbErr::Custom(format!("unknown kind {k:?}")))
        })
        .transpose()?;
    let level = r
        .target_level
        .as_deref()
        .map(|l| {
            crate::domain::region::RegionLevel::parse(l).ok_or_else(|| DbErr::Custom(format!("unknown level {l:?}")))
        })
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
