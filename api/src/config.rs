//! Layered settings: built-in defaults < intake.toml < INTAKE_* environment variables. Every
//! value is checked at start-up; a bad one stops the process with one line naming the key.

use crate::domain::client_address::{ProxyHeader, ProxySettings, TrustedProxies};
use chrono::NaiveDate;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Deserializer, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Settings as written by the operator, before checking.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RawSettings {
    pub bind: String,
    pub database_url: Option<String>,
    pub data_dir: PathBuf,
    pub public_url: String,
    pub jwt_secret: Option<String>,
    pub receipt_key: Option<String>,
    pub log: String,
    pub log_format: String,
    pub rate_limit_per_minute: u32,
    /// Addresses or networks of the reverse proxies whose forwarding header is believed.
    #[serde(deserialize_with = "string_list")]
    pub trusted_proxies: Vec<String>,
    /// The header those proxies write: `x-forwarded-for` or `forwarded`.
    pub proxy_header: String,
    /// Public holidays (YYYY-MM-DD) that deadlines skip besides weekends.
    #[serde(deserialize_with = "date_list")]
    pub holidays: Vec<NaiveDate>,
    /// The code of the office that takes what no routing rule matches.
    pub default_office: String,
    pub db_max_connections: Option<u32>,
    pub workers: Option<usize>,
    /// Where mail goes: smtp://, smtps://, file://DIR or log:. Default: file://<data dir>/mail.
    pub mail_url: Option<String>,
    pub mail_from: String,
    /// Whether `intake serve` runs the delivery loop itself (turn off when `intake worker` runs).
    pub mail_worker: bool,
    /// Attempts before a message is marked failed; with the backoff, about a day by default.
    pub mail_max_attempts: u32,
    /// How often the delivery loop looks for due messages.
    pub mail_poll_interval_ms: u64,
    /// How long a delivery loop's claim on a message holds: after a crash, what the dead loop had
    /// claimed is sent by the next loop once this has passed.
    pub mail_lease_seconds: u32,
    /// How long a staff token is valid; `POST /api/v1/auth/refresh` renews a valid one.
    pub token_ttl_minutes: u32,
    /// How far back, in days, complaints about one cause are counted together for a lead.
    pub lead_window_days: u32,
    /// How many complaints about one cause in one city make a public-interest lead...
    pub lead_min_complaints: u32,
    /// ...or how many affected workers they add up to: either threshold opens a lead.
    pub lead_min_workers: u32,
    /// How often the periodic jobs' scheduler looks for a period to run (see `crate::jobs`).
    pub jobs_tick_seconds: u32,
}

impl Default for RawSettings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            database_url: None,
            data_dir: PathBuf::from("./data"),
            public_url: "http://127.0.0.1:8080".into(),
            jwt_secret: None,
            receipt_key: None,
            log: "info".into(),
            log_format: "text".into(),
            rate_limit_per_minute: 30,
            trusted_proxies: Vec::new(),
            proxy_header: "x-forwarded-for".into(),
            holidays: Vec::new(),
            default_office: "CN-INTAKE".into(),
            db_max_connections: None,
            workers: None,
            mail_url: None,
            mail_from: "劳动者投诉受理平台 <no-reply@intake.example.org>".into(),
            mail_worker: true,
            mail_max_attempts: 12,
            mail_poll_interval_ms: 1000,
            mail_lease_seconds: 300,
            token_ttl_minutes: 30,
            lead_window_days: 90,
            lead_min_complaints: 5,
            lead_min_workers: 30,
            jobs_tick_seconds: 60,
        }
    }
}

/// Accepts a list or one comma-separated string, as environment variables can only be text.
fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        List(Vec<String>),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::Text(s) => s.split(',').map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect(),
        Raw::List(v) => v,
    })
}

