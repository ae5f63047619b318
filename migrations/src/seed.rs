//! Helpers shared by the seed migrations: CSV files compiled into the binary, inserted in batches.

use sea_orm_migration::prelude::*;
use serde::de::DeserializeOwned;

/// Parses a CSV file that is compiled into the binary. A malformed row is a build defect, so it
/// fails the migration with the row's position instead of seeding half a table.
pub fn parse_csv<T: DeserializeOwned>(name: &str, text: &str) -> Result<Vec<T>, DbErr> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .enumerate()
        .map(|(i, row)| row.map_err(|e| DbErr::Migration(format!("seed file {name}, row {}: {e}", i + 2))))
        .collect()
}

/// Inserts rows in batches small enough for every backend's bound-parameter limit.
pub async fn insert_batched(
    m: &SchemaManager<'_>,
    table: impl IntoIden + Clone,
    columns: &[&'static str],
    rows: Vec<Vec<SimpleExpr>>,
) -> Result<(), DbErr> {
    let per_batch = (900 / columns.len().max(1)).max(1);
    for chunk in rows.chunks(per_batch) {
        let mut insert = Query::insert();
        insert.into_table(table.clone()).columns(columns.iter().map(|c| Alias::new(*c)));
        for row in chunk {
            insert.values(row.clone()).map_err(|e| DbErr::Migration(e.to_string()))?;
        }
        m.exec_stmt(insert).await?;
    }
    Ok(())
}
