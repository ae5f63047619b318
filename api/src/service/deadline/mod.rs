//! Deadlines as the offices have them: each office kind's two terms and the working-day calendar,
//! kept in memory (every filing needs them) and read again after a short while so that a change
//! made elsewhere (the command line, another instance) applies.

use crate::domain::deadline::{Dates, DayKind, KindDeadlines, Term, WorkCalendar};
use crate::domain::office::OfficeKind;
use crate::service::ServiceError;
use crate::store;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// As the routing table's: changes made through this process apply at once.
const TTL: Duration = Duration::from_secs(2);

/// The deadlines of every office kind and the calendar they are counted on.
#[derive(Clone, Debug, Default)]
pub struct DeadlineRules {
    pub calendar: WorkCalendar,
    pub kinds: HashMap<OfficeKind, KindDeadlines>,
}

impl DeadlineRules {
    /// The deadlines of an office kind. Every kind has a row (the migration seeds them and the
    /// console only edits them): a missing one is a broken database, not a default.
    pub fn of(&self, kind: OfficeKind) -> Result<&KindDeadlines, ServiceError> {
        self.kinds.get(&kind).ok_or_else(|| ServiceError::Internal(format!("no deadlines are set for {kind}")))
    }

    /// The two dates of a complaint filed on `filed` with an office of `kind`.
    pub fn dates(&self, kind: OfficeKind, filed: NaiveDate) -> Result<Dates, ServiceError> {
        Ok(self.of(kind)?.dates(&self.calendar, filed))
    }
}

pub struct DeadlineCache {
    /// Holidays from the `holidays` setting, counted besides the loaded calendar.
    configured_holidays: Vec<NaiveDate>,
    slot: RwLock<Option<(Instant, Arc<DeadlineRules>)>>,
}

impl DeadlineCache {
    pub fn new(configured_holidays: Vec<NaiveDate>) -> Self {
        Self { configured_holidays, slot: RwLock::new(None) }
    }

    pub fn invalidate(&self) {
        if let Ok(mut slot) = self.slot.write() {
            *slot = None;
        }
    }

    fn fresh(&self) -> Option<Arc<DeadlineRules>> {
        let slot = self.slot.read().ok()?;
        slot.as_ref().filter(|(at, _)| at.elapsed() < TTL).map(|(_, rules)| rules.clone())
    }

    pub async fn get(&self, db: &store::Db) -> Result<Arc<DeadlineRules>, ServiceError> {
        if let Some(rules) = self.fresh() {
            return Ok(rules);
        }
        let loaded = Instant::now();
        let days = store::deadlines::calendar(db).await?;
        let holidays = days.iter().filter(|d| d.kind == DayKind::Holiday).map(|d| d.day);
        let workdays = days.iter().filter(|d| d.kind == DayKind::Workday).map(|d| d.day);
        let calendar = WorkCalendar::new(holidays.chain(self.configured_holidays.iter().copied()), workdays);
        let kinds = store::deadlines::kinds(db)
            .await?
            .into_iter()
            .map(|row| {
                let amount = |n: i32| {
                    u32::try_from(n).map_err(|_| ServiceError::Internal(format!("negative deadline for {}", row.kind)))
                };
                Ok((
                    row.kind,
                    KindDeadlines {
                        acknowledge: Term { amount: amount(row.ack_days)?, unit: row.ack_unit, basis: row.ack_basis },
                        result: Term {
                            amount: amount(row.result_days)?,
                            unit: row.result_unit,
                            basis: row.result_basis,
                        },
                        result_from: row.result_from,
                        extension: row.extension_days.map(amount).transpose()?,
                    },
                ))
            })
            .collect::<Result<_, ServiceError>>()?;
        let rules = Arc::new(DeadlineRules { calendar, kinds });
        if let Ok(mut slot) = self.slot.write() {
            *slot = Some((loaded, rules.clone()));
        }
        Ok(rules)
    }
}

/// Gives the complaints filed before result dates existed their result date, counted from their
/// filing day with their handling office's deadlines. Runs at start-up; after the first run there
/// is nothing left to do.
pub async fn backfill_result_dates(db: &store::Db, cache: &DeadlineCache) -> Result<usize, ServiceError> {
    let rows = store::deadlines::without_result_date(db).await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let rules = cache.get(db).await?;
    let txn = store::begin_write(db).await?;
    for (id, filed_at, kind) in &rows {
        let filed = crate::clock::china_date(*filed_at);
        store::deadlines::set_result_date(&txn, *id, rules.dates(*kind, filed)?.result_by).await?;
    }
    txn.commit().await?;
    Ok(rows.len())
}
