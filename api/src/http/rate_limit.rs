//! Per-client-address limits on filing and on receipt look-ups: a fixed window of one minute.
//! Kept in process memory on purpose: a limit per instance is enough to stop guessing receipt
//! codes and flooding, and it needs nothing shared.

use crate::clock::Clock;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

pub struct RateLimiter {
    per_minute: u32,
    clock: Arc<dyn Clock>,
    windows: Mutex<HashMap<IpAddr, (i64, u32)>>,
}

/// Beyond this many tracked addresses, the ones from past windows are dropped.
const MAX_TRACKED: usize = 100_000;

/// IPv6 clients are counted per /64: one subscriber usually holds a whole /64.
fn bucket(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => {
            let mut octets = v6.octets();
            octets[8..].fill(0);
            IpAddr::from(octets)
        }
        v4 => v4,
    }
}

impl RateLimiter {
    pub fn new(per_minute: u32, clock: Arc<dyn Clock>) -> Self {
        Self { per_minute, clock, windows: Mutex::new(HashMap::new()) }
    }

    /// Counts one request; `Err(seconds)` says how long to wait when over the limit.
    pub fn check(&self, ip: IpAddr) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let now = self.clock.now().timestamp();
        let window = now.div_euclid(60);
        let retry_after = u64::try_from(60 - now.rem_euclid(60)).unwrap_or(60);
        let Ok(mut windows) = self.windows.lock() else {
            return Ok(());
        };
        if windows.len() > MAX_TRACKED {
            windows.retain(|_, (w, _)| *w == window);
        }
        let entry = windows.entry(bucket(ip)).or_insert((window, 0));
        if entry.0 != window {
            *entry = (window, 0);
        }
        if entry.1 >= self.per_minute {
            return Err(retry_after);
        }
        entry.1 += 1;
        Ok(())
    }
}

pub struct RateLimits {
    pub filing: RateLimiter,
    pub lookup: RateLimiter,
    /// Sign-in attempts per address, on top of the per-account lock-out.
    pub login: RateLimiter,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use chrono::{TimeZone, Utc};

    #[test]
    fn limits_per_address_per_minute() {
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 29, 10, 0, 10).single().unwrap_or_default());
        let limiter = RateLimiter::new(2, Arc::new(clock.clone()));
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        assert_eq!(limiter.check(a), Ok(()));
        assert_eq!(limiter.check(a), Ok(()));
        assert_eq!(limiter.check(a), Err(50));
        assert_eq!(limiter.check(b), Ok(()), "another address has its own count");
        clock.advance(chrono::Duration::seconds(50));
        assert_eq!(limiter.check(a), Ok(()), "a new minute starts afresh");
    }

    #[test]
    fn zero_turns_it_off() {
        let limiter = RateLimiter::new(0, Arc::new(crate::clock::SystemClock));
        for _ in 0..1000 {
            assert_eq!(limiter.check([10, 0, 0, 1].into()), Ok(()));
        }
    }
}
