//! The HTTP server on its listener, around the state `app` assembles.

use crate::clock::Clock;
use crate::config::Config;
use crate::http;
use crate::http::rate_limit::{RateLimiter, RateLimits};
use crate::notify::transport::Transport;
use crate::notify::worker::{self, Mailer};
use crate::service::AppState;
use crate::store;
use actix_web::dev::{Server, Service};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::ErrorHandlers;
use actix_web::{App, HttpMessage, HttpServer, web};
use std::net::TcpListener;
use std::sync::Arc;
use tracing_actix_web::{RequestId, TracingLogger};

pub use crate::app::{StartupError, build_state, connect_and_migrate};

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
        crate::jobs::scheduler::spawn(state.clone().into_inner(), config.jobs_tick);
        crate::service::complaint::writer::start(state.clone().into_inner());
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
