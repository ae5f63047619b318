//! Email: what to send when something happens (written to the outbox in the same transaction),
//! and the delivery loop that sends it with retries.

pub mod messages;
pub mod templates;
pub mod transport;
pub mod worker;

/// What building a message needs from the deployment.
#[derive(Clone, Debug)]
pub struct MailContext {
    /// Links in emails start here, without a trailing slash.
    pub public_url: String,
    /// The domain of Message-IDs (the sender's domain).
    pub message_id_domain: String,
}
