//! Worker complaint intake: gig and delivery workers file labour-rights complaints, which are
//! routed to the offices that must handle them.

pub mod app;
pub mod clock;
pub mod config;
pub mod domain;
pub mod http;
pub mod i18n;
pub mod jobs;
pub mod limits;
pub mod notify;
pub mod secrets;
pub mod service;
pub mod startup;
pub mod store;
pub mod telemetry;
