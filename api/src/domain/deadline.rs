//! Deadlines. Every office kind has two: by when it acknowledges a complaint (accepts or refuses
//! it, or replies that it is being handled) and by when it gives a result. Each is counted in
//! working days, calendar days or months, and is either a limit the law sets or the office's own
//! service commitment, which the worker is told in different words.
//!
//! Working days skip weekends and public holidays and count the weekend days that are made
//! working days (调休); both come from the calendar administrators load. A period counted in
//! calendar days or months whose last day is a day off ends on the next working day
//! (民法典 第二百零三条).

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What a deadline counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TermUnit {
    WorkingDays,
    CalendarDays,
    Months,
}

impl TermUnit {
    pub const ALL: [TermUnit; 3] = [Self::WorkingDays, Self::CalendarDays, Self::Months];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::WorkingDays => "working_days",
            Self::CalendarDays => "calendar_days",
            Self::Months => "months",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == input)
    }
}

/// Whether a deadline binds the office by law or is a promise it made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Legal,
    Commitment,
}

impl Basis {
    pub const ALL: [Basis; 2] = [Self::Legal, Self::Commitment];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Legal => "legal",
            Self::Commitment => "commitment",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == input)
    }
}

/// The day a result period starts from: the filing, or the office's acceptance of the complaint
/// (labour inspection's 60 working days run from 立案, which is the day of acceptance).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ResultFrom {
    Filing,
    Acceptance,
}

impl ResultFrom {
    pub const ALL: [ResultFrom; 2] = [Self::Filing, Self::Acceptance];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Filing => "filing",
            Self::Acceptance => "acceptance",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == input)
    }
}

/// What the calendar says of a day: a weekday off, or a weekend day worked (调休).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    Holiday,
    Workday,
}

impl DayKind {
    pub const ALL: [DayKind; 2] = [Self::Holiday, Self::Workday];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Holiday => "holiday",
            Self::Workday => "workday",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == input)
    }
}

/// One deadline: so many units, on this basis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub amount: u32,
    pub unit: TermUnit,
    pub basis: Basis,
}

/// The two deadlines of an office kind, and the one extension of the result deadline the law
/// allows, if any (in the result's unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindDeadlines {
    pub acknowledge: Term,
    pub result: Term,
    pub result_from: ResultFrom,
    pub extension: Option<u32>,
}

/// The two dates of one complaint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dates {
    pub acknowledge_by: NaiveDate,
    pub result_by: NaiveDate,
}

impl KindDeadlines {
    /// The dates of a complaint filed on `filed`. A result period that runs from acceptance is
    /// counted from the last day the office may accept: the latest date it can fall on, until the
    /// acceptance moves it (see [`KindDeadlines::result_after_acceptance`]).
    pub fn dates(&self, calendar: &WorkCalendar, filed: NaiveDate) -> Dates {
        let acknowledge_by = calendar.due(filed, self.acknowledge.amount, self.acknowledge.unit);
        let start = match self.result_from {
            ResultFrom::Filing => filed,
            ResultFrom::Acceptance => acknowledge_by,
        };
        Dates { acknowledge_by, result_by: calendar.due(start, self.result.amount, self.result.unit) }
    }

    /// The result date once the office accepted the complaint on `accepted`, for a period that
    /// runs from acceptance; `None` when it runs from the filing and does not move.
    pub fn result_after_acceptance(&self, calendar: &WorkCalendar, accepted: NaiveDate) -> Option<NaiveDate> {
        (self.result_from == ResultFrom::Acceptance)
            .then(|| calendar.due(accepted, self.result.amount, self.result.unit))
    }

    /// The result date moved by the one extension the law allows; `None` when it allows none.
    pub fn extended(&self, calendar: &WorkCalendar, result_by: NaiveDate) -> Option<NaiveDate> {
        self.extension.map(|days| calendar.due(result_by, days, self.result.unit))
    }
}

/// Which of a case's dates have passed. The acknowledgement is late while the case is still
/// `received` after its date; the result is late while the case is not finished after its date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Overdue {
    pub acknowledge: bool,
    pub result: bool,
}

impl Overdue {
    pub fn of(
        status: super::status::Status,
        acknowledge_by: NaiveDate,
        result_by: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Self {
        use super::status::Status;
        Self {
            acknowledge: status == Status::Received && acknowledge_by < today,
            result: status.awaits_result() && result_by.is_some_and(|d| d < today),
        }
    }

    pub fn any(self) -> bool {
        self.acknowledge || self.result
    }
}

/// The working calendar: weekends and the loaded public holidays are days off, the loaded make-up
/// working days (a Saturday or Sunday worked, 调休) are working days.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

impl WorkCalendar {
    pub fn new(holidays: impl IntoIterator<Item = NaiveDate>, workdays: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self { holidays: holidays.into_iter().collect(), workdays: workdays.into_iter().collect() }
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.workdays.contains(&day) {
            return true;
        }
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

    /// The first working day on or after `day`.
    fn next_working_day(&self, day: NaiveDate) -> NaiveDate {
        let mut day = day;
        // A year holds working days; the bound only keeps a broken calendar from looping forever.
        for _ in 0..366 {
            if self.is_working_day(day) {
                break;
            }
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => break,
            }
        }
        day
    }

