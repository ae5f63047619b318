//! Per-test PostgreSQL databases, cloned from one template that is migrated once per process.

use sea_orm::{ConnectionTrait, Database};
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

async fn create_template() -> Result<String, String> {
    let admin =
        Database::connect(admin_url()).await.map_err(|e| format!("cannot connect to INTAKE_TEST_POSTGRES_URL: {e}"))?;
    // Databases left by earlier runs of this suite are dropped first.
    let rows = admin
        .query_all_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            format!("SELECT datname FROM pg_database WHERE datname LIKE '{PREFIX}%'"),
        ))
        .await
        .map_err(|e| e.to_string())?;
    for row in rows {
        if let Ok(name) = row.try_get::<String>("", "datname") {
            let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
        }
    }
    let template = format!("{PREFIX}template_{}", std::process::id());
    admin.execute_unprepared(&format!("CREATE DATABASE \"{template}\"")).await.map_err(|e| e.to_string())?;
    let db =
        intake::store::connect(&with_database(&admin_url(), &template), Some(2)).await.map_err(|e| e.to_string())?;
    intake::store::migrate(&db).await.map_err(|e| format!("migrating the template: {e}"))?;
    db.close().await.map_err(|e| e.to_string())?;
    admin.close().await.map_err(|e| e.to_string())?;
    Ok(template)
}

fn template() -> &'static Result<String, String> {
    static TEMPLATE: OnceLock<Result<String, String>> = OnceLock::new();
    // Made on a thread of its own with its own runtime: each test has its own runtime, and a
    // connection must not outlive the runtime that made it.
    TEMPLATE.get_or_init(|| {
        std::thread::spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
                .and_then(|rt| rt.block_on(create_template()))
        })
        .join()
        .unwrap_or_else(|_| Err("creating the template database panicked".into()))
    })
}

/// A new database for one test; fails the test when PostgreSQL cannot be reached.
pub async fn fresh_database() -> String {
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
    with_database(&admin_url(), &name)
}
