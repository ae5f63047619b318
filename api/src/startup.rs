//! Building the service: storage, secrets, directory, and the HTTP server on its listener.

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::deadline::WorkCalendar;
use crate::http;
use crate::http::rate_limit::{RateLimiter, RateLimits};
use crate::notify::MailContext;
use crate::notify::transport::{Transport, TransportError};
use crate::notify::worker::{self, Mailer};
use crate::secrets::{Secrets, SecretsError};
use crate::service::AppState;
use crate::service::directory::Directory;
use crate::store;
use actix_web::dev::{Server, Service};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::ErrorHandlers;
use actix_web::{App, HttpMessage, HttpServer, web};
use sea_orm::DbErr;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;
use tracing_actix_web::{RequestId, TracingLogger};

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
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
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
    Ok(AppState {
        db,
        directory,
        secrets,
        clock: clock.clone(),
        calendar: WorkCalendar::new(config.holidays.iter().copied()),
        default_office_id,
        mail,
        token_ttl: config.token_ttl,
        data_dir: config.data_dir.clone(),
        leads: config.leads,
        filing_writer: Default::default(),
        routing: Default::default(),
        login_throttle: crate::service::auth::LoginThrottle::new(clock.clone()),
        receipt_failures: crate::limits::WindowCounter::per_minute(config.rate_limit_per_minute, clock.clone()),
    })
}

/// Sign-in attempts per client address per minute (the account locks after five failures).
const LOGIN_ATTEMPTS_PER_MINUTE: u32 = 20;

/// The mail transport and delivery settings.
pub fn mailer(config: &Config) -> Result<Mailer, StartupError> {
    Ok(Mailer::new(Transport::from_config(&config.mail.transport)?, &config.mail))
}

pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
}

impl Application {
    pub async fn build(config: Config, clock: Arc<dyn Clock>) -> Result<Self, StartupError> {
        let state = web::Data::new(build_state(&config, clock.clone()).await?);
        let listener = TcpListener::bind(config.bind)
            .map_err(|source| StartupError::Bind { addr: config.bind.to_string(), source })?;
        let port = listener
            .local_addr()
            .map_err(|source| StartupError::Bind { addr: config.bind.to_string(), source })?
            .port();
        let limits = web::Data::new(RateLimits {
            filing: RateLimiter::new(config.rate_limit_per_minute, clock.clone()),
            lookup: RateLimiter::new(config.rate_limit_per_minute, clock.clone()),
            login: RateLimiter::new(LOGIN_ATTEMPTS_PER_MINUTE, clock),
        });
        let app_state = state.clone();
        let https = config.https;
        let proxies = Arc::new(config.proxies.clone());
        let server = HttpServer::new(move || {
            let proxies = proxies.clone();
            App::new()
                .wrap(ErrorHandlers::new().default_handler(http::ensure_problem))
                .wrap(http::security_headers(https))
                .wrap_fn(|req, srv| {
                    let id = req.extensions().get::<RequestId>().map(|r| r.to_string());
                    let call = srv.call(req);
                    async move {
                        let mut res = call.await?;
                        if let Some(value) = id.and_then(|id| HeaderValue::from_str(&id).ok()) {
                            res.headers_mut().insert(HeaderName::from_static("x-request-id"), value);
                        }
                        Ok(res)
                    }
                })
                // gzip for the pages and the API: a slow mobile connection pays for every byte.
                .wrap(actix_web::middleware::Compress::default())
                .wrap(TracingLogger::default())
                // Outermost: the client address is settled before the request log reads it.
                .wrap_fn(move |mut req, srv| {
                    http::client_addr::resolve(&mut req, &proxies);
                    srv.call(req)
                })
                .app_data(app_state.clone())
                .app_data(limits.clone())
                .configure(http::configure)
                .default_service(web::to(http::not_found))
        })
        // Responses leave in several writes (headers, then gzip chunks): with Nagle's algorithm
        // on, the second waits for the client's delayed ACK, 40 ms on Linux, per response.
        .on_connect(|connection, _| {
            if let Some(tcp) = connection.downcast_ref::<actix_web::rt::net::TcpStream>() {
                let _ = tcp.set_nodelay(true);
            }
        })
        .workers(config.workers)
        .shutdown_timeout(10)
        .listen(listener)
        .map_err(|source| StartupError::Bind { addr: config.bind.to_string(), source })?
        .run();
        spawn_housekeeping(state.clone());
        crate::service::filing_writer::start(state.clone().into_inner());
        if store::staff::count_admins(&state.db).await.unwrap_or(1) == 0 {
            tracing::warn!(
                "there is no administrator account yet: create one with `intake staff add --email you@example.org --role admin`"
            );
        }
        if config.mail.worker {
            let mailer = Arc::new(mailer(&config)?);
            tokio::spawn(worker::run(state.clone().into_inner(), mailer));
        }
        Ok(Self { port, server, state })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Every ten minutes: the day's overdue digests (once per office and day), and deleting
/// idempotency records after their 24 hours, so that no stored answer outlives its use.
fn spawn_housekeeping(state: web::Data<AppState>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            match crate::notify::digest::send_due(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(offices = n, "overdue digests queued"),
                Err(e) => tracing::warn!(error = %e, "could not queue the overdue digests"),
            }
            match store::idempotency::purge_expired(&state.db, state.clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "expired idempotency records deleted"),
                Err(e) => {
                    tracing::warn!(error = %e, "could not delete expired idempotency records")
                }
            }
        }
    });
}
