//! Periodic background work. Each job is a use case, `run_once(&AppState, now)`, that does one
//! period's work and says what it did; [`Job`] lists them all with their names and periods, and
//! the [`scheduler`] runs each once per period across every instance that shares the database
//! (`intake serve` and `intake worker` both run it). `intake jobs run NAME` runs one at once.
//!
//! Jobs to come go into [`Job`] the same way, each with a file of its own here: the retention
//! purge (deleting records past their retention period, old `job_runs` rows among them) and the
//! roll-up of public-interest leads.

pub mod digest;
pub mod idempotency_expiry;
pub mod scheduler;

use crate::service::{AppState, ServiceError};
use chrono::{DateTime, Utc};
use std::fmt;

/// Every periodic job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// The daily overdue digest to each office with overdue cases.
    Digest,
    /// Deleting idempotency records after their 24 hours.
    IdempotencyExpiry,
}

impl Job {
    pub const ALL: [Job; 2] = [Job::Digest, Job::IdempotencyExpiry];

    /// The name in `intake jobs run NAME` and in `job_runs.job`.
    pub fn name(self) -> &'static str {
        match self {
            Job::Digest => "digest",
            Job::IdempotencyExpiry => "idempotency-expiry",
        }
    }

    pub fn from_name(name: &str) -> Option<Job> {
        Self::ALL.into_iter().find(|job| job.name() == name)
    }

    pub fn period(self) -> Period {
        match self {
            // Offices expect one digest a day, on the day as they count it.
            Job::Digest => Period::DailyInChina,
            // Records expire on their own time; ten minutes late is soon enough.
            Job::IdempotencyExpiry => Period::Minutes(10),
        }
    }

    pub async fn run_once(self, state: &AppState, now: DateTime<Utc>) -> Result<Report, ServiceError> {
        match self {
            Job::Digest => digest::run_once(state, now).await,
            Job::IdempotencyExpiry => idempotency_expiry::run_once(state, now).await,
        }
    }
}

/// How often a job runs: the scheduler runs it once per period key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// Once per date in China (UTC+8); the key is the date, `2026-06-15`.
    DailyInChina,
    /// Once per so many minutes of UTC time; the key is the start, `2026-06-15T02:10Z`.
    Minutes(u32),
}

impl Period {
    /// The key of the period `now` falls in. Keys sort as time does.
    pub fn key(self, now: DateTime<Utc>) -> String {
        match self {
            Period::DailyInChina => china_date(now).to_string(),
            Period::Minutes(minutes) => {
                let length = i64::from(minutes.max(1)) * 60;
                let start = now.timestamp() - now.timestamp().rem_euclid(length);
                DateTime::from_timestamp(start, 0).unwrap_or(now).format("%Y-%m-%dT%H:%MZ").to_string()
            }
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::DailyInChina => write!(f, "daily (China date)"),
            Period::Minutes(minutes) => write!(f, "every {minutes} minutes"),
        }
    }
}

/// What one run did: logged, stored in `job_runs.report` and printed by `intake jobs run`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Report {
    /// Offices whose overdue digest was queued.
    Digest { offices: usize },
    /// Expired idempotency records deleted.
    IdempotencyExpiry { deleted: u64 },
}

impl Report {
    /// Whether the run found nothing to do (logged at debug level only).
    pub fn is_idle(&self) -> bool {
        matches!(self, Report::Digest { offices: 0 } | Report::IdempotencyExpiry { deleted: 0 })
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Report::Digest { offices } => write!(f, "overdue digest queued for {offices} office(s)"),
            Report::IdempotencyExpiry { deleted } => write!(f, "{deleted} expired idempotency record(s) deleted"),
        }
    }
}

pub use crate::clock::china_date;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single().unwrap_or_default()
    }

    #[test]
    fn periods_are_china_dates_and_utc_ten_minute_slots() {
        // 15:59 UTC is 23:59 in China, 16:00 UTC already the next day there.
        assert_eq!(Period::DailyInChina.key(at(2026, 6, 15, 15, 59, 59)), "2026-06-15");
        assert_eq!(Period::DailyInChina.key(at(2026, 6, 15, 16, 0, 0)), "2026-06-16");
        assert_eq!(Period::Minutes(10).key(at(2026, 6, 15, 2, 0, 0)), "2026-06-15T02:00Z");
        assert_eq!(Period::Minutes(10).key(at(2026, 6, 15, 2, 9, 59)), "2026-06-15T02:00Z");
        assert_eq!(Period::Minutes(10).key(at(2026, 6, 15, 23, 59, 0)), "2026-06-15T23:50Z");
    }

    #[test]
    fn every_job_is_found_by_its_name() {
        for job in Job::ALL {
            assert_eq!(Job::from_name(job.name()), Some(job));
        }
        assert_eq!(Job::from_name("nope"), None);
    }
}
