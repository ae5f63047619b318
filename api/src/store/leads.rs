//! Public-interest leads: the complaints that share one cause, and the lead that groups them.
//! The cluster functions take the filing's transaction, so that counting, opening the lead and
//! queuing its email happen atomically with the complaint that tips the count.

use super::entity::{complaint, lead, lead_member, office};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

pub const OPEN: &str = "open";
pub const DISMISSED: &str = "dismissed";

/// One cause: which name, its key, the category and the city (4-digit region prefix).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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

fn any_cause(causes: &[&Cause]) -> Condition {
    causes.iter().fold(Condition::any(), |any, cause| any.add(of_cause(cause)))
}

/// Every lead of any of the causes, dismissed ones included (a query per run of causes, see
/// `in_cached_sizes`).
pub async fn leads_of<C: ConnectionTrait>(db: &C, causes: &[&Cause]) -> Result<Vec<lead::Model>, DbErr> {
    let mut leads = Vec::new();
    for run in super::in_cached_sizes(causes.to_vec()) {
        leads.extend(lead::Entity::find().filter(any_cause(&run)).order_by_asc(lead::Column::Id).all(db).await?);
    }
    Ok(leads)
}

/// The complaints grouped in any of these leads.
pub async fn members_of<C: ConnectionTrait>(db: &C, lead_ids: &[i64]) -> Result<Vec<i64>, DbErr> {
    let mut members = Vec::new();
    for run in super::in_cached_sizes(lead_ids.to_vec()) {
        members.extend(
            lead_member::Entity::find()
                .select_only()
                .column(lead_member::Column::ComplaintId)
                .filter(lead_member::Column::LeadId.is_in(run))
                .into_tuple::<i64>()
                .all(db)
                .await?,
        );
    }
    Ok(members)
}

/// A complaint as the cluster count sees it.
#[derive(Clone, Debug, sea_orm::FromQueryResult)]
pub struct ClusterRow {
    pub id: i64,
    pub affected_workers: i32,
    pub category: String,
    pub region_code: String,
    pub platform_key: Option<String>,
    pub employer_key: Option<String>,
}

impl ClusterRow {
    pub fn belongs_to(&self, cause: &Cause) -> bool {
        let key = if cause.kind == "employer" { &self.employer_key } else { &self.platform_key };
        key.as_deref() == Some(cause.key.as_str())
            && self.category == cause.category
            && self.region_code.starts_with(&cause.city_prefix)
    }
}

/// The complaints of any of the causes filed since `since`, each cause's oldest first: a query
/// per run of causes (each branch of its OR is answered from the name-key index).
pub async fn clusters<C: ConnectionTrait>(
    db: &C,
    causes: &[&Cause],
    since: DateTime<Utc>,
) -> Result<Vec<ClusterRow>, DbErr> {
    let mut rows = Vec::new();
    for run in super::in_cached_sizes(causes.to_vec()) {
        rows.extend(cluster_run(db, &run, since).await?);
    }
    Ok(rows)
}

async fn cluster_run<C: ConnectionTrait>(
    db: &C,
    causes: &[&Cause],
    since: DateTime<Utc>,
) -> Result<Vec<ClusterRow>, DbErr> {
    let any = causes.iter().fold(Condition::any(), |any, cause| {
        let key_column =
            if cause.kind == "employer" { complaint::Column::EmployerKey } else { complaint::Column::PlatformKey };
        let (from, to) = super::prefix_range(&cause.city_prefix);
        any.add(
            Condition::all()
                .add(key_column.eq(cause.key.clone()))
                .add(complaint::Column::Category.eq(cause.category.clone()))
                .add(complaint::Column::RegionCode.gte(from))
                .add(complaint::Column::RegionCode.lt(to))
                .add(complaint::Column::CreatedAt.gte(since)),
        )
    });
    complaint::Entity::find()
        .select_only()
        .column(complaint::Column::Id)
        .column(complaint::Column::AffectedWorkers)
        .column(complaint::Column::Category)
        .column(complaint::Column::RegionCode)
        .column(complaint::Column::PlatformKey)
        .column(complaint::Column::EmployerKey)
        .filter(any)
        .order_by_asc(complaint::Column::Id)
        .into_model::<ClusterRow>()
        .all(db)
        .await
}

/// Adds complaints to leads, as `(lead id, complaint id)` pairs not yet stored, in one statement.
pub async fn add_all_members<C: ConnectionTrait>(db: &C, pairs: &[(i64, i64)]) -> Result<(), DbErr> {
    if pairs.is_empty() {
        return Ok(());
    }
    let rows: Vec<lead_member::ActiveModel> = pairs
        .iter()
        .map(|&(lead_id, complaint_id)| lead_member::ActiveModel {
            lead_id: Set(lead_id),
            complaint_id: Set(complaint_id),
        })
        .collect();
    super::complaints::insert_runs(db, rows).await
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
    let pairs: Vec<(i64, i64)> = members.iter().map(|&m| (id, m)).collect();
    add_all_members(db, &pairs).await?;
    Ok(id)
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
