//! Public-interest leads: the complaints that share one cause, and the lead that groups them.
//! The cluster functions take the filing's transaction, so that counting, opening the lead and
//! queuing its email happen atomically with the complaint that tips the count.

use super::entity::{complaint, lead, lead_member, office};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set,
};

pub const OPEN: &str = "open";
pub const DISMISSED: &str = "dismissed";

/// One cause: which name, its key, the category and the city (4-digit region prefix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cause {
    /// `platform` or `employer`.
    pub kind: &'static str,
    pub key: String,
    pub category: String,
    pub city_prefix: String,
}

fn of_cause(cause: &Cause) -> Condition {
    Condition::all()
        .add(lead::Column::Kind.eq(cause.kind))
        .add(lead::Column::Key.eq(cause.key.clone()))
        .add(lead::Column::Category.eq(cause.category.clone()))
        .add(lead::Column::CityPrefix.eq(cause.city_prefix.clone()))
}

/// The complaints of a cause filed since `since`: `(id, affected workers)`, oldest first.
pub async fn cluster<C: ConnectionTrait>(
    db: &C,
    cause: &Cause,
    since: DateTime<Utc>,
) -> Result<Vec<(i64, i32)>, DbErr> {
    let key_column =
        if cause.kind == "employer" { complaint::Column::EmployerKey } else { complaint::Column::PlatformKey };
    let rows = complaint::Entity::find()
        .filter(key_column.eq(cause.key.clone()))
        .filter(complaint::Column::Category.eq(cause.category.clone()))
        .filter(complaint::Column::RegionCode.starts_with(cause.city_prefix.clone()))
        .filter(complaint::Column::CreatedAt.gte(since))
        .order_by_asc(complaint::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|c| (c.id, c.affected_workers)).collect())
}

/// The lead of a cause that is not dismissed (at most one: a unique index keeps it so).
pub async fn active_lead<C: ConnectionTrait>(db: &C, cause: &Cause) -> Result<Option<lead::Model>, DbErr> {
    lead::Entity::find()
        .filter(of_cause(cause))
        .filter(lead::Column::Status.ne(DISMISSED))
        .order_by_desc(lead::Column::Id)
        .one(db)
        .await
}

/// The complaints already grouped in any lead of the cause, dismissed ones included: a dismissed
/// lead's complaints do not count again towards a new one.
pub async fn grouped_complaints<C: ConnectionTrait>(db: &C, cause: &Cause) -> Result<Vec<i64>, DbErr> {
    let ids: Vec<i64> = lead::Entity::find().filter(of_cause(cause)).all(db).await?.into_iter().map(|l| l.id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(lead_member::Entity::find()
        .filter(lead_member::Column::LeadId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.complaint_id)
        .collect())
}

/// Opens a lead with its first members; returns its id.
pub async fn open<C: ConnectionTrait>(
    db: &C,
    cause: &Cause,
    office_id: i64,
    members: &[i64],
    at: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let id = lead::Entity::insert(lead::ActiveModel {
        id: NotSet,
        kind: Set(cause.kind.to_owned()),
        key: Set(cause.key.clone()),
        category: Set(cause.category.clone()),
        city_prefix: Set(cause.city_prefix.clone()),
        status: Set(OPEN.to_owned()),
        reason: Set(None),
        linked_reference: Set(None),
        office_id: Set(office_id),
        created_at: Set(at),
        updated_at: Set(at),
    })
    .exec(db)
    .await?
    .last_insert_id;
    add_members(db, id, members).await?;
    Ok(id)
}

/// Adds complaints to a lead; the caller passes only complaints not yet in it.
pub async fn add_members<C: ConnectionTrait>(db: &C, lead_id: i64, members: &[i64]) -> Result<(), DbErr> {
    if members.is_empty() {
        return Ok(());
    }
    let rows = members
        .iter()
        .map(|&complaint_id| lead_member::ActiveModel { lead_id: Set(lead_id), complaint_id: Set(complaint_id) });
    lead_member::Entity::insert_many(rows).exec_without_returning(db).await?;
    Ok(())
}

/// The active public-interest litigation office of a province (2-digit code), if the directory has one.
pub async fn procuratorate<C: ConnectionTrait>(db: &C, province: &str) -> Result<Option<office::Model>, DbErr> {
    office::Entity::find()
        .filter(office::Column::Kind.eq("procuratorate"))
        .filter(office::Column::RegionCode.eq(province))
        .filter(office::Column::Active.eq(true))
        .order_by_asc(office::Column::Id)
        .one(db)
        .await
}

pub async fn office<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<office::Model>, DbErr> {
    office::Entity::find_by_id(id).one(db).await
}

/// Leads, newest first: those of one office, or every lead for `None`.
pub async fn list<C: ConnectionTrait>(db: &C, office_id: Option<i64>) -> Result<Vec<lead::Model>, DbErr> {
    let mut query = lead::Entity::find();
    if let Some(office) = office_id {
        query = query.filter(lead::Column::OfficeId.eq(office));
    }
    query.order_by_desc(lead::Column::CreatedAt).order_by_desc(lead::Column::Id).all(db).await
}

pub async fn find<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<lead::Model>, DbErr> {
    lead::Entity::find_by_id(id).one(db).await
}

/// The member complaints of the given leads, as `(lead id, complaint)`, oldest complaint first.
pub async fn members<C: ConnectionTrait>(db: &C, lead_ids: &[i64]) -> Result<Vec<(i64, complaint::Model)>, DbErr> {
    if lead_ids.is_empty() {
        return Ok(Vec::new());
    }
    let links =
        lead_member::Entity::find().filter(lead_member::Column::LeadId.is_in(lead_ids.iter().copied())).all(db).await?;
    let complaints = complaint::Entity::find()
        .filter(complaint::Column::Id.is_in(links.iter().map(|l| l.complaint_id)))
        .order_by_asc(complaint::Column::CreatedAt)
        .order_by_asc(complaint::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(links.len());
    for c in complaints {
        for link in links.iter().filter(|l| l.complaint_id == c.id) {
            out.push((link.lead_id, c.clone()));
        }
    }
    Ok(out)
}

/// Records the office's decision on a lead.
pub async fn decide<C: ConnectionTrait>(
    db: &C,
    id: i64,
    status: &str,
    reason: Option<String>,
    linked_reference: Option<String>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    lead::Entity::update(lead::ActiveModel {
        id: Set(id),
        status: Set(status.to_owned()),
        reason: Set(reason),
        linked_reference: Set(linked_reference),
        updated_at: Set(at),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}
