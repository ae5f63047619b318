//! Per-test SQLite databases, copied from one file migrated once per process: the migrations
//! seed some 20,000 offices, and copying a file is much cheaper than seeding it again per test.

use crate::postgres::on_own_runtime;
use sea_orm::ConnectionTrait;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

async fn create_template(dir: PathBuf) -> Result<PathBuf, String> {
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let file = dir.join("intake.db");
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let db = intake::store::connect(&url, Some(1)).await.map_err(|e| e.to_string())?;
    intake::store::migrate(&db).await.map_err(|e| format!("migrating the template: {e}"))?;
    // Everything into the main file, so that copying it alone copies the database.
    db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await.map_err(|e| e.to_string())?;
    db.close().await.map_err(|e| e.to_string())?;
    Ok(file)
}

fn template() -> &'static Result<PathBuf, String> {
    static TEMPLATE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("{}{}-sqlite-template", crate::DIR_PREFIX, std::process::id()));
        on_own_runtime("creating the SQLite template", move || create_template(dir))
    })
}

/// Puts a migrated database at `dir/intake.db` for one test.
pub fn fresh_database(dir: &Path) -> Result<(), String> {
    let template = template().as_ref().map_err(Clone::clone)?;
    std::fs::copy(template, dir.join("intake.db")).map(|_| ()).map_err(|e| format!("copying the template: {e}"))
}
