//! The audit log: rows are only ever inserted (the database refuses updates and deletes).

use super::entity::audit_entry;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

#[derive(Clone, Debug, Default)]
pub struct Entry {
    pub actor_staff_id: Option<i64>,
    pub actor_role: String,
    pub action: &'static str,
    pub complaint_id: Option<i64>,
    pub target: Option<String>,
    pub details: Option<String>,
    pub ip: Option<String>,
}

pub async fn append<C: ConnectionTrait>(db: &C, entry: Entry, at: DateTime<Utc>) -> Result<(), DbErr> {
    audit_entry::Entity::insert(audit_entry::ActiveModel {
        id: NotSet,
        at: Set(at),
        actor_staff_id: Set(entry.actor_staff_id),
        actor_role: Set(entry.actor_role),
        action: Set(entry.action.to_owned()),
        complaint_id: Set(entry.complaint_id),
        target: Set(entry.target),
        details: Set(entry.details),
        ip: Set(entry.ip),
    })
    .exec_without_returning(db)
    .await
    .map(|_| ())
}

#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    pub actor_staff_id: Option<i64>,
    pub action: Option<String>,
    pub complaint_id: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

pub async fn query<C: ConnectionTrait>(
    db: &C,
    f: &AuditFilter,
    limit: u64,
    offset: u64,
) -> Result<Vec<audit_entry::Model>, DbErr> {
    let mut q = audit_entry::Entity::find();
    if let Some(actor) = f.actor_staff_id {
        q = q.filter(audit_entry::Column::ActorStaffId.eq(actor));
    }
    if let Some(action) = &f.action {
        q = q.filter(audit_entry::Column::Action.eq(action.clone()));
    }
    if let Some(complaint) = f.complaint_id {
        q = q.filter(audit_entry::Column::ComplaintId.eq(complaint));
    }
    if let Some(from) = f.from {
        q = q.filter(audit_entry::Column::At.gte(from));
    }
    if let Some(to) = f.to {
        q = q.filter(audit_entry::Column::At.lt(to));
    }
    q.order_by_desc(audit_entry::Column::Id).limit(limit).offset(offset).all(db).await
}
