//! The claims of the periodic jobs' periods (`job_runs`, see `crate::jobs`).

use super::entity::job_run;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};

/// Claims a job's period for this instance: `false` when a row for it exists already, i.e. this
/// or another instance has run it or is running it. The primary key decides; ON CONFLICT DO
/// NOTHING rather than a failing INSERT keeps PostgreSQL's log free of an error per tick.
pub async fn claim<C: ConnectionTrait>(
    db: &C,
    job: &str,
    period: &str,
    instance: &str,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let row = job_run::ActiveModel {
        job: Set(job.to_owned()),
        period: Set(period.to_owned()),
        instance: Set(instance.to_owned()),
        started_at: Set(at),
        finished_at: Set(None),
        report: Set(None),
    };
    let inserted = job_run::Entity::insert(row)
        .on_conflict(OnConflict::columns([job_run::Column::Job, job_run::Column::Period]).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(inserted > 0)
}

/// Records the end of a claimed run and what it did (or the error it failed with).
pub async fn finish<C: ConnectionTrait>(
    db: &C,
    job: &str,
    period: &str,
    at: DateTime<Utc>,
    report: &str,
) -> Result<(), DbErr> {
    job_run::Entity::update_many()
        .col_expr(job_run::Column::FinishedAt, sea_orm::sea_query::Expr::value(at))
        .col_expr(job_run::Column::Report, sea_orm::sea_query::Expr::value(report.to_owned()))
        .filter(job_run::Column::Job.eq(job))
        .filter(job_run::Column::Period.eq(period))
        .exec(db)
        .await?;
    Ok(())
}

/// The latest claimed period of a job. Periods sort as time does, so this walks the primary
/// key's index backwards.
pub async fn last_run<C: ConnectionTrait>(db: &C, job: &str) -> Result<Option<job_run::Model>, DbErr> {
    job_run::Entity::find().filter(job_run::Column::Job.eq(job)).order_by_desc(job_run::Column::Period).one(db).await
}
