//! Failed sign-ins, counted in memory (see `LoginThrottle`).

use crate::clock::Clock;
use crate::limits::WindowCounter;
use std::net::IpAddr;
use std::sync::Arc;

/// Failed sign-ins for one email from one client address before that address must wait.
pub const MAX_FAILED_LOGINS: u32 = 5;
/// How long it waits (at most: the window is fixed).
pub const LOCK_MINUTES: u32 = 15;
/// Failed sign-ins for one email from all addresses together after which every further failure
/// is answered a second late. It slows a guesser down, never the right password.
const SLOW_AFTER_FAILURES: u32 = 20;
pub(crate) const SLOW_ANSWER: std::time::Duration = std::time::Duration::from_secs(1);

/// Failed sign-ins in memory, keyed by the email as typed (normalised) rather than by account, so
/// that an email with no account is throttled exactly like one with an account and the answers
/// never tell them apart. A stranger's failures slow down only the stranger's address: the
/// account is never locked against anyone else.
pub struct LoginThrottle {
    pub(crate) from_address: WindowCounter<(String, IpAddr)>,
    pub(crate) for_email: WindowCounter<String>,
}

impl LoginThrottle {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self {
            from_address: WindowCounter::new(MAX_FAILED_LOGINS, LOCK_MINUTES * 60, clock.clone()),
            for_email: WindowCounter::new(SLOW_AFTER_FAILURES, LOCK_MINUTES * 60, clock),
        }
    }
}
