//! Evidence files attached to complaints. The bytes live in the data directory
//! (`attachments/<stored_name>`); the row says whose they are, what they are and their SHA-256, so
//! that a download can be traced to the upload and a changed file noticed.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
    ComplaintId,
    StoredName,
    Filename,
    ContentType,
    SizeBytes,
    Sha256,
    UploadedByStaffId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Staff {
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
                .table(Attachments::Table)
                .col(big_pk_auto(Attachments::Id))
                .col(big_integer(Attachments::ComplaintId))
                // 32 random hex characters: never derived from what the uploader sent.
                .col(string_len_uniq(Attachments::StoredName, 32))
                .col(string_len(Attachments::Filename, 120))
                .col(string_len(Attachments::ContentType, 60))
                .col(big_integer(Attachments::SizeBytes))
                .col(string_len(Attachments::Sha256, 64))
                // Null: the worker uploaded it with the receipt code.
                .col(big_integer_null(Attachments::UploadedByStaffId))
                .col(timestamp_with_time_zone(Attachments::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_attachments_complaint")
                        .from(Attachments::Table, Attachments::ComplaintId)
                        .to(Complaints::Table, Complaints::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_attachments_staff")
                        .from(Attachments::Table, Attachments::UploadedByStaffId)
                        .to(Staff::Table, Staff::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_attachments_complaint")
                .table(Attachments::Table)
                .col(Attachments::ComplaintId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
