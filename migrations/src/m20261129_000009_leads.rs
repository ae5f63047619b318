//! Public-interest leads: complaints that share one cause (the same platform or employer, the same
//! category, one city, a short window) are grouped so that the procuratorate can act for all of
//! the workers at once. Complaints keep a grouping key of their platform and employer beside the
//! raw text; rows filed before this migration keep null keys and join no lead.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Complaints {
    Table,
    Id,
    PlatformKey,
    EmployerKey,
    Category,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Leads {
    Table,
    Id,
    Kind,
    Key,
    Category,
    CityPrefix,
    Status,
    Reason,
    LinkedReference,
    OfficeId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LeadMembers {
    Table,
    LeadId,
    ComplaintId,
}

#[derive(DeriveIden)]
enum Offices {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column an ALTER: SQLite adds only one at a time.
        m.alter_table(
            Table::alter()
                .table(Complaints::Table)
                .add_column(string_len_null(Complaints::PlatformKey, 200))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Complaints::Table)
                .add_column(string_len_null(Complaints::EmployerKey, 200))
                .to_owned(),
        )
        .await?;
        for (name, key) in [
            ("idx_complaints_platform_key", Complaints::PlatformKey),
            ("idx_complaints_employer_key", Complaints::EmployerKey),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Complaints::Table)
                    .col(key)
                    .col(Complaints::Category)
                    .col(Complaints::CreatedAt)
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(Leads::Table)
                .col(big_pk_auto(Leads::Id))
                .col(string_len(Leads::Kind, 10))
                .col(string_len(Leads::Key, 200))
                .col(string_len(Leads::Category, 40))
                .col(string_len(Leads::CityPrefix, 4))
                .col(string_len(Leads::Status, 10))
                .col(text_null(Leads::Reason))
                .col(string_len_null(Leads::LinkedReference, 40))
                .col(big_integer(Leads::OfficeId))
                .col(timestamp_with_time_zone(Leads::CreatedAt))
                .col(timestamp_with_time_zone(Leads::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_leads_office")
                        .from(Leads::Table, Leads::OfficeId)
                        .to(Offices::Table, Offices::Id),
                )
                .to_owned(),
        )
        .await?;
        // At most one lead that is not dismissed per cause: two complaints filed at the same moment
        // on PostgreSQL cannot both open one; the loser's filing is retried and joins the winner's.
        m.create_index(
            Index::create()
                .name("uq_leads_active_cause")
                .table(Leads::Table)
                .col(Leads::Kind)
                .col(Leads::Key)
                .col(Leads::Category)
                .col(Leads::CityPrefix)
                .unique()
                .and_where(Expr::col(Leads::Status).ne("dismissed"))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("idx_leads_office").table(Leads::Table).col(Leads::OfficeId).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table(LeadMembers::Table)
                .col(big_integer(LeadMembers::LeadId))
                .col(big_integer(LeadMembers::ComplaintId))
                .primary_key(Index::create().col(LeadMembers::LeadId).col(LeadMembers::ComplaintId))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_lead_members_lead")
                        .from(LeadMembers::Table, LeadMembers::LeadId)
                        .to(Leads::Table, Leads::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_lead_members_complaint")
                        .from(LeadMembers::Table, LeadMembers::ComplaintId)
                        .to(Complaints::Table, Complaints::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_lead_members_complaint")
                .table(LeadMembers::Table)
                .col(LeadMembers::ComplaintId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(LeadMembers::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Leads::Table).to_owned()).await?;
        for name in ["idx_complaints_platform_key", "idx_complaints_employer_key"] {
            m.drop_index(Index::drop().name(name).table(Complaints::Table).to_owned()).await?;
        }
        m.alter_table(Table::alter().table(Complaints::Table).drop_column(Complaints::EmployerKey).to_owned()).await?;
        m.alter_table(Table::alter().table(Complaints::Table).drop_column(Complaints::PlatformKey).to_owned()).await
    }
}
