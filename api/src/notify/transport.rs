//! Where mail goes, chosen by INTAKE_MAIL_URL: SMTP (pooled connections), a directory of .eml
//! files (the local default), or the log.

use crate::config::MailTransportConfig;
use crate::store::entity::outbox_message;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

/// Pooled SMTP connections, and so messages sent at once.
pub const SMTP_CONNECTIONS: u32 = 16;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(PathBuf),
    Log,
}

#[derive(Debug, thiserror::Error)]
#[error("mail transport: {0}")]
pub struct TransportError(String);

impl Transport {
    pub fn from_config(config: &MailTransportConfig) -> Result<Self, TransportError> {
        Ok(match config {
            MailTransportConfig::Smtp(url) => Self::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| TransportError(e.to_string()))?
                    .timeout(Some(Duration::from_secs(20)))
                    .pool_config(PoolConfig::new().max_size(SMTP_CONNECTIONS).idle_timeout(Duration::from_secs(60)))
                    .build(),
            ),
            MailTransportConfig::File(dir) => Self::File(dir.clone()),
            MailTransportConfig::Log => Self::Log,
        })
    }

    /// Builds the message of an outbox row: its stable Message-ID, so that a resend after a
    /// crash is recognisable as the same message.
    pub fn build(row: &outbox_message::Model, from: &Mailbox) -> Result<Message, String> {
        let to: Mailbox = row.to_address.parse().map_err(|e| format!("bad recipient address: {e}"))?;
        Message::builder()
            .from(from.clone())
            .to(to)
            .subject(row.subject.clone())
            .message_id(Some(row.message_id.clone()))
            .date_now()
            .multipart(MultiPart::alternative_plain_html(row.body_text.clone(), row.body_html.clone()))
            .map_err(|e| format!("cannot build the message: {e}"))
    }

    /// Sends one outbox row; the error text is what the attempt records.
    pub async fn send(&self, row: &outbox_message::Model, from: &Mailbox) -> Result<(), String> {
        let message = Self::build(row, from)?;
        match self {
            Self::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Self::File(dir) => {
                let name: String = row.message_id.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
                let path = dir.join(format!("{}-{name}.eml", row.id));
                let temporary = dir.join(format!(".{}-{name}.tmp", row.id));
                let bytes = message.formatted();
                let write = async {
                    tokio::fs::create_dir_all(dir).await?;
                    tokio::fs::write(&temporary, &bytes).await?;
                    tokio::fs::rename(&temporary, &path).await
                };
                write.await.map_err(|e| format!("cannot write {}: {e}", path.display()))
            }
            Self::Log => {
                tracing::info!(outbox_id = row.id, kind = %row.kind, subject = %row.subject, "mail (log transport, not delivered)");
                Ok(())
            }
        }
    }
}
