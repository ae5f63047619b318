//! Several instances on one PostgreSQL database: two `intake worker` processes tick the jobs'
//! scheduler every second, and each job still runs once per period. Runs only when
//! INTAKE_TEST_POSTGRES_URL is set (CI sets it); the test makes and drops its own database.

// A test may stop with a message when the binary or the database cannot be used.
#![allow(clippy::panic)]

use chrono::Utc;
use intake::jobs::Job;
use intake::store::entity::job_run;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, EntityTrait};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const RECEIPT_KEY: &str = "jobs-test-receipt-key-0123456789abcdef0123";
const JWT_SECRET: &str = "jobs-test-jwt-secret-0123456789abcdef01234";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("cannot start a runtime: {e}"))
}

/// The server URL with another database name.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let base = base[authority_end..].find('/').map_or(base, |i| &base[..authority_end + i]);
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// The test's database and data directories, dropped and removed also when the test fails.
struct Scratch {
    admin_url: String,
    name: String,
    dir: PathBuf,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let (url, name) = (self.admin_url.clone(), self.name.clone());
        // On a thread of its own: a runtime cannot be started inside another.
        let dropped = std::thread::spawn(move || {
            runtime().block_on(async {
                let admin = Database::connect(url).await.map_err(|e| e.to_string())?;
                let result =
                    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).await;
                let _ = admin.close().await;
                result.map(|_| ()).map_err(|e| e.to_string())
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("cannot drop the test database {}: {dropped:?}", self.name);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Worker processes, killed with this value.
struct Workers(Vec<Child>);

impl Drop for Workers {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn intake(database_url: &str, data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_intake"));
    command
        .env("INTAKE_DATABASE_URL", database_url)
        .env("INTAKE_DATA_DIR", data_dir)
        .env("INTAKE_RECEIPT_KEY", RECEIPT_KEY)
        .env("INTAKE_JWT_SECRET", JWT_SECRET)
        .env("INTAKE_MAIL_URL", "log:")
        .env("INTAKE_LOG", "warn")
        .env("INTAKE_JOBS_TICK_SECONDS", "1")
        .current_dir(std::env::temp_dir());
    command
}

fn run(command: &mut Command) -> Output {
    command.output().unwrap_or_else(|e| panic!("cannot run intake: {e}"))
}

async fn job_runs(url: &str) -> Vec<job_run::Model> {
    let db: DatabaseConnection = intake::store::connect(url, Some(1))
        .await
        .unwrap_or_else(|e| panic!("cannot connect to the test database: {e}"));
    let rows = job_run::Entity::find().all(&db).await.unwrap_or_else(|e| panic!("cannot read job_runs: {e}"));
    let _ = db.close().await;
    rows
}

#[test]
fn two_workers_run_each_job_once_per_period() {
    let Some(admin_url) = std::env::var("INTAKE_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty()) else {
        eprintln!(
            "INTAKE_TEST_POSTGRES_URL is not set: two_workers_run_each_job_once_per_period is skipped here (CI sets it)"
        );
        return;
    };
    let rt = runtime();
    let stamp = Utc::now().timestamp_subsec_nanos();
    let name = format!("intake_jobs_{}_{stamp}", std::process::id());
    let dir = std::env::temp_dir().join(&name);
    let _ = std::fs::remove_dir_all(&dir);
    rt.block_on(async {
        let admin = Database::connect(admin_url.as_str())
            .await
            .unwrap_or_else(|e| panic!("cannot connect to INTAKE_TEST_POSTGRES_URL: {e}"));
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap_or_else(|e| panic!("cannot create the test database: {e}"));
        let _ = admin.close().await;
    });
    let scratch = Scratch { admin_url: admin_url.clone(), name: name.clone(), dir: dir.clone() };
    let url = with_database(&admin_url, &name);

    let migrated = run(intake(&url, &dir.join("migrate")).arg("migrate"));
    assert!(migrated.status.success(), "{}", String::from_utf8_lossy(&migrated.stderr));

    // The whole run stays within one ten-minute period (and so one China date, whose midnight is
    // 16:00 UTC): a run that would straddle a boundary waits for it first.
    let into_period = Utc::now().timestamp().rem_euclid(600);
    if into_period > 570 {
        std::thread::sleep(Duration::from_secs(u64::try_from(601 - into_period).unwrap_or(31)));
    }
    let started = Utc::now();

    let mut workers = Workers(Vec::new());
    for i in 0..2 {
        let worker_dir = dir.join(format!("worker{i}"));
        let _ = std::fs::create_dir_all(&worker_dir);
        let log = std::fs::File::create(worker_dir.join("output.log"))
            .unwrap_or_else(|e| panic!("cannot create the worker's log: {e}"));
        let err = log.try_clone().unwrap_or_else(|e| panic!("{e}"));
        let child = intake(&url, &worker_dir)
            .arg("worker")
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(err))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start intake worker: {e}"));
        workers.0.push(child);
    }
    let pids: Vec<String> = workers.0.iter().map(|c| format!(":{}", c.id())).collect();
    let output = |i: usize| std::fs::read_to_string(dir.join(format!("worker{i}/output.log"))).unwrap_or_default();

    // Until the first runs are recorded, then a few ticks more of both.
    let deadline = Instant::now() + Duration::from_secs(60);
    while rt.block_on(job_runs(&url)).iter().filter(|r| r.finished_at.is_some()).count() < Job::ALL.len() {
        if Instant::now() > deadline {
            panic!("no job ran within a minute:\n{}\n{}", output(0), output(1));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(4));
    for (i, child) in workers.0.iter_mut().enumerate() {
        if !matches!(child.try_wait(), Ok(None)) {
            panic!("worker {i} stopped:\n{}", output(i));
        }
    }
    let stopped = Utc::now();
    drop(workers);

    let rows = rt.block_on(job_runs(&url));
    for job in Job::ALL {
        let period = job.period().key(stopped);
        assert_eq!(job.period().key(started), period, "the test outlasted the period");
        let of_job: Vec<&job_run::Model> = rows.iter().filter(|r| r.job == job.name()).collect();
        assert_eq!(of_job.len(), 1, "{} ran once: {of_job:?}", job.name());
        let row = of_job[0];
        assert_eq!(row.period, period);
        assert!(pids.iter().any(|pid| row.instance.ends_with(pid.as_str())), "claimed by a worker: {row:?}");
        assert!(row.finished_at.is_some(), "{row:?}");
        assert!(row.report.as_deref().is_some_and(|r| !r.starts_with("failed")), "{row:?}");
    }

    // At once, outside the schedule, against the same database.
    let manual = run(intake(&url, &dir.join("manual")).args(["jobs", "run", "digest"]));
    let stdout = String::from_utf8_lossy(&manual.stdout);
    assert!(manual.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&manual.stderr));
    assert_eq!(stdout.trim(), "digest: overdue digest queued for 0 office(s)");
    assert_eq!(rt.block_on(job_runs(&url)).len(), rows.len(), "a run at once claims no period");
    drop(scratch);
}
