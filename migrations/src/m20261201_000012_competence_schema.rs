//! Competence by place and deadlines by office kind (the schema; the seeds follow):
//! - an office's seed address is marked unconfirmed until an administrator gives it a real one;
//! - a routing rule targets one office or "the competent office of kind K at level L", so its
//!   office becomes optional (SQLite cannot drop a NOT NULL: the table is rebuilt there);
//! - each office kind has an acknowledgement and a result deadline (`office_kind_deadlines`);
//! - the working-day calendar (public holidays and make-up working days) lives in `calendar_days`;
//! - a complaint keeps its result date, the one extension of it with its reason, the worker's
//!   employment mode and the employer's unified social credit code.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Offices {
    Table,
    AddressConfirmed,
}

#[derive(DeriveIden)]
enum OfficeKindDeadlines {
    Table,
    Kind,
    AckDays,
    AckUnit,
    AckBasis,
    AckSource,
    ResultDays,
    ResultUnit,
    ResultBasis,
    ResultSource,
    ResultFrom,
    ExtensionDays,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CalendarDays {
    Table,
    Day,
    Kind,
    ImportedAt,
}

#[derive(DeriveIden)]
enum Complaints {
    Table,
    ResultBy,
    ResultExtendedAt,
    ResultExtensionReason,
    EmploymentMode,
    EmployerCreditCode,
}

/// The rule table with an optional office and the two target columns, in SQLite's dialect.
const SQLITE_RULES: &str = "
CREATE TABLE routing_rules_v2 (
    id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    category varchar(40) NULL REFERENCES categories (code),
    region_prefix varchar(6) NULL,
    platform varchar(100) NULL,
    min_affected_workers integer NULL,
    required_tag varchar(20) NULL,
    office_id bigint NULL REFERENCES offices (id),
    target_kind varchar(40) NULL,
    target_level varchar(10) NULL,
    role varchar(10) NOT NULL,
    priority integer NOT NULL,
    active boolean NOT NULL,
    note text NULL,
    created_at timestamp_with_timezone_text NOT NULL
);
INSERT INTO routing_rules_v2 (id, category, region_prefix, platform, min_affected_workers, required_tag,
    office_id, role, priority, active, note, created_at)
SELECT id, category, region_prefix, platform, min_affected_workers, required_tag,
    office_id, role, priority, active, note, created_at FROM routing_rules;
DROP TABLE routing_rules;
ALTER TABLE routing_rules_v2 RENAME TO routing_rules;
CREATE INDEX idx_routing_rules_region_prefix ON routing_rules (region_prefix);
";

const POSTGRES_RULES: &str = "
ALTER TABLE routing_rules ALTER COLUMN office_id DROP NOT NULL;
ALTER TABLE routing_rules ADD COLUMN target_kind varchar(40) NULL;
ALTER TABLE routing_rules ADD COLUMN target_level varchar(10) NULL;
";

/// The default deadlines of each office kind: (kind, acknowledgement, result, result counted from,
/// extension). Each term is (amount, unit, basis, source). Administrators change them in the
/// console; where a figure is an office's public commitment rather than a statute it says so.
type Term = (i32, &'static str, &'static str, Option<&'static str>);
type KindRow = (&'static str, Term, Term, &'static str, Option<i32>);

const LABOUR_INSPECTION_ACK: &str = "《关于实施〈劳动保障监察条例〉若干规定》（劳动和社会保障部令第25号）第十八条";
const LABOUR_INSPECTION_RESULT: &str = "《劳动保障监察条例》第十七条（情况复杂的，经批准可延长30个工作日）";
const PROCURATORATE: &str = "人民检察院“群众信访件件有回复”工作承诺：7日内程序性回复，3个月内答复办理过程或结果";
const WORK_INJURY_ACK: &str = "《工伤认定办法》（人力资源和社会保障部令第8号）第八条";
const WORK_INJURY_RESULT: &str = "《工伤保险条例》第二十条";

const DEADLINES: [KindRow; 7] = [
    (
        "labour_inspection",
        (5, "working_days", "legal", Some(LABOUR_INSPECTION_ACK)),
        (60, "working_days", "legal", Some(LABOUR_INSPECTION_RESULT)),
        "acceptance",
        Some(30),
    ),
    (
        "procuratorate",
        (7, "calendar_days", "commitment", Some(PROCURATORATE)),
        (3, "months", "commitment", Some(PROCURATORATE)),
        "filing",
        None,
    ),
    (
        "work_injury_insurance",
        (15, "calendar_days", "legal", Some(WORK_INJURY_ACK)),
        (60, "calendar_days", "legal", Some(WORK_INJURY_RESULT)),
        "acceptance",
        None,
    ),
    ("trade_union", (7, "working_days", "commitment", None), (30, "working_days", "commitment", None), "filing", None),
    (
        "womens_federation",
        (7, "working_days", "commitment", None),
        (30, "working_days", "commitment", None),
        "filing",
        None,
    ),
    (
        "disabled_persons_federation",
        (7, "working_days", "commitment", None),
        (30, "working_days", "commitment", None),
        "filing",
        None,
    ),
    ("intake_desk", (5, "working_days", "commitment", None), (30, "working_days", "commitment", None), "filing", None),
];

async fn seed_deadlines(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut insert = Query::insert();
    insert.into_table(OfficeKindDeadlines::Table).columns([
        OfficeKindDeadlines::Kind,
        OfficeKindDeadlines::AckDays,
        OfficeKindDeadlines::AckUnit,
        OfficeKindDeadlines::AckBasis,
        OfficeKindDeadlines::AckSource,
        OfficeKindDeadlines::ResultDays,
        OfficeKindDeadlines::ResultUnit,
        OfficeKindDeadlines::ResultBasis,
        OfficeKindDeadlines::ResultSource,
        OfficeKindDeadlines::ResultFrom,
        OfficeKindDeadlines::ExtensionDays,
        OfficeKindDeadlines::UpdatedAt,
    ]);
    for (kind, ack, result, from, extension) in DEADLINES {
        insert
            .values([
                kind.into(),
                ack.0.into(),
                ack.1.into(),
                ack.2.into(),
                ack.3.map(str::to_owned).into(),
                result.0.into(),
                result.1.into(),
                result.2.into(),
                result.3.map(str::to_owned).into(),
                from.into(),
                extension.into(),
                Expr::current_timestamp(),
            ])
            .map_err(|e| DbErr::Migration(e.to_string()))?;
    }
    m.exec_stmt(insert).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Offices::Table)
                .add_column(boolean(Offices::AddressConfirmed).default(false))
                .to_owned(),
        )
        .await?;
        // Every address an administrator gave is a real one; the seed's are on example.org.
        m.get_connection()
            .execute_unprepared("UPDATE offices SET address_confirmed = (email NOT LIKE '%@example.org')")
            .await?;

