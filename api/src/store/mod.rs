//! Storage: the only place that speaks SQL. SQLite (embedded default) and PostgreSQL.

pub mod admin;
pub mod attachments;
pub mod audit;
pub mod cases;
pub mod complaints;
pub mod directory;
pub mod documents;
pub mod entity;
pub mod idempotency;
pub mod leads;
pub mod outbox;
pub mod staff;
pub mod stats;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use std::time::Duration;

pub use sea_orm::DatabaseConnection as Db;

/// Opens the pool. SQLite gets WAL (readers never wait for the writer), synchronous=FULL (an
/// acknowledged complaint survives a power cut), a busy timeout (writers queue instead of failing
/// with "database is locked") and foreign keys.
pub async fn connect(url: &str, max_connections: Option<u32>) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url);
    // Statements carry personal data and hashes: never log them, not even at debug level.
    options.sqlx_logging(false).record_stmt_in_spans(false);
    // How long a request waits for a pooled connection, connecting included (sea-orm hands both
    // values to sqlx's acquire timeout). With PostgreSQL down, a request answers 503 after at most
    // this; a SQLite file does not go away, and its writers may queue longer under load.
    let acquire = Duration::from_secs(if url.starts_with("sqlite:") { 10 } else { 5 });
    options.connect_timeout(acquire).acquire_timeout(acquire);
    if url.starts_with("sqlite:") {
        options.max_connections(max_connections.unwrap_or(8)).min_connections(1);
        options.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(30))
                .foreign_keys(true)
                .create_if_missing(true)
        });
    } else {
        options.max_connections(max_connections.unwrap_or(16)).min_connections(1);
    }
    Database::connect(options).await
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.ping().await
}

/// Starts a write transaction. On SQLite it takes the write lock at once (BEGIN IMMEDIATE), so a
/// transaction never has to upgrade a read lock, which is what fails with "database is locked"
/// under concurrency; waiting writers queue on the busy timeout instead.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    let options = TransactionOptions {
        sqlite_transaction_mode: (db.get_database_backend() == DbBackend::Sqlite)
            .then_some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    };
    db.begin_with_options(options).await
}

/// Whether an error is a unique-constraint violation.
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}
