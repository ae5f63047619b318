//! Black-box tests of the running service, driven over HTTP as a client would.

#![allow(clippy::panic, reason = "a test fails by panicking: `panic!` is how these tests say what went wrong")]

mod admin;
mod admin_calendar;
mod admin_directory;
mod attachments;
mod competence;
mod complaints;
mod concurrency;
mod console;
mod console_admin;
mod dashboard;
mod documents;
mod employment;
mod errors;
mod idempotency;
mod jobs;
mod leads;
mod logging;
mod mail;
mod messages;
mod pages;
mod public;
mod routing;
mod security;
mod staff;
mod stats;
mod upgrade;
mod validation;
