//! Runs every job once per period, in every `intake serve` and `intake worker`. Each tick, for
//! each job, the instance claims the job's current period with a row in `job_runs`; only the
//! instance whose INSERT took the primary key runs it, so any number of instances may tick.
//!
//! A run that fails is logged and its error recorded in its row (`finished_at` set, `report` the
//! error); it is not retried in the same period, because the row stays and the next claim is the
//! next period's. An instance that dies mid-run leaves its row unfinished, with the same effect.

use super::{Job, Report};
use crate::service::AppState;
use crate::store;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// A job this instance claimed and ran in a tick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ran {
    pub job: Job,
    pub period: String,
    /// The report, or the error the run failed with.
    pub outcome: Result<Report, String>,
}

/// Who claims: host and process id, stored in `job_runs.instance`.
pub fn instance() -> &'static str {
    static INSTANCE: OnceLock<String> = OnceLock::new();
    INSTANCE.get_or_init(|| {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .or_else(|| std::env::var("HOSTNAME").ok())
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "unknown-host".to_owned());
        format!("{host}:{}", std::process::id())
    })
}

/// One tick: each job whose current period no instance has claimed yet is claimed and run, one
/// after the other. Returns what this instance ran.
pub async fn tick(state: &AppState) -> Vec<Ran> {
    let now = state.clock.now();
    let mut ran = Vec::new();
    for job in Job::ALL {
        let period = job.period().key(now);
        match store::jobs::claim(&state.db, job.name(), &period, instance(), now).await {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => {
                tracing::warn!(job = job.name(), period, error = %e, "cannot claim the job's period; trying at the next tick");
                continue;
            }
        }
        let outcome = job.run_once(state, now).await.map_err(|e| e.to_string());
        let recorded = match &outcome {
            Ok(report) => {
                if report.is_idle() {
                    tracing::debug!(job = job.name(), period, %report, "job ran");
                } else {
                    tracing::info!(job = job.name(), period, %report, "job ran");
                }
                report.to_string()
            }
            Err(error) => {
                tracing::warn!(job = job.name(), period, error, "job failed; it runs again next period");
                format!("failed: {error}")
            }
        };
        if let Err(e) = store::jobs::finish(&state.db, job.name(), &period, state.clock.now(), &recorded).await {
            tracing::warn!(job = job.name(), period, error = %e, "cannot record the end of the job's run");
        }
        ran.push(Ran { job, period, outcome });
    }
    ran
}

/// Ticks at once, then every `every`, forever.
pub async fn run(state: Arc<AppState>, every: Duration) {
    let mut interval = tokio::time::interval(every);
    // After a long tick (or a suspended machine), one tick now rather than a burst.
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        tick(&state).await;
    }
}

/// Runs [`run`] in the background.
pub fn spawn(state: Arc<AppState>, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(run(state, every))
}
