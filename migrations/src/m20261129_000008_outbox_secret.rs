//! A secret an email must carry (the worker's receipt code, when they asked for it by email) is
//! kept out of the message text: the text holds a placeholder, and the secret is stored sealed
//! with a key derived from the server secret, filled in only when the mail is sent and erased
//! once it has been, so that the database never holds a readable receipt code.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    SecretNonce,
    SecretSealed,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column an ALTER: SQLite adds only one at a time.
        m.alter_table(
            Table::alter().table(OutboxMessages::Table).add_column(binary_null(OutboxMessages::SecretNonce)).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(OutboxMessages::Table)
                .add_column(binary_null(OutboxMessages::SecretSealed))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(OutboxMessages::Table).drop_column(OutboxMessages::SecretSealed).to_owned())
            .await?;
        m.alter_table(Table::alter().table(OutboxMessages::Table).drop_column(OutboxMessages::SecretNonce).to_owned())
            .await
    }
}
