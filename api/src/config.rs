//! Layered settings: built-in defaults < intake.toml < INTAKE_* environment variables. Every
//! value is checked at start-up; a bad one stops the process with one line naming the key.

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
    /// Public holidays (YYYY-MM-DD) that deadlines skip besides weekends.
    #[serde(deserialize_with = "date_list")]
    pub holidays: Vec<NaiveDate>,
    /// The code of the office that takes what no routing rule matches.
    pub default_office: String,
    pub db_max_connections: Option<u32>,
    pub workers: Option<usize>,
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
            holidays: Vec::new(),
            default_office: "CN-INTAKE".into(),
            db_max_connections: None,
            workers: None,
        }
    }
}

/// Accepts a list or one comma-separated string, as environment variables can only be text.
fn date_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        List(Vec<String>),
    }
    let items = match Raw::deserialize(d)? {
        Raw::Text(s) => s.split(',').map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect(),
        Raw::List(v) => v,
    };
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
    pub holidays: Vec<NaiveDate>,
    pub default_office: String,
    pub db_max_connections: Option<u32>,
    pub workers: usize,
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
        Ok(Self {
            bind,
            database_url,
            data_dir: raw.data_dir,
            public_url,
            jwt_secret: raw.jwt_secret,
            receipt_key: raw.receipt_key,
            log: raw.log,
            log_format,
            rate_limit_per_minute: raw.rate_limit_per_minute,
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
