//! Documents issued on cases, and the copied recipient a referral adds.

use super::entity::{case_document, complaint_recipient};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveValue::NotSet, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

/// A document row, already checked by the service.
#[derive(Clone, Debug)]
pub struct DocumentInsert {
    pub complaint_id: i64,
    pub office_id: i64,
    pub staff_id: i64,
    pub kind: &'static str,
    pub issued_on: NaiveDate,
    pub addressee: String,
    pub summary: String,
}

pub async fn insert<C: ConnectionTrait>(txn: &C, d: DocumentInsert, at: DateTime<Utc>) -> Result<i64, DbErr> {
    let row = case_document::ActiveModel {
        id: NotSet,
        complaint_id: Set(d.complaint_id),
        office_id: Set(d.office_id),
        staff_id: Set(d.staff_id),
        kind: Set(d.kind.to_owned()),
        issued_on: Set(d.issued_on),
        addressee: Set(d.addressee),
        summary: Set(d.summary),
        created_at: Set(at),
    };
    Ok(case_document::Entity::insert(row).exec(txn).await?.last_insert_id)
}

/// A case's documents, in the order they were issued.
pub async fn for_complaint<C: ConnectionTrait>(db: &C, complaint_id: i64) -> Result<Vec<case_document::Model>, DbErr> {
    case_document::Entity::find()
        .filter(case_document::Column::ComplaintId.eq(complaint_id))
        .order_by_asc(case_document::Column::IssuedOn)
        .order_by_asc(case_document::Column::Id)
        .all(db)
        .await
}

/// Adds an office as a copied recipient without a rule (so that it reads as an officer's
/// decision, not routing's).
pub async fn add_copy<C: ConnectionTrait>(
    txn: &C,
    complaint_id: i64,
    office_id: i64,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    complaint_recipient::Entity::insert(complaint_recipient::ActiveModel {
        id: NotSet,
        complaint_id: Set(complaint_id),
        office_id: Set(office_id),
        role: Set(crate::domain::routing::Role::Copy),
        rule_id: Set(None),
        active: Set(true),
        created_at: Set(at),
    })
    .exec_without_returning(txn)
    .await
    .map(|_| ())
}
