//! The use cases. Each runs in one transaction where it writes, and is shared by the JSON API and
//! the HTML pages.

pub mod admin;
pub mod audit;
pub mod case;
pub mod complaint;
pub mod deadline;
pub mod directory;
pub mod document;
pub mod error;
pub mod lead;
pub mod office_mail;
pub mod outbox;
pub mod problem_code;
pub mod routing;
pub mod staff;
pub mod stats;
pub mod text;
pub mod time_format;

pub use crate::app::AppState;
pub use error::ServiceError;
pub use problem_code::ProblemCode;
