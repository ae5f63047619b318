//! The tables. Identifiers of people and cases are text; money is kept in fen (integer) so that
//! no floating point ever touches an amount owed.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Regions {
    Table,
    Code,
    Name,
    Level,
    Parent,
}

#[derive(DeriveIden)]
pub enum Categories {
    Table,
    Code,
    Sort,
    AckWorkingDays,
    NameZh,
    NameEn,
    DescriptionZh,
    DescriptionEn,
}

#[derive(DeriveIden)]
pub enum Offices {
    Table,
    Id,
    Code,
    NameZh,
    NameEn,
    Kind,
    RegionCode,
    Email,
    Language,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum RoutingRules {
    Table,
    Id,
    Category,
    RegionPrefix,
    Platform,
    MinAffectedWorkers,
    RequiredTag,
    OfficeId,
    Role,
    Priority,
    Active,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    Id,
    Reference,
    ReceiptHash,
    Status,
    Category,
    RegionCode,
    Description,
    Platform,
    Employer,
    OccurredOn,
    AmountOwedFen,
    AffectedWorkers,
    Tags,
    Anonymous,
    ContactName,
    ContactPhone,
    ContactEmail,
    ContactIdNumber,
    Language,
    NotifyByEmail,
    ConsentedAt,
    OnBehalfConsentMethod,
    PrimaryOfficeId,
    RoutingFallback,
    AcknowledgeBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ComplaintRecipients {
    Table,
    Id,
    ComplaintId,
    OfficeId,
    Role,
    RuleId,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum RoutingDecisions {
    Table,
    Id,
    ComplaintId,
    DecidedAt,
    Fallback,
    Explanation,
}

#[derive(DeriveIden)]
enum ComplaintEvents {
    Table,
    Id,
    ComplaintId,
    At,
    Kind,
    Status,
    Message,
    VisibleToWorker,
    OfficeId,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    KeyHash,
    RequestHash,
    StatusCode,
    Nonce,
    Response,
    CreatedAt,
    ExpiresAt,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::Restrict).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Regions::Table)
                .col(string_len(Regions::Code, 6).primary_key())
                .col(string_len(Regions::Name, 100))
                .col(small_integer(Regions::Level))
                .col(string_len_null(Regions::Parent, 6))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_regions_parent").table(Regions::Table).col(Regions::Parent).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Categories::Table)
                .col(string_len(Categories::Code, 40).primary_key())
                .col(integer(Categories::Sort))
                .col(integer(Categories::AckWorkingDays))
                .col(string(Categories::NameZh))
                .col(string(Categories::NameEn))
                .col(text(Categories::DescriptionZh))
                .col(text(Categories::DescriptionEn))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Offices::Table)
                .col(big_pk_auto(Offices::Id))
                .col(string_len_uniq(Offices::Code, 64))
                .col(string(Offices::NameZh))
                .col(string(Offices::NameEn))
                .col(string_len(Offices::Kind, 40))
                .col(string_len_null(Offices::RegionCode, 6))
                .col(text(Offices::Email))
                .col(string_len(Offices::Language, 8))
                .col(boolean(Offices::Active))
                .col(timestamp_with_time_zone(Offices::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RoutingRules::Table)
                .col(big_pk_auto(RoutingRules::Id))
                .col(string_len_null(RoutingRules::Category, 40))
                .col(string_len_null(RoutingRules::RegionPrefix, 6))
                .col(string_len_null(RoutingRules::Platform, 100))
                .col(integer_null(RoutingRules::MinAffectedWorkers))
                .col(string_len_null(RoutingRules::RequiredTag, 20))
                .col(big_integer(RoutingRules::OfficeId))
                .col(string_len(RoutingRules::Role, 10))
                .col(integer(RoutingRules::Priority))
                .col(boolean(RoutingRules::Active))
                .col(text_null(RoutingRules::Note))
                .col(timestamp_with_time_zone(RoutingRules::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_rules_office",
                    (RoutingRules::Table, RoutingRules::OfficeId),
                    (Offices::Table, Offices::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_rules_category",
                    (RoutingRules::Table, RoutingRules::Category),
                    (Categories::Table, Categories::Code),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_rules_region_prefix")
                .table(RoutingRules::Table)
                .col(RoutingRules::RegionPrefix)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Complaints::Table)
                .col(big_pk_auto(Complaints::Id))
                .col(string_len_uniq(Complaints::Reference, 16))
                .col(string_len(Complaints::ReceiptHash, 64))
                .col(string_len(Complaints::Status, 20))
                .col(string_len(Complaints::Category, 40))
                .col(string_len(Complaints::RegionCode, 6))
                .col(text(Complaints::Description))
                .col(string_len_null(Complaints::Platform, 100))
                .col(string_len_null(Complaints::Employer, 200))
                .col(date_null(Complaints::OccurredOn))
                .col(big_integer_null(Complaints::AmountOwedFen))
                .col(integer(Complaints::AffectedWorkers))
                .col(string_len(Complaints::Tags, 100))
                .col(boolean(Complaints::Anonymous))
                .col(string_len_null(Complaints::ContactName, 50))
                .col(string_len_null(Complaints::ContactPhone, 11))
                .col(string_len_null(Complaints::ContactEmail, 254))
                .col(string_len_null(Complaints::ContactIdNumber, 18))
                .col(string_len(Complaints::Language, 8))
                .col(boolean(Complaints::NotifyByEmail))
                .col(timestamp_with_time_zone(Complaints::ConsentedAt))
                .col(string_len_null(Complaints::OnBehalfConsentMethod, 10))
                .col(big_integer(Complaints::PrimaryOfficeId))
                .col(boolean(Complaints::RoutingFallback))
                .col(date(Complaints::AcknowledgeBy))
                .col(timestamp_with_time_zone(Complaints::CreatedAt))
                .col(timestamp_with_time_zone(Complaints::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_complaints_category",
                    (Complaints::Table, Complaints::Category),
                    (Categories::Table, Categories::Code),
                ))
                .foreign_key(&mut fk(
                    "fk_complaints_region",
                    (Complaints::Table, Complaints::RegionCode),
                    (Regions::Table, Regions::Code),
                ))
                .foreign_key(&mut fk(
                    "fk_complaints_office",
                    (Complaints::Table, Complaints::PrimaryOfficeId),
                    (Offices::Table, Offices::Id),
                ))
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("idx_complaints_office_status", vec![Complaints::PrimaryOfficeId, Complaints::Status]),
            ("idx_complaints_created_at", vec![Complaints::CreatedAt]),
        ] {
            let mut idx = Index::create().name(name).table(Complaints::Table).to_owned();
            for c in col {
                idx.col(c);
            }
            m.create_index(idx).await?;
        }

        m.create_table(
            Table::create()
                .table(ComplaintRecipients::Table)
                .col(big_pk_auto(ComplaintRecipients::Id))
                .col(big_integer(ComplaintRecipients::ComplaintId))
                .col(big_integer(ComplaintRecipients::OfficeId))
                .col(string_len(ComplaintRecipients::Role, 10))
                .col(big_integer_null(ComplaintRecipients::RuleId))
                .col(boolean(ComplaintRecipients::Active))
                .col(timestamp_with_time_zone(ComplaintRecipients::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_recipients_complaint",
                    (ComplaintRecipients::Table, ComplaintRecipients::ComplaintId),
                    (Complaints::Table, Complaints::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_recipients_office",
                    (ComplaintRecipients::Table, ComplaintRecipients::OfficeId),
                    (Offices::Table, Offices::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_recipients_complaint")
                .table(ComplaintRecipients::Table)
                .col(ComplaintRecipients::ComplaintId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_recipients_office")
                .table(ComplaintRecipients::Table)
                .col(ComplaintRecipients::OfficeId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RoutingDecisions::Table)
                .col(big_pk_auto(RoutingDecisions::Id))
                .col(big_integer(RoutingDecisions::ComplaintId))
                .col(timestamp_with_time_zone(RoutingDecisions::DecidedAt))
                .col(boolean(RoutingDecisions::Fallback))
                .col(text(RoutingDecisions::Explanation))
                .foreign_key(&mut fk(
                    "fk_decisions_complaint",
                    (RoutingDecisions::Table, RoutingDecisions::ComplaintId),
                    (Complaints::Table, Complaints::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_decisions_complaint")
                .table(RoutingDecisions::Table)
                .col(RoutingDecisions::ComplaintId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ComplaintEvents::Table)
                .col(big_pk_auto(ComplaintEvents::Id))
                .col(big_integer(ComplaintEvents::ComplaintId))
                .col(timestamp_with_time_zone(ComplaintEvents::At))
                .col(string_len(ComplaintEvents::Kind, 30))
                .col(string_len_null(ComplaintEvents::Status, 20))
                .col(text_null(ComplaintEvents::Message))
                .col(boolean(ComplaintEvents::VisibleToWorker))
                .col(big_integer_null(ComplaintEvents::OfficeId))
                .foreign_key(&mut fk(
                    "fk_events_complaint",
                    (ComplaintEvents::Table, ComplaintEvents::ComplaintId),
                    (Complaints::Table, Complaints::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_events_complaint")
                .table(ComplaintEvents::Table)
                .col(ComplaintEvents::ComplaintId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(IdempotencyKeys::Table)
                .col(string_len(IdempotencyKeys::KeyHash, 64).primary_key())
                .col(string_len(IdempotencyKeys::RequestHash, 64))
                .col(small_integer(IdempotencyKeys::StatusCode))
                .col(binary(IdempotencyKeys::Nonce))
                .col(binary(IdempotencyKeys::Response))
                .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                .col(timestamp_with_time_zone(IdempotencyKeys::ExpiresAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_idempotency_expires")
                .table(IdempotencyKeys::Table)
                .col(IdempotencyKeys::ExpiresAt)
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