    /// The last day of `amount` `unit`s counted from `from` (which does not count).
    pub fn due(&self, from: NaiveDate, amount: u32, unit: TermUnit) -> NaiveDate {
        let end = match unit {
            TermUnit::WorkingDays => return self.add_working_days(from, amount),
            TermUnit::CalendarDays => from.checked_add_days(Days::new(u64::from(amount))),
            TermUnit::Months => from.checked_add_months(Months::new(amount)),
        };
        self.next_working_day(end.unwrap_or(from))
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
    fn skips_holidays_and_counts_make_up_working_days() {
        let cal = WorkCalendar::new([d("2026-12-01"), d("2026-12-02")], [d("2026-12-06")]);
        assert!(cal.is_working_day(d("2026-12-06")), "a make-up Sunday is worked");
        assert!(!cal.is_working_day(d("2026-12-05")));
        assert_eq!(cal.add_working_days(d("2026-11-30"), 1), d("2026-12-03"));
        // Fri 27: Mon 30, (Tue, Wed off), Thu 3, Fri 4, Sun 6 (worked), Mon 7.
        assert_eq!(cal.add_working_days(d("2026-11-27"), 5), d("2026-12-07"));
    }

    fn labour_inspection() -> KindDeadlines {
        KindDeadlines {
            acknowledge: Term { amount: 5, unit: TermUnit::WorkingDays, basis: Basis::Legal },
            result: Term { amount: 60, unit: TermUnit::WorkingDays, basis: Basis::Legal },
            result_from: ResultFrom::Acceptance,
            extension: Some(30),
        }
    }

    #[test]
    fn a_result_from_acceptance_counts_from_the_last_day_to_accept_until_accepted() {
        let cal = WorkCalendar::default();
        let k = labour_inspection();
        let dates = k.dates(&cal, d("2026-11-27"));
        assert_eq!(dates.acknowledge_by, d("2026-12-04"));
        assert_eq!(dates.result_by, cal.add_working_days(d("2026-12-04"), 60));
        assert_eq!(k.result_after_acceptance(&cal, d("2026-11-30")), Some(cal.add_working_days(d("2026-11-30"), 60)));
        assert_eq!(k.extended(&cal, d("2027-02-26")), Some(cal.add_working_days(d("2027-02-26"), 30)));
        let commitment = KindDeadlines { result_from: ResultFrom::Filing, extension: None, ..k };
        assert_eq!(commitment.dates(&cal, d("2026-11-27")).result_by, cal.add_working_days(d("2026-11-27"), 60));
        assert_eq!(commitment.result_after_acceptance(&cal, d("2026-11-30")), None);
        assert_eq!(commitment.extended(&cal, d("2027-02-26")), None);
    }

    #[test]
    fn overdue_covers_both_dates() {
        use crate::domain::status::Status;
        let today = d("2026-12-10");
        let (before, after) = (d("2026-12-09"), d("2026-12-11"));
        assert_eq!(
            Overdue::of(Status::Received, before, Some(after), today),
            Overdue { acknowledge: true, result: false }
        );
        assert_eq!(Overdue::of(Status::Accepted, before, Some(after), today), Overdue::default());
        assert_eq!(
            Overdue::of(Status::InProgress, before, Some(before), today),
            Overdue { acknowledge: false, result: true }
        );
        assert_eq!(
            Overdue::of(Status::Received, before, Some(before), today),
            Overdue { acknowledge: true, result: true }
        );
        assert_eq!(Overdue::of(Status::Resolved, before, Some(before), today), Overdue::default());
        assert!(!Overdue::of(Status::Accepted, before, Some(today), today).any(), "the last day itself is not late");
    }

    #[test]
    fn calendar_periods_ending_on_a_day_off_end_on_the_next_working_day() {
        let cal = WorkCalendar::new([d("2026-12-07")], []);
        // 7 days from Mon 2026-11-30 is Mon 12-07, a holiday: Tue 12-08.
        assert_eq!(cal.due(d("2026-11-30"), 7, TermUnit::CalendarDays), d("2026-12-08"));
        // From Tue 12-01: Tue 12-08, a working day.
        assert_eq!(cal.due(d("2026-12-01"), 7, TermUnit::CalendarDays), d("2026-12-08"));
        // Three months from 2026-11-30 is 2027-02-28 (no 30th), a Sunday: Monday 03-01.
        assert_eq!(cal.due(d("2026-11-30"), 3, TermUnit::Months), d("2027-03-01"));
        assert_eq!(cal.due(d("2026-11-27"), 5, TermUnit::WorkingDays), d("2026-12-04"));
    }
}