fn date_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
    let items = string_list(d)?;
    items
        .iter()
        .map(|s| {
            NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map_err(|_| serde::de::Error::custom(format!("'{s}' is not a date (YYYY-MM-DD)")))
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Checked settings.
#[derive(Clone, Debug)]
pub struct Config {
    pub bind: SocketAddr,
    pub database_url: String,
    pub data_dir: PathBuf,
    /// Without a trailing slash.
    pub public_url: String,
    pub jwt_secret: Option<String>,
    pub receipt_key: Option<String>,
    pub log: String,
    pub log_format: LogFormat,
    /// Requests per minute per client address for filing and for receipt look-ups; 0 is off.
    pub rate_limit_per_minute: u32,
    pub proxies: ProxySettings,
    /// Every cookie `Secure` and `Strict-Transport-Security` on every answer: the public address
    /// is https.
    pub https: bool,
    pub holidays: Vec<NaiveDate>,
    pub default_office: String,
    pub db_max_connections: Option<u32>,
    pub workers: usize,
    pub mail: MailConfig,
    pub token_ttl: chrono::Duration,
    pub leads: LeadSettings,
    /// How often the periodic jobs' scheduler ticks.
    pub jobs_tick: std::time::Duration,
}

/// When complaints that share one cause become a public-interest lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeadSettings {
    pub window_days: u32,
    pub min_complaints: u32,
    pub min_workers: u32,
}

impl Default for LeadSettings {
    fn default() -> Self {
        Self { window_days: 90, min_complaints: 5, min_workers: 30 }
    }
}

/// Where and how mail is delivered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailTransportConfig {
    /// smtp:// or smtps:// as lettre reads it (`tls=none` already removed).
    Smtp(String),
    File(PathBuf),
    Log,
}

#[derive(Clone, Debug)]
pub struct MailConfig {
    pub transport: MailTransportConfig,
    pub from: lettre::message::Mailbox,
    pub worker: bool,
    pub max_attempts: u32,
    pub poll_interval: std::time::Duration,
    pub lease: std::time::Duration,
}

/// Reads INTAKE_MAIL_URL. `smtp://` without `tls` means opportunistic STARTTLS; `tls=none` turns
/// TLS off (a relay on the same host).
fn mail_transport(url: Option<&str>, data_dir: &std::path::Path) -> Result<MailTransportConfig, ConfigError> {
    let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(MailTransportConfig::File(data_dir.join("mail")));
    };
    if url == "log:" || url == "log" {
        return Ok(MailTransportConfig::Log);
    }
    if let Some(dir) = url.strip_prefix("file://") {
        if dir.is_empty() {
            return Err(bad("mail_url", "file:// needs a directory, e.g. file:///var/spool/intake"));
        }
        return Ok(MailTransportConfig::File(PathBuf::from(dir)));
    }
    if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
        return Err(bad("mail_url", "must be smtp://…, smtps://…, file://DIR or log:"));
    }
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    let tls = pairs.iter().find_map(|p| p.strip_prefix("tls=")).map(str::to_owned);
    match tls.as_deref() {
        None if base.starts_with("smtp://") => pairs.push("tls=opportunistic"),
        None => {}
        Some("none") => pairs.retain(|p| !p.starts_with("tls=")),
        Some("required" | "opportunistic") => {}
        Some(other) => return Err(bad("mail_url", format!("tls={other}: use required, opportunistic or none"))),
    }
    let url = if pairs.is_empty() { base.to_owned() } else { format!("{base}?{}", pairs.join("&")) };
    if lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(&url).is_err() {
        return Err(bad("mail_url", "is not a valid smtp:// or smtps:// address"));
    }
    Ok(MailTransportConfig::Smtp(url))
}

#[derive(Debug, thiserror::Error)]
#[error("invalid setting {key}: {message}")]
pub struct ConfigError {
    pub key: String,
    pub message: String,
}

fn bad(key: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { key: format!("INTAKE_{}", key.to_ascii_uppercase()), message: message.into() }
}

impl Config {
    /// Reads defaults, then `intake.toml` (or the file named by INTAKE_CONFIG), then INTAKE_*.
    pub fn load() -> Result<Self, ConfigError> {
        let file = std::env::var("INTAKE_CONFIG").unwrap_or_else(|_| "intake.toml".into());
        let figment = Figment::from(Serialized::defaults(RawSettings::default()))
            .merge(Toml::file(&file))
            .merge(Env::prefixed("INTAKE_").ignore(&["config", "test_postgres_url"]));
        let raw: RawSettings = figment.extract().map_err(|e| {
            let key = e.path.last().cloned().unwrap_or_else(|| "config".into());
            bad(&key, e.kind.to_string())
        })?;
        Self::check(raw)
    }

