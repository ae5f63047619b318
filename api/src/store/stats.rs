//! The figures of the dashboard: counts grouped in SQL (portable `GROUP BY`), and the few raw
//! values whose bucketing is not portable (weeks in China time, time to acknowledge), which the
//! service folds in Rust.

use super::cases::{CaseFilter, condition};
use super::entity::{complaint, complaint_event};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};

/// The number of cases per value of one column.
async fn grouped<C: ConnectionTrait>(
    db: &C,
    f: &CaseFilter,
    column: complaint::Column,
) -> Result<Vec<(Option<String>, i64)>, DbErr> {
    complaint::Entity::find()
        .select_only()
        .column(column)
        .column_as(Expr::col(complaint::Column::Id).count(), "n")
        .filter(condition(f))
        .group_by(column)
        .into_tuple::<(Option<String>, i64)>()
        .all(db)
        .await
}

pub async fn count<C: ConnectionTrait>(db: &C, f: &CaseFilter) -> Result<u64, DbErr> {
    complaint::Entity::find().filter(condition(f)).count(db).await
}

pub async fn by_status<C: ConnectionTrait>(db: &C, f: &CaseFilter) -> Result<Vec<(Option<String>, i64)>, DbErr> {
    grouped(db, f, complaint::Column::Status).await
}

pub async fn by_category<C: ConnectionTrait>(db: &C, f: &CaseFilter) -> Result<Vec<(Option<String>, i64)>, DbErr> {
    grouped(db, f, complaint::Column::Category).await
}

/// Per full region code; the service folds counties into their cities (a `SUBSTR` in SQL would
/// need casts that differ between SQLite and PostgreSQL).
pub async fn by_region<C: ConnectionTrait>(db: &C, f: &CaseFilter) -> Result<Vec<(Option<String>, i64)>, DbErr> {
    grouped(db, f, complaint::Column::RegionCode).await
}

/// Per platform as the worker wrote it; `None` when they left it out.
pub async fn by_platform<C: ConnectionTrait>(db: &C, f: &CaseFilter) -> Result<Vec<(Option<String>, i64)>, DbErr> {
    grouped(db, f, complaint::Column::Platform).await
}

/// The filing time of every case the filter selects: one column, for the weekly series.
pub async fn filed_at<C: ConnectionTrait>(db: &C, f: &CaseFilter) -> Result<Vec<DateTime<Utc>>, DbErr> {
    complaint::Entity::find()
        .select_only()
        .column(complaint::Column::CreatedAt)
        .filter(condition(f))
        .into_tuple::<DateTime<Utc>>()
        .all(db)
        .await
}

/// For each selected case, its filing time; and every status change of those cases to
/// `accepted` or `rejected` (the ways out of `received`), as (case id, time).
pub async fn acknowledgements<C: ConnectionTrait>(
    db: &C,
    f: &CaseFilter,
) -> Result<(Vec<(i64, DateTime<Utc>)>, Vec<(i64, DateTime<Utc>)>), DbErr> {
    let cases = complaint::Entity::find()
        .select_only()
        .column(complaint::Column::Id)
        .column(complaint::Column::CreatedAt)
        .filter(condition(f))
        .into_tuple::<(i64, DateTime<Utc>)>()
        .all(db)
        .await?;
    let selected =
        Query::select().column(complaint::Column::Id).from(complaint::Entity).cond_where(condition(f)).to_owned();
    let changes = complaint_event::Entity::find()
        .select_only()
        .column(complaint_event::Column::ComplaintId)
        .column(complaint_event::Column::At)
        .filter(complaint_event::Column::Kind.eq("status_changed"))
        .filter(complaint_event::Column::Status.is_in(["accepted", "rejected"]))
        .filter(complaint_event::Column::ComplaintId.in_subquery(selected))
        .into_tuple::<(i64, DateTime<Utc>)>()
        .all(db)
        .await?;
    Ok((cases, changes))
}
