//! The use cases. Each runs in one transaction where it writes, and is shared by the JSON API and
//! the HTML pages.

pub mod admin;
pub mod auth;
pub mod case_page;
pub mod cases;
pub mod catalog;
pub mod complaint_input;
pub mod directory;
pub mod document_draft;
pub mod documents;
pub mod error;
pub mod evidence;
pub mod export;
pub mod filing_writer;
pub mod leads;
pub mod office_mail;
pub mod outbox;
pub mod routing;
pub mod staff;
pub mod stats;
pub mod submit;
pub mod time_format;
pub mod track;
pub mod validation;
pub mod views;
pub mod worker_message;

use crate::clock::Clock;
use crate::domain::deadline::WorkCalendar;
use crate::secrets::Secrets;
use directory::Directory;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

pub use error::ServiceError;

/// What every use case needs: the database, the cached directory, the secrets, the clock and the
/// data directory (where evidence files are kept).
pub struct AppState {
    pub db: DatabaseConnection,
    pub directory: Directory,
    pub secrets: Secrets,
    pub clock: Arc<dyn Clock>,
    pub calendar: WorkCalendar,
    /// The office that takes what no routing rule matches.
    pub default_office_id: i64,
    pub mail: crate::notify::MailContext,
    /// How long staff tokens live.
    pub token_ttl: chrono::Duration,
    /// `INTAKE_DATA_DIR`: evidence files live in its `attachments` folder.
    pub data_dir: std::path::PathBuf,
    /// When complaints that share one cause become a public-interest lead.
    pub leads: crate::config::LeadSettings,
    /// Group commit of new complaints (SQLite only; see `filing_writer`).
    pub filing_writer: filing_writer::FilingWriter,
    /// The routing rules and offices in memory (see `routing::RoutingCache`).
    pub routing: routing::RoutingCache,
    /// Failed sign-ins per email and address (see `auth::LoginThrottle`).
    pub login_throttle: auth::LoginThrottle,
    /// Wrong receipt codes per complaint reference this minute, from any address: guessing one
    /// complaint's code from many addresses stops at the limit (see `track::open`).
    pub receipt_failures: crate::limits::WindowCounter<String>,
}
