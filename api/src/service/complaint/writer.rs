//! Group commit of new complaints.
//!
//! One transaction per complaint caps filing at the rate the database can commit and at the
//! statements it can run one by one: on SQLite, with one writer at a time and `synchronous=FULL`,
//! every commit waits for the disk; on PostgreSQL every complaint paid a dozen round trips and a
//! WAL flush of its own. Here one task takes every filing that is waiting, writes them all in one
//! transaction with multi-row statements and commits once; each request is answered only after
//! that commit, so an acknowledged complaint is as durable as before. Under light load a batch
//! holds one filing and nothing waits longer than it did. Several instances on one PostgreSQL
//! each run their own writer; what their batches race for (an Idempotency-Key, the lead of a
//! cause) is kept unique by the database, and the loser's filings are written again one by one.
//! Measured with tests/bench/run.sh: the README has the figures.

use super::filing::{Filing, Job};
use crate::service::AppState;
use crate::service::error::is_unavailable;
use crate::store;
use crate::store::complaints::NewComplaint;
use crate::store::outbox::NewMessage;
use sea_orm::DatabaseTransaction;
use sea_orm::DbErr;
use sea_orm::error::ConnAcquireErr;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// How many filings one transaction takes at most: enough to amortise a flush, few enough that
/// the write lock is never held long (readers are not blocked by it in WAL mode, but other writers
/// such as the console are).
const MAX_BATCH: usize = 256;

/// How many filings may wait for the writer before new requests wait to hand theirs over.
const QUEUE: usize = 4096;

/// Starts the writer. Without it (a state built for a tool) each filing commits in a
/// transaction of its own.
pub fn start(state: Arc<AppState>) {
    let (sender, receiver) = mpsc::channel(QUEUE);
    if state.filing_writer.sender.set(sender).is_ok() {
        tokio::spawn(run(state, receiver));
    }
}

/// Stores one filing, through the writer when there is one.
pub async fn store(state: &AppState, filing: Filing) -> Result<(), DbErr> {
    let Some(sender) = state.filing_writer.sender.get() else {
        return write_alone(state, &filing).await;
    };
    let (reply, answer) = oneshot::channel();
    if let Err(mpsc::error::SendError(job)) = sender.send(Job { filing, reply }).await {
        // The writer is gone (the runtime is shutting down): write it here rather than lose it.
        return write_alone(state, &job.filing).await;
    }
    answer.await.map_err(|_| DbErr::Custom("the filing writer stopped before answering".into()))?
}

async fn write_alone(state: &AppState, filing: &Filing) -> Result<(), DbErr> {
    let txn = store::begin_write(&state.db).await?;
    write_all(state, &txn, &[filing]).await?;
    txn.commit().await
}

async fn run(state: Arc<AppState>, mut receiver: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    // What arrived while the last batch was being written forms the next one.
    while receiver.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        if jobs.len() == 1
            && let Some(job) = jobs.pop()
        {
            let result = write_alone(&state, &job.filing).await;
            let _ = job.reply.send(result);
            continue;
        }
        match write_batch(&state, &jobs).await {
            Ok(()) => {
                for job in jobs.drain(..) {
                    // The requester may have gone (client disconnected); its complaint is stored.
                    let _ = job.reply.send(Ok(()));
                }
            }
            Err(err) if is_unavailable(&err) => {
                // The database is away: every filing gets the same "try again" (503) at once,
                // rather than each waiting out the pool's timeout again in turn.
                let mut err = Some(err);
                for job in jobs.drain(..) {
                    let _ =
                        job.reply.send(Err(err.take().unwrap_or(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout))));
                }
            }
            Err(err) => {
                // One filing failed (say, a reused Idempotency-Key that lost a race) and took the
                // batch with it: each is written again on its own, so only that one sees an error.
                tracing::debug!(error = %err, size = jobs.len(), "batch rolled back; writing one by one");
                for job in jobs.drain(..) {
                    let result = write_alone(&state, &job.filing).await;
                    let _ = job.reply.send(result);
                }
            }
        }
    }
}

async fn write_batch(state: &AppState, jobs: &[Job]) -> Result<(), DbErr> {
    let filings: Vec<&Filing> = jobs.iter().map(|j| &j.filing).collect();
    let txn = store::begin_write(&state.db).await?;
    if let Err(err) = write_all(state, &txn, &filings).await {
        txn.rollback().await?;
        return Err(err);
    }
    txn.commit().await
}

/// Writes filings inside the caller's transaction: the complaints, their recipients, routing
/// decisions, first events, any lead they complete, their emails and their stored answers, all or
/// nothing. A few multi-row statements whatever the number of filings.
pub async fn write_all(state: &AppState, txn: &DatabaseTransaction, filings: &[&Filing]) -> Result<(), sea_orm::DbErr> {
    let complaints: Vec<&NewComplaint> = filings.iter().map(|f| &f.complaint).collect();
    let ids = store::complaints::insert_all(txn, &complaints).await?;
    // In the same transaction: the complaint that makes a lead commits with it and its email.
    let filed: Vec<crate::service::lead::Filed<'_>> = filings
        .iter()
        .zip(&ids)
        .map(|(f, &id)| {
            let row = &f.complaint.row;
            crate::service::lead::Filed {
                id,
                category: &row.category,
                region_code: &row.region_code,
                platform: row.platform.as_deref(),
                employer: row.employer.as_deref(),
                platform_key: row.platform_key.as_deref(),
                employer_key: row.employer_key.as_deref(),
                at: f.now,
            }
        })
        .collect();
    crate::service::lead::on_filings(state, txn, &filed).await?;
    // The emails are written with the complaint: it is never stored without them, nor they without it.
    let mail: Vec<NewMessage> = filings
        .iter()
        .zip(&ids)
        .flat_map(|(f, &id)| f.mail.iter().cloned().map(move |m| NewMessage { complaint_id: Some(id), ..m }))
        .collect();
    let now = filings.iter().map(|f| f.now).max().unwrap_or_default();
    store::outbox::enqueue(txn, mail, now).await?;
    store::idempotency::insert_all(txn, filings.iter().filter_map(|f| f.answer.clone()).collect()).await
}