    pub fn check(raw: RawSettings) -> Result<Self, ConfigError> {
        let bind: SocketAddr = raw
            .bind
            .parse()
            .map_err(|_| bad("bind", format!("'{}' is not an address and port such as 127.0.0.1:8080", raw.bind)))?;
        let database_url = match raw.database_url.filter(|u| !u.trim().is_empty()) {
            Some(url) => {
                if !(url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                    return Err(bad("database_url", "must start with sqlite: or postgres://"));
                }
                url
            }
            None => format!("sqlite://{}/intake.db?mode=rwc", raw.data_dir.display()),
        };
        let public_url = raw.public_url.trim().trim_end_matches('/').to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) || public_url.len() < 10 {
            return Err(bad("public_url", "must be an http:// or https:// address"));
        }
        for (key, value) in [("jwt_secret", &raw.jwt_secret), ("receipt_key", &raw.receipt_key)] {
            if value.as_ref().is_some_and(|v| v.len() < 32) {
                return Err(bad(key, "must be at least 32 characters; leave it unset to have one generated"));
            }
        }
        let log_format = match raw.log_format.as_str() {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => {
                return Err(bad("log_format", format!("'{other}' is neither text nor json")));
            }
        };
        if tracing_subscriber::EnvFilter::try_new(&raw.log).is_err() {
            return Err(bad("log", format!("'{}' is not a log level or filter such as info or intake=debug", raw.log)));
        }
        if raw.default_office.trim().is_empty() {
            return Err(bad("default_office", "must name an office code"));
        }
        if raw.db_max_connections == Some(0) {
            return Err(bad("db_max_connections", "must be at least 1"));
        }
        let workers = match raw.workers {
            Some(0) => return Err(bad("workers", "must be at least 1")),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(2, |n| n.get()),
        };
        let mail = MailConfig {
            transport: mail_transport(raw.mail_url.as_deref(), &raw.data_dir)?,
            from: raw.mail_from.parse().map_err(|_| {
                bad("mail_from", format!("'{}' is not an address such as Intake <no-reply@example.org>", raw.mail_from))
            })?,
            worker: raw.mail_worker,
            max_attempts: if raw.mail_max_attempts == 0 {
                return Err(bad("mail_max_attempts", "must be at least 1"));
            } else {
                raw.mail_max_attempts
            },
            poll_interval: std::time::Duration::from_millis(raw.mail_poll_interval_ms.max(10)),
            // A claim must outlast a pass (up to 64 messages, 16 at once, each with a 20 s SMTP
            // timeout), or two loops would send the same messages.
            lease: if raw.mail_lease_seconds < 5 {
                return Err(bad("mail_lease_seconds", "must be at least 5"));
            } else {
                std::time::Duration::from_secs(u64::from(raw.mail_lease_seconds))
            },
        };
        if raw.token_ttl_minutes == 0 || raw.token_ttl_minutes > 24 * 60 {
            return Err(bad("token_ttl_minutes", "must be from 1 to 1440"));
        }
        if raw.lead_window_days == 0 || raw.lead_window_days > 3660 {
            return Err(bad("lead_window_days", "must be from 1 to 3660"));
        }
        if raw.lead_min_complaints < 2 {
            return Err(bad("lead_min_complaints", "must be at least 2: one complaint is not a pattern"));
        }
        if raw.jobs_tick_seconds == 0 {
            return Err(bad("jobs_tick_seconds", "must be at least 1"));
        }
        let https = public_url.starts_with("https://");
        let proxies = ProxySettings {
            trusted: TrustedProxies::parse(raw.trusted_proxies.iter().map(String::as_str))
                .map_err(|m| bad("trusted_proxies", m))?,
            header: ProxyHeader::parse(&raw.proxy_header).ok_or_else(|| {
                bad("proxy_header", format!("'{}' is neither x-forwarded-for nor forwarded", raw.proxy_header))
            })?,
        };
        let leads = LeadSettings {
            window_days: raw.lead_window_days,
            min_complaints: raw.lead_min_complaints,
            min_workers: raw.lead_min_workers,
        };
        Ok(Self {
            leads,
            jobs_tick: std::time::Duration::from_secs(u64::from(raw.jobs_tick_seconds)),
            token_ttl: chrono::Duration::minutes(i64::from(raw.token_ttl_minutes)),
            mail,
            bind,
            database_url,
            data_dir: raw.data_dir,
            public_url,
            jwt_secret: raw.jwt_secret,
            receipt_key: raw.receipt_key,
            log: raw.log,
            log_format,
            rate_limit_per_minute: raw.rate_limit_per_minute,
            proxies,
            https,
            holidays: raw.holidays,
            default_office: raw.default_office,
            db_max_connections: raw.db_max_connections,
            workers,
        })
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_use_sqlite_in_the_data_dir() {
        let config = Config::check(RawSettings::default());
        assert!(
            config.as_ref().is_ok_and(|c| c.database_url == "sqlite://./data/intake.db?mode=rwc" && !c.is_postgres())
        );
    }

