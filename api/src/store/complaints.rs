//! Complaints with their recipients, routing decisions and timeline.

use super::entity::{complaint, complaint_event, complaint_recipient, routing_decision};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

/// Everything stored for a new complaint, already checked by the service.
#[derive(Clone, Debug)]
pub struct ComplaintInsert {
    pub reference: String,
    pub receipt_hash: String,
    pub status: crate::domain::status::Status,
    pub category: String,
    pub region_code: String,
    pub description: String,
    pub platform: Option<String>,
    pub employer: Option<String>,
    pub platform_key: Option<String>,
    pub employer_key: Option<String>,
    /// One of `domain::employment_mode`'s names.
    pub employment_mode: Option<String>,
    /// A valid unified social credit code, in upper case.
    pub employer_credit_code: Option<String>,
    pub occurred_on: Option<NaiveDate>,
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
    pub on_behalf_consent_method: Option<String>,
    pub filed_by_staff_id: Option<i64>,
    pub primary_office_id: i64,
    pub routing_fallback: bool,
    pub acknowledge_by: NaiveDate,
    pub result_by: NaiveDate,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct RecipientInsert {
    pub office_id: i64,
    pub role: crate::domain::routing::Role,
    pub rule_id: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct EventInsert {
    pub kind: &'static str,
    pub status: Option<crate::domain::status::Status>,
    pub message: Option<String>,
    pub visible_to_worker: bool,
    pub office_id: Option<i64>,
    pub staff_id: Option<i64>,
}

/// One new complaint with everything stored beside it.
#[derive(Clone, Debug)]
pub struct NewComplaint {
    pub row: ComplaintInsert,
    pub recipients: Vec<RecipientInsert>,
    /// The routing decision, as JSON.
    pub explanation: String,
    pub events: Vec<EventInsert>,
}

/// Writes complaints with their recipients, routing decisions and first events, and returns
/// their ids in the order given. Runs inside the caller's transaction so that all of it, or
/// none, is stored. Each table takes one multi-row INSERT whatever the number of complaints: the
/// statement count, not the row count, is what a filing under the write lock pays for.
pub async fn insert_all<C: ConnectionTrait>(txn: &C, items: &[&NewComplaint]) -> Result<Vec<i64>, DbErr> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<complaint::ActiveModel> = items
        .iter()
        .map(|item| {
            let c = item.row.clone();
            let at = c.created_at;
            complaint::ActiveModel {
                id: NotSet,
                reference: Set(c.reference),
                receipt_hash: Set(c.receipt_hash),
                status: Set(c.status),
                category: Set(c.category),
                region_code: Set(c.region_code),
                description: Set(c.description),
                platform: Set(c.platform),
                employer: Set(c.employer),
                occurred_on: Set(c.occurred_on),
                amount_owed_fen: Set(c.amount_owed_fen),
                affected_workers: Set(c.affected_workers),
                tags: Set(c.tags),
                anonymous: Set(c.anonymous),
                contact_name: Set(c.contact_name),
                contact_phone: Set(c.contact_phone),
                contact_email: Set(c.contact_email),
                contact_id_number: Set(c.contact_id_number),
                language: Set(c.language),
                notify_by_email: Set(c.notify_by_email),
                consented_at: Set(at),
                on_behalf_consent_method: Set(c.on_behalf_consent_method),
                primary_office_id: Set(c.primary_office_id),
                routing_fallback: Set(c.routing_fallback),
                acknowledge_by: Set(c.acknowledge_by),
                created_at: Set(at),
                updated_at: Set(at),
                filed_by_staff_id: Set(c.filed_by_staff_id),
                assigned_staff_id: Set(None),
                platform_key: Set(c.platform_key),
                employer_key: Set(c.employer_key),
                result_by: Set(Some(c.result_by)),
                result_extended_at: Set(None),
                result_extension_reason: Set(None),
                employment_mode: Set(c.employment_mode),
                employer_credit_code: Set(c.employer_credit_code),
            }
        })
        .collect();
    insert_runs(txn, rows).await?;
    // The ids by reference (unique): neither database promises RETURNING rows in VALUES order.
    let references: Vec<String> = items.iter().map(|i| i.row.reference.clone()).collect();
    let mut by_reference: HashMap<String, i64> = HashMap::with_capacity(items.len());
    for run in super::in_cached_sizes(references) {
        let found = complaint::Entity::find()
            .select_only()
            .column(complaint::Column::Reference)
            .column(complaint::Column::Id)
            .filter(complaint::Column::Reference.is_in(run))
            .into_tuple::<(String, i64)>()
            .all(txn)
            .await?;
        by_reference.extend(found);
    }
    let ids = items
        .iter()
        .map(|i| {
            by_reference
                .get(&i.row.reference)
                .copied()
                .ok_or_else(|| DbErr::RecordNotFound(format!("complaint {} after its insert", i.row.reference)))
        })
        .collect::<Result<Vec<i64>, DbErr>>()?;

    let recipient_rows: Vec<complaint_recipient::ActiveModel> = items
        .iter()
        .zip(&ids)
        .flat_map(|(item, &id)| {
            item.recipients.iter().map(move |r| complaint_recipient::ActiveModel {
                id: NotSet,
                complaint_id: Set(id),
                office_id: Set(r.office_id),
                role: Set(r.role),
                rule_id: Set(r.rule_id),
                active: Set(true),
                created_at: Set(item.row.created_at),
            })
        })
        .collect();
    insert_runs(txn, recipient_rows).await?;

    let decisions: Vec<routing_decision::ActiveModel> = items
        .iter()
        .zip(&ids)
        .map(|(item, &id)| routing_decision::ActiveModel {
            id: NotSet,
            complaint_id: Set(id),
            decided_at: Set(item.row.created_at),
            fallback: Set(item.row.routing_fallback),
            explanation: Set(item.explanation.clone()),
        })
        .collect();
    insert_runs(txn, decisions).await?;

    let event_rows: Vec<complaint_event::ActiveModel> = items
        .iter()
        .zip(&ids)
        .flat_map(|(item, &id)| {
            item.events.iter().map(move |e| complaint_event::ActiveModel {
                id: NotSet,
                complaint_id: Set(id),
                at: Set(item.row.created_at),
                kind: Set(e.kind.to_owned()),
                status: Set(e.status),
                message: Set(e.message.clone()),
                visible_to_worker: Set(e.visible_to_worker),
                office_id: Set(e.office_id),
                staff_id: Set(e.staff_id),
            })
        })
        .collect();
    insert_runs(txn, event_rows).await?;
    Ok(ids)
}

/// Inserts rows in runs of the sizes the statement cache holds.
pub(crate) async fn insert_runs<C, A>(txn: &C, rows: Vec<A>) -> Result<(), DbErr>
where
    C: ConnectionTrait,
    A: sea_orm::ActiveModelTrait,
{
    for run in super::in_cached_sizes(rows) {
        A::Entity::insert_many(run).exec_without_returning(txn).await?;
    }
    Ok(())
}

pub async fn find_by_reference<C: ConnectionTrait>(db: &C, reference: &str) -> Result<Option<complaint::Model>, DbErr> {
    complaint::Entity::find().filter(complaint::Column::Reference.eq(reference)).one(db).await
}

/// The offices that currently receive the complaint, primary first.
pub async fn active_recipients<C: ConnectionTrait>(
    db: &C,
    complaint_id: i64,
) -> Result<Vec<complaint_recipient::Model>, DbErr> {
    let mut rows = complaint_recipient::Entity::find()
        .filter(complaint_recipient::Column::ComplaintId.eq(complaint_id))
        .filter(complaint_recipient::Column::Active.eq(true))
        .order_by_asc(complaint_recipient::Column::Id)
        .all(db)
        .await?;
    rows.sort_by_key(|r| (r.role != crate::domain::routing::Role::Primary, r.id));
    Ok(rows)
}

/// The events a worker may see, oldest first.
pub async fn worker_timeline<C: ConnectionTrait>(
    db: &C,
    complaint_id: i64,
) -> Result<Vec<complaint_event::Model>, DbErr> {
    complaint_event::Entity::find()
        .filter(complaint_event::Column::ComplaintId.eq(complaint_id))
        .filter(complaint_event::Column::VisibleToWorker.eq(true))
        .order_by_asc(complaint_event::Column::At)
        .order_by_asc(complaint_event::Column::Id)
        .all(db)
        .await
}

/// The stored routing decisions of a complaint, oldest first (a transfer adds one).
pub async fn routing_decisions<C: ConnectionTrait>(
    db: &C,
    complaint_id: i64,
) -> Result<Vec<routing_decision::Model>, DbErr> {
    routing_decision::Entity::find()
        .filter(routing_decision::Column::ComplaintId.eq(complaint_id))
        .order_by_asc(routing_decision::Column::Id)
        .all(db)
        .await
}
