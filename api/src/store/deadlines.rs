//! The deadlines of each office kind and the working-day calendar.

use crate::domain::deadline::DayKind;
use crate::store::entity::{calendar_day, office_kind_deadline};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QueryOrder};

pub async fn kinds<C: ConnectionTrait>(db: &C) -> Result<Vec<office_kind_deadline::Model>, DbErr> {
    office_kind_deadline::Entity::find().order_by_asc(office_kind_deadline::Column::Kind).all(db).await
}

/// Writes one kind's deadlines (every column but the kind).
pub async fn save_kind<C: ConnectionTrait>(db: &C, row: office_kind_deadline::Model) -> Result<(), DbErr> {
    let active = office_kind_deadline::ActiveModel {
        kind: Set(row.kind),
        ack_days: Set(row.ack_days),
        ack_unit: Set(row.ack_unit),
        ack_basis: Set(row.ack_basis),
        ack_source: Set(row.ack_source),
        result_days: Set(row.result_days),
        result_unit: Set(row.result_unit),
        result_basis: Set(row.result_basis),
        result_source: Set(row.result_source),
        result_from: Set(row.result_from),
        extension_days: Set(row.extension_days),
        updated_at: Set(row.updated_at),
    };
    office_kind_deadline::Entity::insert(active)
        .on_conflict(
            OnConflict::column(office_kind_deadline::Column::Kind)
                .update_columns([
                    office_kind_deadline::Column::AckDays,
                    office_kind_deadline::Column::AckUnit,
                    office_kind_deadline::Column::AckBasis,
                    office_kind_deadline::Column::AckSource,
                    office_kind_deadline::Column::ResultDays,
                    office_kind_deadline::Column::ResultUnit,
                    office_kind_deadline::Column::ResultBasis,
                    office_kind_deadline::Column::ResultSource,
                    office_kind_deadline::Column::ResultFrom,
                    office_kind_deadline::Column::ExtensionDays,
                    office_kind_deadline::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await
        .map(|_| ())
}

pub async fn calendar<C: ConnectionTrait>(db: &C) -> Result<Vec<calendar_day::Model>, DbErr> {
    calendar_day::Entity::find().order_by_asc(calendar_day::Column::Day).all(db).await
}

/// Adds or replaces the given days of the calendar.
pub async fn upsert_days<C: ConnectionTrait>(
    db: &C,
    days: &[(NaiveDate, DayKind)],
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    // Three values a row: well below every backend's bound-parameter limit.
    for chunk in days.chunks(300) {
        let rows = chunk.iter().map(|(day, kind)| calendar_day::ActiveModel {
            day: Set(*day),
            kind: Set(*kind),
            imported_at: Set(at),
        });
        calendar_day::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(calendar_day::Column::Day)
                    .update_columns([calendar_day::Column::Kind, calendar_day::Column::ImportedAt])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Complaints filed before result dates existed: (id, filed at, handling office's kind).
pub async fn without_result_date<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<(i64, DateTime<Utc>, crate::domain::office::OfficeKind)>, DbErr> {
    use crate::store::entity::{complaint, office};
    use sea_orm::{ColumnTrait, QueryFilter};
    let rows = complaint::Entity::find().filter(complaint::Column::ResultBy.is_null()).all(db).await?;
    let offices: std::collections::HashMap<i64, office::Model> =
        office::Entity::find().all(db).await?.into_iter().map(|o| (o.id, o)).collect();
    rows.into_iter()
        .map(|c| {
            let kind = offices
                .get(&c.primary_office_id)
                .map(|o| o.kind)
                .ok_or_else(|| DbErr::Custom(format!("complaint {} has no handling office", c.id)))?;
            Ok((c.id, c.created_at, kind))
        })
        .collect()
}

pub async fn set_result_date<C: ConnectionTrait>(db: &C, id: i64, result_by: NaiveDate) -> Result<(), DbErr> {
    use crate::store::entity::complaint;
    complaint::Entity::update(complaint::ActiveModel {
        id: Set(id),
        result_by: Set(Some(result_by)),
        ..Default::default()
    })
    .exec(db)
    .await
    .map(|_| ())
}
