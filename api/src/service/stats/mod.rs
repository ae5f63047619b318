//! The figures of an office's work (every office's, for an administrator): how many cases, in
//! which status, category, city and platform, how many arrive each week, how many are overdue and
//! how long acknowledging takes. The same cases as the caller's case list, so that a figure and
//! the list behind it never disagree.

use crate::domain::status::ALL_STATUSES;
use crate::service::case::list::{CaseQuery, filter_of};
use crate::service::staff::auth::Caller;
use crate::service::{AppState, ServiceError};
use crate::store;
use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use utoipa::{IntoParams, ToSchema};

/// How many weeks the weekly series covers, the current one included.
pub const WEEKS: u64 = 12;

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// Only cases filed on or after this date (YYYY-MM-DD, China time).
    pub from: Option<NaiveDate>,
    /// Only cases filed on or before this date.
    pub to: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct WeekCount {
    /// The Monday the week starts on, in China time.
    pub week_start: NaiveDate,
    pub count: u64,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Stats {
    pub total: u64,
    /// Every status, zeros included.
    pub by_status: BTreeMap<String, u64>,
    /// Every category of the directory, zeros included.
    pub by_category: BTreeMap<String, u64>,
    /// By the 4-digit code of the city where the work is done.
    pub by_region: BTreeMap<String, u64>,
    /// By platform, trimmed, blanks collapsed and ASCII letters in lower case; `""` when none given.
    pub by_platform: BTreeMap<String, u64>,
    /// New cases in each of the last 12 weeks, oldest first, ending with the current week.
    pub by_week: Vec<WeekCount>,
    /// Past either date: the case list's `overdue` filter.
    pub overdue: u64,
    /// Still `received` after their acknowledge-by date.
    pub overdue_acknowledge: u64,
    /// Not finished after their result date.
    pub overdue_result: u64,
    /// Days from filing to the first acceptance or refusal, over the cases that have one.
    pub median_days_to_acknowledge: Option<f64>,
}

/// The key a platform is counted under: spellings that differ only in spaces, case or full-width
/// letters ("Meituan", " meituan", "ＭＥＩＴＵＡＮ") are one platform.
pub fn platform_key(platform: Option<&str>) -> String {
    let half_width: String = platform
        .unwrap_or_default()
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    half_width.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase()
}

/// The city a region code lies in: its first four digits (a city code is its own city).
fn city_of(region: &str) -> String {
    region.chars().take(4).collect()
}

fn china() -> Option<FixedOffset> {
    FixedOffset::east_opt(8 * 3600)
}

/// The Monday of the week a day falls in.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday()))).unwrap_or(day)
}

/// The middle value (the mean of the two middle ones for an even count), in days rounded to
/// hundredths; `None` for no values.
pub fn median_days(mut seconds: Vec<i64>) -> Option<f64> {
    if seconds.is_empty() {
        return None;
    }
    seconds.sort_unstable();
    let mid = seconds.len() / 2;
    let middle = if seconds.len().is_multiple_of(2) {
        (seconds[mid - 1] as f64 + seconds[mid] as f64) / 2.0
    } else {
        seconds[mid] as f64
    };
    Some((middle / 86_400.0 * 100.0).round() / 100.0)
}

/// The weekly series: the `WEEKS` Mondays up to `current`, each with the cases filed that week.
fn weeks(current: NaiveDate, filed: &[DateTime<Utc>]) -> Vec<WeekCount> {
    let mondays: Vec<NaiveDate> =
        (0..WEEKS).rev().filter_map(|back| current.checked_sub_days(Days::new(back * 7))).collect();
    let mut counts: HashMap<NaiveDate, u64> = mondays.iter().map(|m| (*m, 0)).collect();
    for at in filed {
        let day = china().map_or(at.date_naive(), |tz| at.with_timezone(&tz).date_naive());
        if let Some(n) = counts.get_mut(&monday_of(day)) {
            *n += 1;
        }
    }
    mondays.into_iter().map(|m| WeekCount { week_start: m, count: counts.get(&m).copied().unwrap_or(0) }).collect()
}

fn fold(rows: Vec<(Option<String>, i64)>, key: impl Fn(Option<&str>) -> String) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for (value, n) in rows {
        *out.entry(key(value.as_deref())).or_insert(0) += u64::try_from(n).unwrap_or(0);
    }
    out
}

