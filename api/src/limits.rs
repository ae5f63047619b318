//! Counting events per key in fixed windows of time: requests per client address, failed
//! receipt-code look-ups per complaint, failed sign-ins per account and address. Kept in process
//! memory: a limit per instance is enough to stop guessing and flooding, and needs nothing shared.

use crate::clock::Clock;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Beyond this many tracked keys, the ones from past windows are dropped.
const MAX_TRACKED: usize = 100_000;

/// At most `limit` events per key in each window of `window_seconds`; 0 turns the limit off.
pub struct WindowCounter<K> {
    limit: u32,
    window_seconds: i64,
    clock: Arc<dyn Clock>,
    windows: Mutex<HashMap<K, (i64, u32)>>,
}

impl<K: Hash + Eq> WindowCounter<K> {
    pub fn new(limit: u32, window_seconds: u32, clock: Arc<dyn Clock>) -> Self {
        Self { limit, window_seconds: i64::from(window_seconds.max(1)), clock, windows: Mutex::new(HashMap::new()) }
    }

    pub fn per_minute(limit: u32, clock: Arc<dyn Clock>) -> Self {
        Self::new(limit, 60, clock)
    }

    /// The current window and the seconds until the next one starts.
    fn window(&self) -> (i64, u64) {
        let now = self.clock.now().timestamp();
        let window = now.div_euclid(self.window_seconds);
        let left = self.window_seconds - now.rem_euclid(self.window_seconds);
        (window, u64::try_from(left).unwrap_or(1))
    }

    /// A counter never holds the lock across a panic (nothing in here panics), so a poisoned
    /// lock still guards consistent counts.
    fn map(&self) -> MutexGuard<'_, HashMap<K, (i64, u32)>> {
        self.windows.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// This window's count for the key.
    fn count(map: &mut HashMap<K, (i64, u32)>, key: K, window: i64) -> &mut u32 {
        if map.len() > MAX_TRACKED {
            map.retain(|_, (w, _)| *w == window);
        }
        let entry = map.entry(key).or_insert((window, 0));
        if entry.0 != window {
            *entry = (window, 0);
        }
        &mut entry.1
    }

    /// Counts one event; `Err(seconds)` says how long to wait when the key is over the limit (the
    /// refused event is not counted).
    pub fn check(&self, key: K) -> Result<(), u64> {
        if self.limit == 0 {
            return Ok(());
        }
        let (window, left) = self.window();
        let mut map = self.map();
        let count = Self::count(&mut map, key, window);
        if *count >= self.limit {
            return Err(left);
        }
        *count += 1;
        Ok(())
    }

    /// Whether the key has reached the limit in this window, without counting anything.
    pub fn reached(&self, key: &K) -> Result<(), u64> {
        if self.limit == 0 {
            return Ok(());
        }
        let (window, left) = self.window();
        match self.map().get(key) {
            Some((w, n)) if *w == window && *n >= self.limit => Err(left),
            _ => Ok(()),
        }
    }

    /// Events of this window for the key.
    pub fn seen(&self, key: &K) -> u32 {
        let (window, _) = self.window();
        self.map().get(key).filter(|(w, _)| *w == window).map_or(0, |(_, n)| *n)
    }

    /// Counts one event whatever the count (a failure that happened).
    pub fn record(&self, key: K) {
        if self.limit == 0 {
            return;
        }
        let (window, _) = self.window();
        let mut map = self.map();
        let count = Self::count(&mut map, key, window);
        *count = count.saturating_add(1);
    }

    /// Forgets the key (a success ends a run of failures).
    pub fn clear(&self, key: &K) {
        self.map().remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use chrono::{TimeZone, Utc};

    fn clock() -> ManualClock {
        ManualClock::new(Utc.with_ymd_and_hms(2026, 11, 29, 10, 0, 10).single().unwrap_or_default())
    }

    #[test]
    fn limits_per_key_per_window() {
        let clock = clock();
        let counter = WindowCounter::per_minute(2, Arc::new(clock.clone()));
        assert_eq!(counter.check("a"), Ok(()));
        assert_eq!(counter.check("a"), Ok(()));
        assert_eq!(counter.check("a"), Err(50));
        assert_eq!(counter.check("b"), Ok(()), "another key has its own count");
        clock.advance(chrono::Duration::seconds(50));
        assert_eq!(counter.check("a"), Ok(()), "a new window starts afresh");
    }

    #[test]
    fn failures_recorded_then_reached_and_cleared() {
        let clock = clock();
        let counter = WindowCounter::new(3, 900, Arc::new(clock.clone()));
        for _ in 0..2 {
            counter.record("ref");
        }
        assert_eq!(counter.reached(&"ref"), Ok(()));
        counter.record("ref");
        assert!(counter.reached(&"ref").is_err());
        assert_eq!(counter.seen(&"ref"), 3);
        assert_eq!(counter.reached(&"other"), Ok(()));
        counter.clear(&"ref");
        assert_eq!(counter.reached(&"ref"), Ok(()));
    }

    #[test]
    fn zero_turns_it_off() {
        let counter = WindowCounter::per_minute(0, Arc::new(crate::clock::SystemClock));
        for _ in 0..1000 {
            assert_eq!(counter.check(1), Ok(()));
            counter.record(1);
        }
        assert_eq!(counter.reached(&1), Ok(()));
    }
}
