//! The runs of the periodic jobs (the daily overdue digest, the expiry of idempotency records):
//! one row per job and period, inserted before the job runs. The primary key is the claim: of
//! several instances ticking at once, only the one whose INSERT succeeds runs that period.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum JobRuns {
    Table,
    Job,
    Period,
    Instance,
    StartedAt,
    FinishedAt,
    Report,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(JobRuns::Table)
                // `digest`, `idempotency-expiry`.
                .col(text(JobRuns::Job))
                // The China date of a daily job, the UTC time floored to the period otherwise.
                .col(text(JobRuns::Period))
                // Host and process id of the instance that claimed the period.
                .col(text(JobRuns::Instance))
                .col(timestamp_with_time_zone(JobRuns::StartedAt))
                // Both stay NULL while the run is under way, and for good if its instance died.
                .col(timestamp_with_time_zone_null(JobRuns::FinishedAt))
                .col(text_null(JobRuns::Report))
                .primary_key(Index::create().col(JobRuns::Job).col(JobRuns::Period))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(JobRuns::Table).to_owned()).await
    }
}