        let rules = match m.get_database_backend() {
            DbBackend::Sqlite => SQLITE_RULES,
            _ => POSTGRES_RULES,
        };
        m.get_connection().execute_unprepared(rules).await?;

        m.create_table(
            Table::create()
                .table(OfficeKindDeadlines::Table)
                .col(string_len(OfficeKindDeadlines::Kind, 40).primary_key())
                .col(integer(OfficeKindDeadlines::AckDays))
                // `working_days`, `calendar_days` or `months`.
                .col(string_len(OfficeKindDeadlines::AckUnit, 20))
                // `legal` (a limit the law sets) or `commitment` (the office's own promise).
                .col(string_len(OfficeKindDeadlines::AckBasis, 20))
                .col(text_null(OfficeKindDeadlines::AckSource))
                .col(integer(OfficeKindDeadlines::ResultDays))
                .col(string_len(OfficeKindDeadlines::ResultUnit, 20))
                .col(string_len(OfficeKindDeadlines::ResultBasis, 20))
                .col(text_null(OfficeKindDeadlines::ResultSource))
                // `filing` or `acceptance`: the day the result period starts from.
                .col(string_len(OfficeKindDeadlines::ResultFrom, 20))
                // How far the result date may be moved once, with a recorded reason (same unit).
                .col(integer_null(OfficeKindDeadlines::ExtensionDays))
                .col(timestamp_with_time_zone(OfficeKindDeadlines::UpdatedAt))
                .to_owned(),
        )
        .await?;

        seed_deadlines(m).await?;

        m.create_table(
            Table::create()
                .table(CalendarDays::Table)
                .col(date(CalendarDays::Day).primary_key())
                // `holiday` (a weekday off) or `workday` (a weekend day worked, 调休).
                .col(string_len(CalendarDays::Kind, 10))
                .col(timestamp_with_time_zone(CalendarDays::ImportedAt))
                .to_owned(),
        )
        .await?;

        // One column an ALTER: SQLite adds only one at a time.
        for column in [
            date_null(Complaints::ResultBy),
            timestamp_with_time_zone_null(Complaints::ResultExtendedAt),
            text_null(Complaints::ResultExtensionReason),
            string_len_null(Complaints::EmploymentMode, 20),
            string_len_null(Complaints::EmployerCreditCode, 18),
        ] {
            let mut column = column;
            m.alter_table(Table::alter().table(Complaints::Table).add_column(&mut column).to_owned()).await?;
        }
        Ok(())
    }
}
