//! Schema and seed data. Migrations run at `intake serve` start and via `intake migrate`.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_schema;
mod m20261129_000002_seed_regions;
mod m20261129_000003_seed_categories;
mod m20261129_000004_seed_directory;
mod m20261129_000005_outbox;
mod m20261129_000006_staff;
mod m20261129_000007_attachments;
mod m20261129_000008_outbox_secret;
mod m20261129_000009_leads;
mod m20261129_000010_case_documents;
mod m20261129_000011_job_runs;
mod m20261201_000012_competence_schema;
mod m20261201_000013_directory_levels;
mod m20261201_000014_competent_rules;
mod seed;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_schema::Migration),
            Box::new(m20261129_000002_seed_regions::Migration),
            Box::new(m20261129_000003_seed_categories::Migration),
            Box::new(m20261129_000004_seed_directory::Migration),
            Box::new(m20261129_000005_outbox::Migration),
            Box::new(m20261129_000006_staff::Migration),
            Box::new(m20261129_000007_attachments::Migration),
            Box::new(m20261129_000008_outbox_secret::Migration),
            Box::new(m20261129_000009_leads::Migration),
            Box::new(m20261129_000010_case_documents::Migration),
            Box::new(m20261129_000011_job_runs::Migration),
            Box::new(m20261201_000012_competence_schema::Migration),
            Box::new(m20261201_000013_directory_levels::Migration),
            Box::new(m20261201_000014_competent_rules::Migration),
        ]
    }
}
