//! Assembles what every use case needs: the settings that matter at run time, the database pool,
//! the secrets, the clock, the directory cache, the routing cache, the filing writer's channel and
//! the in-memory limits. `startup` serves it over HTTP; the command line and the workers use it
//! directly.

use crate::clock::Clock;
use crate::config::{Config, LeadSettings};
use crate::limits::WindowCounter;
use crate::notify::MailContext;
use crate::notify::transport::TransportError;
use crate::secrets::{Secrets, SecretsError};
use crate::service::complaint::filing::FilingWriter;
use crate::service::deadline::DeadlineCache;
use crate::service::directory::Directory;
use crate::service::routing::cache::RoutingCache;
use crate::service::staff::throttle::LoginThrottle;
use crate::store;
use sea_orm::DbErr;
use std::sync::Arc;

/// What every use case needs: the database, the cached directory, the secrets, the clock and the
/// data directory (where evidence files are kept).
pub struct AppState {
    pub db: store::Db,
    pub directory: Directory,
    pub secrets: Secrets,
    pub clock: Arc<dyn Clock>,
    /// Each office kind's deadlines and the working-day calendar (see `service::deadline`).
    pub deadlines: DeadlineCache,
    /// The office that takes what no routing rule matches.
    pub default_office_id: i64,
    pub mail: MailContext,
    /// How long staff tokens live.
    pub token_ttl: chrono::Duration,
    /// `INTAKE_DATA_DIR`: evidence files live in its `attachments` folder.
    pub data_dir: std::path::PathBuf,
    /// When complaints that share one cause become a public-interest lead.
    pub leads: LeadSettings,
    /// Group commit of new complaints (see `service::complaint::writer`).
    pub filing_writer: FilingWriter,
    /// The routing rules and offices in memory (see `service::routing::cache`).
    pub routing: RoutingCache,
    /// Failed sign-ins per email and address (see `service::staff::throttle`).
    pub login_throttle: LoginThrottle,
    /// Wrong receipt codes per complaint reference this minute, from any address: guessing one
    /// complaint's code from many addresses stops at the limit (see `service::complaint::track::open`).
    pub receipt_failures: WindowCounter<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Database(#[from] DbErr),
    #[error("{0}")]
    Secrets(#[from] SecretsError),
    #[error("invalid setting INTAKE_DEFAULT_OFFICE: no office has the code '{0}'")]
    DefaultOffice(String),
    #[error("{0}")]
    Mail(#[from] TransportError),
    #[error("giving old complaints their result dates: {0}")]
    Backfill(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
}

impl crate::notify::worker::Outbox for AppState {
    fn db(&self) -> &store::Db {
        &self.db
    }

    fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    fn secrets(&self) -> &Secrets {
        &self.secrets
    }
}

/// Opens the database (creating the data directory for SQLite) and brings it up to date.
pub async fn connect_and_migrate(config: &Config) -> Result<store::Db, StartupError> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| SecretsError::File { path: config.data_dir.display().to_string(), source: e })?;
    let db = store::connect(&config.database_url, config.db_max_connections).await?;
    store::migrate(&db).await?;
    Ok(db)
}

/// Connects, migrates and loads what every use case needs.
pub async fn build_state(config: &Config, clock: Arc<dyn Clock>) -> Result<AppState, StartupError> {
    let db = connect_and_migrate(config).await?;
    let secrets = Secrets::load(config.receipt_key.as_deref(), config.jwt_secret.as_deref(), &config.data_dir)?;
    if secrets.generated && config.is_postgres() {
        tracing::warn!(
            "INTAKE_RECEIPT_KEY or INTAKE_JWT_SECRET is not set: using secrets generated in {}. Instances that share this database must all be given the same secrets, or receipt codes will not verify across them.",
            config.data_dir.display()
        );
    }
    let directory = Directory::load(&db).await?;
    let default_office_id = store::directory::office_by_code(&db, &config.default_office)
        .await?
        .map(|o| o.id)
        .ok_or_else(|| StartupError::DefaultOffice(config.default_office.clone()))?;
    let mail = MailContext {
        public_url: config.public_url.clone(),
        message_id_domain: config.mail.from.email.domain().to_owned(),
    };
    let deadlines = DeadlineCache::new(config.holidays.clone());
    let filled = crate::service::deadline::backfill_result_dates(&db, &deadlines)
        .await
        .map_err(|e| StartupError::Backfill(e.to_string()))?;
    if filled > 0 {
        tracing::info!(complaints = filled, "result dates given to complaints filed before they existed");
    }
    Ok(AppState {
        db,
        directory,
        secrets,
        clock: clock.clone(),
        deadlines,
        default_office_id,
        mail,
        token_ttl: config.token_ttl,
        data_dir: config.data_dir.clone(),
        leads: config.leads,
        filing_writer: Default::default(),
        routing: Default::default(),
        login_throttle: LoginThrottle::new(clock.clone()),
        receipt_failures: WindowCounter::per_minute(config.rate_limit_per_minute, clock.clone()),
    })
}