    #[test]
    fn a_bad_value_names_its_key() {
        let raw = RawSettings { bind: "nowhere".into(), ..RawSettings::default() };
        let message = Config::check(raw).map(|_| ()).map_err(|e| e.to_string());
        assert!(message.as_ref().is_err_and(|m| m.starts_with("invalid setting INTAKE_BIND:")), "{message:?}");
        let raw = RawSettings { log_format: "xml".into(), ..RawSettings::default() };
        assert!(Config::check(raw).is_err_and(|e| e.key == "INTAKE_LOG_FORMAT"));
        let raw = RawSettings { receipt_key: Some("short".into()), ..RawSettings::default() };
        assert!(Config::check(raw).is_err_and(|e| e.key == "INTAKE_RECEIPT_KEY"));
        let raw = RawSettings { trusted_proxies: vec!["10.0.0.0/40".into()], ..RawSettings::default() };
        assert!(Config::check(raw).is_err_and(|e| e.key == "INTAKE_TRUSTED_PROXIES"));
        let raw = RawSettings { proxy_header: "x-real-ip".into(), ..RawSettings::default() };
        assert!(Config::check(raw).is_err_and(|e| e.key == "INTAKE_PROXY_HEADER"));
        let raw = RawSettings { jobs_tick_seconds: 0, ..RawSettings::default() };
        assert!(Config::check(raw).is_err_and(|e| e.key == "INTAKE_JOBS_TICK_SECONDS"));
    }

    #[test]
    fn trusted_proxies_from_one_string() {
        let raw: Result<RawSettings, _> = Figment::from(Serialized::defaults(RawSettings::default()))
            .merge(Serialized::default("trusted_proxies", "127.0.0.1, 10.0.0.0/8"))
            .extract();
        let config = raw.map_err(|e| e.to_string()).and_then(|r| Config::check(r).map_err(|e| e.to_string()));
        assert!(config.is_ok_and(|c| c.proxies.trusted.contains([10, 1, 2, 3].into())));
    }

    #[test]
    fn mail_urls() {
        let dir = std::path::Path::new("/data");
        assert_eq!(mail_transport(None, dir).ok(), Some(MailTransportConfig::File("/data/mail".into())));
        assert_eq!(mail_transport(Some("log:"), dir).ok(), Some(MailTransportConfig::Log));
        assert_eq!(
            mail_transport(Some("smtp://relay:25?tls=none"), dir).ok(),
            Some(MailTransportConfig::Smtp("smtp://relay:25".into()))
        );
        assert_eq!(
            mail_transport(Some("smtp://u:p@relay:587"), dir).ok(),
            Some(MailTransportConfig::Smtp("smtp://u:p@relay:587?tls=opportunistic".into()))
        );
        assert!(mail_transport(Some("smtps://relay"), dir).is_ok());
        assert!(mail_transport(Some("smtp://relay?tls=maybe"), dir).is_err_and(|e| e.key == "INTAKE_MAIL_URL"));
        assert!(mail_transport(Some("http://relay"), dir).is_err());
    }

    #[test]
    fn holidays_parse_from_one_string_or_a_list() {
        let from_text: Result<RawSettings, _> = Figment::from(Serialized::defaults(RawSettings::default()))
            .merge(Serialized::default("holidays", "2026-10-01, 2026-10-02"))
            .extract();
        assert_eq!(from_text.map(|r| r.holidays.len()).ok(), Some(2));
        let bad_date: Result<RawSettings, _> = Figment::from(Serialized::defaults(RawSettings::default()))
            .merge(Serialized::default("holidays", "2026-13-01"))
            .extract();
        assert!(bad_date.is_err());
    }
}
