//! The complaint categories, named and described in words a rider uses, in zh-CN and English.

use crate::seed::insert_categories;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        insert_categories(m, "categories.csv", include_str!("../data/categories.csv")).await
    }
}
