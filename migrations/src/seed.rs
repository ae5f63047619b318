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

#[derive(serde::Deserialize)]
struct Category {
    code: String,
    sort: i32,
    ack_working_days: i32,
    name_zh: String,
    name_en: String,
    description_zh: String,
    description_en: String,
}

/// Inserts the complaint categories of a CSV file compiled into the binary.
pub async fn insert_categories(m: &SchemaManager<'_>, name: &str, text: &str) -> Result<(), DbErr> {
    let categories: Vec<Category> = parse_csv(name, text)?;
    let rows = categories
        .into_iter()
        .map(|c| {
            vec![
                c.code.into(),
                c.sort.into(),
                c.ack_working_days.into(),
                c.name_zh.into(),
                c.name_en.into(),
                c.description_zh.into(),
                c.description_en.into(),
            ]
        })
        .collect();
    insert_batched(
        m,
        Alias::new("categories"),
        &["code", "sort", "ack_working_days", "name_zh", "name_en", "description_zh", "description_en"],
        rows,
    )
    .await
}
