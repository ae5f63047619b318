//! The transactional outbox: every email is a row written in the same transaction as the change
//! that causes it, and a delivery loop sends it. Every attempt is recorded.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    Id,
    Kind,
    ComplaintId,
    OfficeId,
    ToAddress,
    Language,
    Subject,
    BodyText,
    BodyHtml,
    MessageId,
    Status,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum OutboxAttempts {
    Table,
    Id,
    OutboxId,
    At,
    Ok,
    Error,
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(OutboxMessages::Table)
                .col(big_pk_auto(OutboxMessages::Id))
                .col(string_len(OutboxMessages::Kind, 40))
                .col(big_integer_null(OutboxMessages::ComplaintId))
                .col(big_integer_null(OutboxMessages::OfficeId))
                .col(string_len(OutboxMessages::ToAddress, 254))
                .col(string_len(OutboxMessages::Language, 8))
                .col(text(OutboxMessages::Subject))
                .col(text(OutboxMessages::BodyText))
                .col(text(OutboxMessages::BodyHtml))
                .col(string_len_uniq(OutboxMessages::MessageId, 200))
                .col(string_len(OutboxMessages::Status, 10))
                .col(integer(OutboxMessages::Attempts))
                .col(timestamp_with_time_zone(OutboxMessages::NextAttemptAt))
                .col(timestamp_with_time_zone_null(OutboxMessages::LockedUntil))
                .col(text_null(OutboxMessages::LastError))
                .col(timestamp_with_time_zone(OutboxMessages::CreatedAt))
                .col(timestamp_with_time_zone_null(OutboxMessages::SentAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_outbox_complaint")
                        .from(OutboxMessages::Table, OutboxMessages::ComplaintId)
                        .to(Complaints::Table, Complaints::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbox_due")
                .table(OutboxMessages::Table)
                .col(OutboxMessages::Status)
                .col(OutboxMessages::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(OutboxAttempts::Table)
                .col(big_pk_auto(OutboxAttempts::Id))
                .col(big_integer(OutboxAttempts::OutboxId))
                .col(timestamp_with_time_zone(OutboxAttempts::At))
                .col(boolean(OutboxAttempts::Ok))
                .col(text_null(OutboxAttempts::Error))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_attempts_outbox")
                        .from(OutboxAttempts::Table, OutboxAttempts::OutboxId)
                        .to(OutboxMessages::Table, OutboxMessages::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_attempts_outbox")
                .table(OutboxAttempts::Table)
                .col(OutboxAttempts::OutboxId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
