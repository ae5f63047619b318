//! The periodic jobs: each runs once per period however many instances tick, the digest mails
//! each office with overdue cases once a day.

use intake::clock::Clock;
use intake::jobs::scheduler::{self, Ran};
use intake::jobs::{Job, Report};
use intake::store::entity::{job_run, outbox_message};
use intake_tests::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

/// An app whose scheduler ticks at start and then not for an hour, once that first tick is done:
/// from then on only the test's own ticks run jobs.
async fn app_after_first_tick(backend: Backend) -> TestApp {
    let app = spawn_app_with(backend, |raw| raw.jobs_tick_seconds = 3600).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let rows = job_run::Entity::find().filter(job_run::Column::FinishedAt.is_not_null()).all(&app.state.db).await;
        if rows.is_ok_and(|rows| rows.len() == Job::ALL.len()) {
            return app;
        }
        if std::time::Instant::now() > deadline {
            panic!("the scheduler's first tick did not finish");
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

fn jobs_of(ran: &[Ran]) -> Vec<(Job, &str)> {
    ran.iter().map(|r| (r.job, r.period.as_str())).collect()
}

async fn rows(app: &TestApp, job: Job) -> Vec<job_run::Model> {
    job_run::Entity::find().filter(job_run::Column::Job.eq(job.name())).all(&app.state.db).await.unwrap_or_default()
}

async fn a_claimed_period_does_not_run_again(backend: Backend) {
    let app = app_after_first_tick(backend).await;
    // The first tick at start claimed and ran both jobs' periods: the start day in China, and
    // the ten minutes from 02:00 UTC.
    let digest = rows(&app, Job::Digest).await;
    assert_eq!(digest.iter().map(|r| r.period.as_str()).collect::<Vec<_>>(), ["2026-06-15"]);
    assert_eq!(digest[0].report.as_deref(), Some("overdue digest queued for 0 office(s)"));
    assert!(digest[0].instance.ends_with(&format!(":{}", std::process::id())), "{}", digest[0].instance);
    let expiry = rows(&app, Job::IdempotencyExpiry).await;
    assert_eq!(expiry.iter().map(|r| r.period.as_str()).collect::<Vec<_>>(), ["2026-06-15T02:00Z"]);

    assert!(scheduler::tick(&app.state).await.is_empty(), "both periods are taken");
    app.clock.advance(chrono::Duration::minutes(9));
    assert!(scheduler::tick(&app.state).await.is_empty(), "still the same periods");
    app.clock.advance(chrono::Duration::minutes(1));
    let ran = scheduler::tick(&app.state).await;
    assert_eq!(jobs_of(&ran), [(Job::IdempotencyExpiry, "2026-06-15T02:10Z")], "only the expiry has a new period");
    assert_eq!(ran[0].outcome, Ok(Report::IdempotencyExpiry { deleted: 0 }));
    assert_eq!(rows(&app, Job::IdempotencyExpiry).await.len(), 2);

    // Another instance has claimed tomorrow's digest (and may still be running it): not run here.
    let tomorrow = app.clock.now() + chrono::Duration::days(1);
    assert!(
        intake::store::jobs::claim(&app.state.db, "digest", "2026-06-16", "elsewhere:1", tomorrow)
            .await
            .unwrap_or(false)
    );
    app.clock.advance(chrono::Duration::days(1));
    let ran = scheduler::tick(&app.state).await;
    assert_eq!(jobs_of(&ran), [(Job::IdempotencyExpiry, "2026-06-16T02:10Z")]);
    let digest = rows(&app, Job::Digest).await;
    let other = digest.iter().find(|r| r.period == "2026-06-16");
    assert!(other.is_some_and(|r| r.instance == "elsewhere:1" && r.finished_at.is_none()), "{digest:?}");
}
db_test!(a_claimed_period_does_not_run_again, a_claimed_period_does_not_run_again);

async fn the_digest_job_mails_each_overdue_office_once_a_day(backend: Backend) {
    let app = app_after_first_tick(backend).await;
    // Two cases for the labour inspection of 琅琊区 (滁州), one for that of 朝阳区 (北京).
    for region in ["341102", "341102", "110105"] {
        let mut body = valid_complaint();
        body["region_code"] = json!(region);
        let filed = app.file(&body).await;
        assert_eq!(filed.status, 201, "{}", filed.text);
    }
    let digests = || async {
        let mut to: Vec<String> = outbox_message::Entity::find()
            .filter(outbox_message::Column::Kind.eq("overdue_digest"))
            .all(&app.state.db)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|m| m.to_address)
            .collect();
        to.sort();
        to
    };

    app.clock.advance(chrono::Duration::days(8)); // Tuesday 23 June, the day after the deadline.
    let ran = scheduler::tick(&app.state).await;
    let digest: Vec<&Ran> = ran.iter().filter(|r| r.job == Job::Digest).collect();
    assert_eq!(digest.len(), 1, "{ran:?}");
    assert_eq!((digest[0].period.as_str(), &digest[0].outcome), ("2026-06-23", &Ok(Report::Digest { offices: 2 })));
    assert_eq!(digests().await, ["labour-inspection.110105@example.org", "labour-inspection.341102@example.org"]);
    let row = rows(&app, Job::Digest).await.into_iter().find(|r| r.period == "2026-06-23");
    assert_eq!(row.and_then(|r| r.report), Some("overdue digest queued for 2 office(s)".to_owned()));

    assert!(scheduler::tick(&app.state).await.iter().all(|r| r.job != Job::Digest), "once a day");
    // Run at once, outside the schedule (`intake jobs run digest`): the offices' own daily claim
    // keeps a second digest from going out.
    let again = Job::Digest.run_once(&app.state, app.clock.now()).await.map_err(|e| e.to_string());
    assert_eq!(again, Ok(Report::Digest { offices: 0 }));
    assert_eq!(digests().await.len(), 2);

    app.clock.advance(chrono::Duration::days(1));
    let ran = scheduler::tick(&app.state).await;
    let digest: Vec<&Ran> = ran.iter().filter(|r| r.job == Job::Digest).collect();
    assert_eq!(digest.len(), 1, "the next day again: {ran:?}");
    assert_eq!((digest[0].period.as_str(), &digest[0].outcome), ("2026-06-24", &Ok(Report::Digest { offices: 2 })));
    assert_eq!(digests().await.len(), 4);
}
db_test!(the_digest_job_mails_each_overdue_office_once_a_day, the_digest_job_mails_each_overdue_office_once_a_day);
