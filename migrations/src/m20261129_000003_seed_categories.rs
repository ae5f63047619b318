//! The complaint categories, named and described in words a rider uses, in zh-CN and English.

use crate::seed::{insert_batched, parse_csv};
use sea_orm_migration::prelude::*;
use serde::Deserialize;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Deserialize)]
struct Category {
    code: String,
    sort: i32,
    ack_working_days: i32,
    name_zh: String,
    name_en: String,
    description_zh: String,
    description_en: String,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let categories: Vec<Category> = parse_csv("categories.csv", include_str!("../data/categories.csv"))?;
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
}
