//! Regression tests of the security review's findings, one file per finding: each failed on the
//! code before its fix. (Finding 2's memory figure is measured on the real binary in
//! `api/tests/upload_memory.rs`.)

mod finding01_form_receipt;
mod finding02_upload_checks_first;
mod finding03_proxy;
mod finding04_redirect;
mod finding05_lockout;
mod finding06_copied_office;
mod finding07_disabled_office;
mod finding08_messages;
mod finding09_text;
mod finding10_pdf;
mod finding11_https;
