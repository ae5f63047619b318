//! Storage: the only place that speaks SQL. SQLite (embedded default) and PostgreSQL.

pub mod admin;
pub mod attachments;
pub mod audit;
pub mod cases;
pub mod complaints;
pub mod deadlines;
pub mod directory;
pub mod documents;
pub mod entity;
pub mod idempotency;
pub mod jobs;
pub mod leads;
pub mod outbox;
pub mod staff;
pub mod stats;
pub mod values;

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
        // One connection writes at a time (the filing writer, mostly); the others read. Each is a
        // thread with its own page cache and allocator arena: eight did not file faster than four
        // on 2 cores and took the server past 100 MB resident under load (tests/bench/run.sh).
        options.max_connections(max_connections.unwrap_or(4)).min_connections(1);
        options.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(30))
                .foreign_keys(true)
                .create_if_missing(true)
                // Room for every run size of every multi-row statement (see `in_cached_sizes`).
                .statement_cache_capacity(128)
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

/// The largest number of rows one multi-row statement takes.
const MAX_ROWS_PER_STATEMENT: usize = 32;

/// Splits rows into runs of 32, 16, 8, 4, 2 and 1. A multi-row statement's text depends on
/// its row count, and SQLite parses and plans every text it has not seen; with these few sizes
/// every batch's statements come from the connection's statement cache.
pub(crate) fn in_cached_sizes<T>(rows: Vec<T>) -> Vec<Vec<T>> {
    let mut runs = Vec::new();
    let mut rest = rows.into_iter();
    let mut left = rest.len();
    while left > 0 {
        let size = 1 << (usize::BITS - 1 - left.min(MAX_ROWS_PER_STATEMENT).leading_zeros());
        runs.push(rest.by_ref().take(size).collect::<Vec<T>>());
        left -= size;
    }
    runs
}

/// `[from, to)` of the codes that start with `prefix` (a string of digits): a range the index
/// can use, where `LIKE 'prefix%'` would make SQLite plan the statement again for every value.
pub(crate) fn prefix_range(prefix: &str) -> (String, String) {
    let mut to = prefix.to_owned();
    // ':' follows '9' in ASCII, so "3411" < every "3411…" < "341:".
    if let Some(last) = to.pop() {
        to.push(char::from_u32(u32::from(last) + 1).unwrap_or(char::MAX));
    } else {
        to.push(char::MAX);
    }
    (prefix.to_owned(), to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_have_few_sizes_and_keep_every_row_in_order() {
        for n in 0..300usize {
            let runs = in_cached_sizes((0..n).collect());
            assert!(runs.iter().all(|r| r.len().is_power_of_two() && r.len() <= MAX_ROWS_PER_STATEMENT), "{n}");
            assert_eq!(runs.concat(), (0..n).collect::<Vec<_>>());
        }
        assert_eq!(in_cached_sizes((0..37).collect()).iter().map(Vec::len).collect::<Vec<_>>(), [32, 4, 1]);
    }

    #[test]
    fn prefix_range_holds_exactly_the_codes_under_the_prefix() {
        let (from, to) = prefix_range("3411");
        for code in ["3411", "341102", "341199"] {
            assert!(from.as_str() <= code && code < to.as_str(), "{code}");
        }
        for code in ["3410", "341002", "3412", "342102", "34"] {
            assert!(!(from.as_str() <= code && code < to.as_str()), "{code}");
        }
    }
}