pub async fn stats(state: &AppState, caller: &Caller, q: StatsQuery) -> Result<Stats, ServiceError> {
    let query = CaseQuery { from: q.from, to: q.to, ..CaseQuery::default() };
    let (filter, _) = filter_of(state, caller, query.clone())?;
    let db = &state.db;

    let mut by_status: BTreeMap<String, u64> = ALL_STATUSES.iter().map(|s| (s.as_str().to_owned(), 0)).collect();
    for (status, n) in fold(store::stats::by_status(db, &filter).await?, |s| s.unwrap_or_default().to_owned()) {
        *by_status.entry(status).or_insert(0) += n;
    }
    let mut by_category: BTreeMap<String, u64> =
        state.directory.categories().iter().map(|c| (c.code.clone(), 0)).collect();
    for (category, n) in fold(store::stats::by_category(db, &filter).await?, |c| c.unwrap_or_default().to_owned()) {
        *by_category.entry(category).or_insert(0) += n;
    }
    let by_region = fold(store::stats::by_region(db, &filter).await?, |r| city_of(r.unwrap_or_default()));
    let by_platform = fold(store::stats::by_platform(db, &filter).await?, platform_key);

    // Only the weeks shown are read: the filter's start, or the first Monday, whichever is later.
    let current = monday_of(state.clock.today_in_china());
    let first = current.checked_sub_days(Days::new((WEEKS - 1) * 7)).unwrap_or(current);
    let (mut recent, _) =
        filter_of(state, caller, CaseQuery { from: Some(q.from.map_or(first, |f| f.max(first))), ..query.clone() })?;
    recent.overdue_before = None;
    let by_week = weeks(current, &store::stats::filed_at(db, &recent).await?);

    let (overdue_filter, _) = filter_of(state, caller, CaseQuery { overdue: Some(true), ..query })?;
    let overdue = store::stats::count(db, &overdue_filter).await?;
    let overdue_acknowledge = store::stats::count(
        db,
        &crate::store::cases::CaseFilter {
            overdue_of: crate::store::cases::OverdueOf::Acknowledge,
            ..overdue_filter.clone()
        },
    )
    .await?;
    let overdue_result = store::stats::count(
        db,
        &crate::store::cases::CaseFilter { overdue_of: crate::store::cases::OverdueOf::Result, ..overdue_filter },
    )
    .await?;

    let (cases, changes) = store::stats::acknowledgements(db, &filter).await?;
    let mut first_change: HashMap<i64, DateTime<Utc>> = HashMap::new();
    for (id, at) in changes {
        first_change.entry(id).and_modify(|t| *t = (*t).min(at)).or_insert(at);
    }
    let waits =
        cases.iter().filter_map(|(id, filed)| first_change.get(id).map(|at| (*at - *filed).num_seconds())).collect();

    Ok(Stats {
        total: by_status.values().sum(),
        by_status,
        by_category,
        by_region,
        by_platform,
        by_week,
        overdue,
        overdue_acknowledge,
        overdue_result,
        median_days_to_acknowledge: median_days(waits),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn platforms_that_differ_only_in_spelling_are_one() {
        for spelling in ["Meituan", " meituan ", "ＭＥＩＴＵＡＮ", "MEI TUAN"] {
            let key = platform_key(Some(spelling));
            assert!(key == "meituan" || key == "mei tuan", "{spelling} -> {key}");
        }
        assert_eq!(platform_key(Some("美团　外卖")), "美团 外卖");
        assert_eq!(platform_key(None), "");
    }

    #[test]
    fn weeks_start_on_monday_in_china() {
        assert_eq!(monday_of(d("2026-06-21")), d("2026-06-15"));
        assert_eq!(monday_of(d("2026-06-15")), d("2026-06-15"));
        // Sunday 23:30 UTC is already Monday in China.
        let late = DateTime::parse_from_rfc3339("2026-06-14T16:30:00Z").map(|t| t.to_utc()).unwrap_or_default();
        let series = weeks(d("2026-06-15"), &[late]);
        assert_eq!(series.len(), 12);
        assert_eq!(series.last(), Some(&WeekCount { week_start: d("2026-06-15"), count: 1 }));
        assert_eq!(series.first().map(|w| w.week_start), Some(d("2026-03-30")));
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median_days(vec![]), None);
        assert_eq!(median_days(vec![86_400 * 3, 86_400, 86_400 * 2]), Some(2.0));
        assert_eq!(median_days(vec![86_400, 86_400 * 2]), Some(1.5));
        assert_eq!(median_days(vec![3_600]), Some(0.04));
    }
}
