//! Working-day deadlines. Legal time limits (5 working days for labour inspection to accept or
//! refuse a complaint) count working days: weekends and public holidays do not count.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// The working calendar: weekends plus the configured public holidays are days off.
#[derive(Clone, Debug, Default)]
pub struct WorkCalendar {
    holidays: BTreeSet<NaiveDate>,
}

impl WorkCalendar {
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self { holidays: holidays.into_iter().collect() }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&day)
    }

    /// The day by which something filed on `filed` must be done within `days` working days: the
    /// filing day itself does not count.
    pub fn add_working_days(&self, filed: NaiveDate, days: u32) -> NaiveDate {
        let mut day = filed;
        let mut left = days;
        while left > 0 {
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => return day,
            }
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn skips_weekends() {
        let cal = WorkCalendar::default();
        // Filed on Friday 2026-11-27: Mon..Fri of the next week.
        assert_eq!(cal.add_working_days(d("2026-11-27"), 5), d("2026-12-04"));
        // Filed on Saturday: the count starts on Monday.
        assert_eq!(cal.add_working_days(d("2026-11-28"), 1), d("2026-11-30"));
        assert_eq!(cal.add_working_days(d("2026-11-30"), 0), d("2026-11-30"));
    }

    #[test]
    fn skips_configured_holidays() {
        let cal = WorkCalendar::new([d("2026-12-01"), d("2026-12-02")]);
        assert_eq!(cal.add_working_days(d("2026-11-30"), 1), d("2026-12-03"));
        assert_eq!(cal.add_working_days(d("2026-11-27"), 5), d("2026-12-08"));
    }
}
