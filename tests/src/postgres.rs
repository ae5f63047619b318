//! Per-test PostgreSQL databases, cloned from one template that is migrated once per process.
//!
//! Names: `intake_test_template_{pid}` and `intake_test_{pid}_{n}`. A test's database is dropped
//! when its [`TestDatabase`] is; the first use in a process drops what processes that are gone
//! left behind (their template, and the databases of tests they did not finish).

use sea_orm::{ConnectionTrait, Database};
use std::future::Future;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

const PREFIX: &str = "intake_test_";

fn admin_url() -> String {
    std::env::var("INTAKE_TEST_POSTGRES_URL").unwrap_or_default()
}

/// The server URL with another database name.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_end..].find('/') {
        Some(i) => &base[..authority_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// The process that made a database of this suite, from its name.
fn owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(PREFIX)?;
    let pid = match rest.strip_prefix("template_") {
        Some(pid) => pid,
        None => rest.split_once('_')?.0,
    };
    pid.parse().ok()
}

/// Drops the databases of processes that are no longer running: runs that crashed or were killed
/// never reached their own clean-up. Databases of running processes (another `cargo test`) stay.
async fn drop_abandoned(admin: &sea_orm::DatabaseConnection) -> Result<(), String> {
    let rows = admin
        .query_all_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            "SELECT datname FROM pg_database".to_owned(),
        ))
        .await
        .map_err(|e| e.to_string())?;
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else { continue };
        if owner(&name).is_some_and(crate::process_is_gone)
            && let Err(e) = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await
        {
            crate::warn(&format!("cannot drop the abandoned test database {name}: {e}"));
        }
    }
    Ok(())
}

async fn create_template() -> Result<String, String> {
    let admin =
        Database::connect(admin_url()).await.map_err(|e| format!("cannot connect to INTAKE_TEST_POSTGRES_URL: {e}"))?;
    drop_abandoned(&admin).await?;
    let template = format!("{PREFIX}template_{}", std::process::id());
    admin.execute_unprepared(&format!("CREATE DATABASE \"{template}\"")).await.map_err(|e| e.to_string())?;
    let db =
        intake::store::connect(&with_database(&admin_url(), &template), Some(2)).await.map_err(|e| e.to_string())?;
    intake::store::migrate(&db).await.map_err(|e| format!("migrating the template: {e}"))?;
    db.close().await.map_err(|e| e.to_string())?;
    admin.close().await.map_err(|e| e.to_string())?;
    Ok(template)
}

/// Runs `work` to its end on a thread of its own with its own runtime: each test has its own
/// runtime, a connection must not outlive the runtime that made it, and `Drop` cannot await.
pub(crate) fn on_own_runtime<T, F>(what: &str, work: impl FnOnce() -> F + Send + 'static) -> Result<T, String>
where
    T: Send + 'static,
    F: Future<Output = Result<T, String>>,
{
    let thread = std::thread::Builder::new().name(format!("intake-test-{what}")).spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
            .and_then(|rt| rt.block_on(work()))
    });
    match thread {
        Ok(thread) => thread.join().unwrap_or_else(|_| Err(format!("{what} panicked"))),
        Err(e) => Err(format!("{what}: cannot start a thread: {e}")),
    }
}

fn template() -> &'static Result<String, String> {
    static TEMPLATE: OnceLock<Result<String, String>> = OnceLock::new();
    TEMPLATE.get_or_init(|| on_own_runtime("creating the template database", create_template))
}

/// One test's database, dropped with this value: at the end of the test or while a failing test
/// unwinds.
pub struct TestDatabase {
    pub url: String,
    name: String,
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let name = self.name.clone();
        // FORCE: the test's server still holds connections to it.
        let dropped = on_own_runtime("dropping a test database", move || async move {
            let admin = Database::connect(admin_url()).await.map_err(|e| e.to_string())?;
            let dropped = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
            let _ = admin.close().await;
            dropped.map(|_| ()).map_err(|e| e.to_string())
        });
        if let Err(e) = dropped {
            crate::warn(&format!("cannot drop the test database {}: {e}", self.name));
        }
    }
}

/// A new database for one test; fails the test when PostgreSQL cannot be reached.
#[allow(clippy::panic, reason = "a harness failure fails the test that asked for the database")]
pub async fn fresh_database() -> TestDatabase {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let template = match template() {
        Ok(t) => t.clone(),
        Err(e) => panic!("PostgreSQL tests need a reachable server: {e}"),
    };
    let name = format!("{PREFIX}{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst));
    let admin = match Database::connect(admin_url()).await {
        Ok(db) => db,
        Err(e) => panic!("cannot connect to INTAKE_TEST_POSTGRES_URL: {e}"),
    };
    if let Err(e) = admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"")).await {
        panic!("cannot create the test database: {e}");
    }
    let _ = admin.close().await;
    TestDatabase { url: with_database(&admin_url(), &name), name }
}

/// A new, empty database (no migrations run): for the upgrade test, which migrates it step by
/// step itself. Dropped like the others.
#[allow(clippy::panic, reason = "a harness failure fails the test that asked for the database")]
pub async fn empty_database() -> TestDatabase {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let name = format!("{PREFIX}{}_empty_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst));
    let admin = match Database::connect(admin_url()).await {
        Ok(db) => db,
        Err(e) => panic!("cannot connect to INTAKE_TEST_POSTGRES_URL: {e}"),
    };
    if let Err(e) = admin.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await {
        panic!("cannot create the test database: {e}");
    }
    let _ = admin.close().await;
    TestDatabase { url: with_database(&admin_url(), &name), name }
}
