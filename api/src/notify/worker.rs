//! The delivery loop: claims due messages, sends them a few at a time over pooled connections,
//! and records every attempt. A failed attempt is retried with exponential backoff and jitter;
//! after the configured number of attempts the message is marked failed for an administrator.
//!
//! A crash after a message was sent but before that was recorded sends it once more when its
//! lease expires: mail may be duplicated, never lost.

use super::templates::RECEIPT_PLACEHOLDER;
use super::transport::Transport;
use crate::clock::Clock;
use crate::secrets::Secrets;
use crate::secrets::random_bytes;
use crate::store;
use crate::store::entity::outbox_message;
use crate::store::outbox::AttemptResult;
use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt;
use lettre::message::Mailbox;
use sea_orm::DbErr;
use std::sync::Arc;

/// What the delivery loop needs of the application, and no more: the outbox's database, the time
/// and the key that opens sealed secrets (the worker's own receipt code in their receipt mail).
pub trait Outbox: Send + Sync + 'static {
    fn db(&self) -> &store::Db;
    fn clock(&self) -> &dyn Clock;
    fn secrets(&self) -> &Secrets;
}

pub struct Mailer {
    pub transport: Transport,
    pub from: Mailbox,
    pub max_attempts: u32,
    pub poll_interval: std::time::Duration,
    /// Messages claimed per pass.
    pub batch: u64,
    /// Messages sent at once.
    pub concurrency: usize,
    /// How long a claim holds before another loop may take the message.
    pub lease: Duration,
}

impl Mailer {
    pub fn new(transport: Transport, config: &crate::config::MailConfig) -> Self {
        Self {
            transport,
            from: config.from.clone(),
            max_attempts: config.max_attempts,
            poll_interval: config.poll_interval,
            batch: 64,
            // Each SMTP message waits on the network for tens of milliseconds (Nagle's algorithm
            // meets delayed ACKs at the end of DATA), so throughput comes from sending many at
            // once: 16 is what the transport's connection pool holds.
            concurrency: super::transport::SMTP_CONNECTIONS as usize,
            lease: Duration::from_std(config.lease).unwrap_or(Duration::minutes(5)),
        }
    }
}

/// 30 s, 1 min, 2 min … doubling up to 6 hours, each ±20 %: with 12 attempts, about a day.
pub fn backoff(attempts: i32, jitter: u8) -> Duration {
    let exponent = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(0);
    let base = 30i64.saturating_mul(1i64 << exponent).min(6 * 3600);
    let factor = 0.8 + 0.4 * f64::from(jitter) / 255.0;
    Duration::milliseconds((base as f64 * 1000.0 * factor) as i64)
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub claimed: usize,
    pub sent: usize,
    pub failed_attempts: usize,
}

/// One pass over the due messages: what tests and `intake worker` drain on demand.
pub async fn deliver_due<S: Outbox>(state: &S, mailer: &Mailer) -> Result<Pass, DbErr> {
    let now: DateTime<Utc> = state.clock().now();
    let claimed = store::outbox::claim(state.db(), now, now + mailer.lease, mailer.batch).await?;
    let mut pass = Pass { claimed: claimed.len(), ..Pass::default() };
    let results: Vec<_> = futures_util::stream::iter(claimed)
        .map(|row| async move {
            let outcome = match with_secret(state.secrets(), &row) {
                Ok(ready) => mailer.transport.send(&ready, &mailer.from).await,
                Err(error) => Err(error),
            };
            (row, outcome)
        })
        .buffer_unordered(mailer.concurrency.max(1))
        .collect()
        .await;
    let now = state.clock().now();
    let mut attempts = Vec::with_capacity(results.len());
    for (row, outcome) in &results {
        let jitter = random_bytes::<1>().map(|b| b[0]).unwrap_or(128);
        match outcome {
            Ok(()) => pass.sent += 1,
            Err(error) => {
                pass.failed_attempts += 1;
                tracing::warn!(outbox_id = row.id, kind = %row.kind, attempt = row.attempts + 1, error = %error, "mail not delivered");
            }
        }
        attempts.push(AttemptResult {
            message: row,
            outcome: outcome.clone(),
            next_attempt_at: now + backoff(row.attempts.saturating_add(1), jitter),
        });
    }
    store::outbox::record_attempts(state.db(), attempts, now, mailer.max_attempts).await?;
    Ok(pass)
}

/// The message as it is sent: with the sealed secret, if any, unsealed into its text. Only this
/// copy, never the stored row, holds it.
fn with_secret(
    secrets: &crate::secrets::Secrets,
    row: &outbox_message::Model,
) -> Result<outbox_message::Model, String> {
    let (Some(nonce), Some(sealed)) = (&row.secret_nonce, &row.secret_sealed) else {
        return Ok(row.clone());
    };
    let secret = secrets
        .open_mail_secret(&row.message_id, nonce, sealed)
        .map_err(|_| "the sealed secret of this message cannot be opened (another server secret?)".to_owned())?;
    Ok(outbox_message::Model {
        body_text: row.body_text.replace(RECEIPT_PLACEHOLDER, &secret),
        body_html: row.body_html.replace(RECEIPT_PLACEHOLDER, &secret),
        ..row.clone()
    })
}

/// Runs forever: a pass, then a pause unless the pass was full (a backlog is drained at once).
pub async fn run<S: Outbox>(state: Arc<S>, mailer: Arc<Mailer>) {
    tracing::info!("mail delivery loop started");
    loop {
        match deliver_due(state.as_ref(), &mailer).await {
            Ok(pass) if pass.claimed as u64 >= mailer.batch => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "mail delivery pass failed; trying again"),
        }
        tokio::time::sleep(mailer.poll_interval).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_a_ceiling() {
        assert_eq!(backoff(1, 0), Duration::seconds(24));
        assert_eq!(backoff(1, 255), Duration::seconds(36));
        assert_eq!(backoff(2, 0), Duration::seconds(48));
        assert_eq!(backoff(30, 255), Duration::seconds(6 * 3600 * 12 / 10));
        let total: i64 = (1..=12).map(|a| backoff(a, 128).num_seconds()).sum();
        assert!((18 * 3600..=30 * 3600).contains(&total), "about a day over 12 attempts: {total}s");
    }
}
