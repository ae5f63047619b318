//! Per-client-address limits on filing, receipt look-ups and sign-in: a fixed window of one
//! minute per address (see `crate::limits`). The address is the one `client_addr` resolved:
//! the TCP peer, or behind a trusted proxy the client the proxy names.

use crate::clock::Clock;
use crate::limits::WindowCounter;
use std::net::IpAddr;
use std::sync::Arc;

/// Requests per client address per minute.
pub struct RateLimiter(WindowCounter<IpAddr>);

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
        Self(WindowCounter::per_minute(per_minute, clock))
    }

    /// Counts one request; `Err(seconds)` says how long to wait when over the limit.
    pub fn check(&self, ip: IpAddr) -> Result<(), u64> {
        self.0.check(bucket(ip))
    }
}

pub struct RateLimits {
    pub filing: RateLimiter,
    pub lookup: RateLimiter,
    /// Sign-in attempts per address, on top of the per-account-and-address throttle.
    pub login: RateLimiter,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use chrono::{TimeZone, Utc};

    #[test]
    fn limits_per_address_and_per_ipv6_subnet() {
        let clock = ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 29, 10, 0, 10).single().unwrap_or_default());
        let limiter = RateLimiter::new(2, Arc::new(clock));
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        assert_eq!(limiter.check(a), Ok(()));
        assert_eq!(limiter.check(a), Ok(()));
        assert_eq!(limiter.check(a), Err(50));
        assert_eq!(limiter.check(b), Ok(()), "another address has its own count");
        let v6a: IpAddr = "2001:db8:1:2::1".parse().unwrap_or(a);
        let v6b: IpAddr = "2001:db8:1:2::ffff".parse().unwrap_or(b);
        assert_eq!(limiter.check(v6a), Ok(()));
        assert_eq!(limiter.check(v6b), Ok(()));
        assert_eq!(limiter.check(v6a), Err(50), "one /64 is one subscriber");
    }
}
