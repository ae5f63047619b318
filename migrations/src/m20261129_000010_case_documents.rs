//! The documents an office issued on a case: a trade union's "one letter, two documents"
//! (提示函, 意见书, 建议书) and a procuratorate's 检察建议. The row records that the paper was sent,
//! to whom and when, so that the other office on the case sees what has been done already.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CaseDocuments {
    Table,
    Id,
    ComplaintId,
    OfficeId,
    StaffId,
    Kind,
    IssuedOn,
    Addressee,
    Summary,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Offices {
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
                .table(CaseDocuments::Table)
                .col(big_pk_auto(CaseDocuments::Id))
                .col(big_integer(CaseDocuments::ComplaintId))
                .col(big_integer(CaseDocuments::OfficeId))
                .col(big_integer(CaseDocuments::StaffId))
                // `reminder_letter`, `opinion`, `recommendation` or `procuratorial_suggestion`.
                .col(string_len(CaseDocuments::Kind, 40))
                .col(date(CaseDocuments::IssuedOn))
                .col(string_len(CaseDocuments::Addressee, 200))
                .col(text(CaseDocuments::Summary))
                .col(timestamp_with_time_zone(CaseDocuments::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_case_documents_complaint")
                        .from(CaseDocuments::Table, CaseDocuments::ComplaintId)
                        .to(Complaints::Table, Complaints::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_case_documents_office")
                        .from(CaseDocuments::Table, CaseDocuments::OfficeId)
                        .to(Offices::Table, Offices::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_case_documents_staff")
                        .from(CaseDocuments::Table, CaseDocuments::StaffId)
                        .to(Staff::Table, Staff::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_case_documents_complaint")
                .table(CaseDocuments::Table)
                .col(CaseDocuments::ComplaintId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
