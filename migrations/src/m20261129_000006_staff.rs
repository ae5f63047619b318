//! Staff accounts, the append-only audit log, case assignment and volunteer filings, notes'
//! authors, and the record of daily digests sent.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Staff {
    Table,
    Id,
    Email,
    DisplayName,
    PasswordHash,
    Role,
    OfficeId,
    Language,
    Active,
    TokenVersion,
    FailedLogins,
    LockedUntil,
    CreatedAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorStaffId,
    ActorRole,
    Action,
    ComplaintId,
    Target,
    Details,
    Ip,
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    FiledByStaffId,
    AssignedStaffId,
}

#[derive(DeriveIden)]
enum ComplaintEvents {
    Table,
    StaffId,
}

#[derive(DeriveIden)]
enum DigestsSent {
    Table,
    OfficeId,
    Day,
    At,
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
        m.create_table(
            Table::create()
                .table(Staff::Table)
                .col(big_pk_auto(Staff::Id))
                .col(string_len_uniq(Staff::Email, 254))
                .col(string_len(Staff::DisplayName, 100))
                .col(string_len(Staff::PasswordHash, 200))
                .col(string_len(Staff::Role, 20))
                .col(big_integer_null(Staff::OfficeId))
                .col(string_len(Staff::Language, 8))
                .col(boolean(Staff::Active))
                .col(integer(Staff::TokenVersion))
                .col(integer(Staff::FailedLogins))
                .col(timestamp_with_time_zone_null(Staff::LockedUntil))
                .col(timestamp_with_time_zone(Staff::CreatedAt))
                .col(timestamp_with_time_zone_null(Staff::LastLoginAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_staff_office")
                        .from(Staff::Table, Staff::OfficeId)
                        .to(Offices::Table, Offices::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(big_pk_auto(AuditLog::Id))
                .col(timestamp_with_time_zone(AuditLog::At))
                .col(big_integer_null(AuditLog::ActorStaffId))
                .col(string_len(AuditLog::ActorRole, 20))
                .col(string_len(AuditLog::Action, 60))
                .col(big_integer_null(AuditLog::ComplaintId))
                .col(string_len_null(AuditLog::Target, 200))
                .col(text_null(AuditLog::Details))
                .col(string_len_null(AuditLog::Ip, 64))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("idx_audit_at").table(AuditLog::Table).col(AuditLog::At).to_owned())
            .await?;
        // The audit log is append-only: on PostgreSQL the database itself refuses to change it.
        if m.get_database_backend() == sea_orm_migration::sea_orm::DbBackend::Postgres {
            m.get_connection()
                .execute_unprepared(
                    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
                     CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();",
                )
                .await?;
        } else {
            m.get_connection()
                .execute_unprepared(
                    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                     CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
                )
                .await?;
        }
        m.alter_table(
            Table::alter().table(Complaints::Table).add_column(big_integer_null(Complaints::FiledByStaffId)).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Complaints::Table)
                .add_column(big_integer_null(Complaints::AssignedStaffId))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ComplaintEvents::Table)
                .add_column(big_integer_null(ComplaintEvents::StaffId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(DigestsSent::Table)
                .col(big_integer(DigestsSent::OfficeId))
                .col(date(DigestsSent::Day))
                .col(timestamp_with_time_zone(DigestsSent::At))
                .primary_key(Index::create().col(DigestsSent::OfficeId).col(DigestsSent::Day))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
