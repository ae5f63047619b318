//! The working-day calendar: the public holidays and the make-up working days (调休) that the
//! State Council publishes each year. The project ships none (it could not cite one);
//! administrators load it as CSV, from the console, the API or `intake calendar import`.

use super::*;
use crate::domain::deadline::DayKind;
use chrono::{Datelike, Weekday};
use std::collections::HashMap;

/// The columns of the calendar CSV.
pub const CALENDAR_COLUMNS: [&str; 2] = ["date", "kind"];

/// The most problems one refused file is answered with; the rest are not looked for.
const MAX_REPORTED: usize = 50;

/// The largest calendar CSV accepted (a century of holidays is some 100 KB).
pub const CALENDAR_CSV_LIMIT: usize = 1024 * 1024;

/// One day of the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct CalendarDayView {
    pub date: NaiveDate,
    /// `holiday`: a weekday off; `workday`: a Saturday or Sunday worked (调休).
    pub kind: DayKind,
}

/// The calendar, or one year of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct CalendarList {
    /// The years that have days loaded.
    pub years: Vec<i32>,
    /// The days (of the year asked for), in date order.
    pub days: Vec<CalendarDayView>,
}

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// Only the days of this year.
    pub year: Option<i32>,
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct CalendarImported {
    pub holidays: u64,
    pub workdays: u64,
    /// Days the calendar did not have.
    pub added: u64,
    /// Days it had as the other kind.
    pub changed: u64,
    /// Days it had as they are.
    pub unchanged: u64,
}

fn problem(row: u64, code: &'static str) -> FieldError {
    FieldError::new("csv", code).with("row", row)
}

/// Reads the calendar CSV: a header `date,kind`, then one day a row, `YYYY-MM-DD,holiday` or
/// `YYYY-MM-DD,workday`. A make-up working day must fall on a Saturday or Sunday (a holiday on a
/// weekend is accepted: the published lists have them). Every problem is reported with its row,
/// and one problem refuses the whole file.
pub fn parse_calendar_csv(bytes: &[u8]) -> Result<Vec<(NaiveDate, DayKind)>, ServiceError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if std::str::from_utf8(bytes).is_err() {
        return Err(ServiceError::Validation(vec![FieldError::new("csv", "calendar_not_utf8")]));
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(bytes);
    let header = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_owned()).collect::<Vec<_>>(),
        Err(_) => Vec::new(),
    };
    if header != CALENDAR_COLUMNS {
        return Err(ServiceError::Validation(vec![problem(1, "calendar_header")]));
    }
    // The line each record starts on (the header is line 1), counted forward as they come.
    let mut lines = super::directory_csv::Lines::new(bytes);
    let mut errors = Vec::new();
    let mut days = Vec::new();
    let mut first_row: HashMap<NaiveDate, u64> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        if errors.len() >= MAX_REPORTED {
            break;
        }
        let fallback = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(2);
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(problem(e.position().map_or(fallback, |p| lines.line_of(p)), "calendar_columns"));
                continue;
            }
        };
        let row = record.position().map_or(fallback, |p| lines.line_of(p));
        if record.len() != CALENDAR_COLUMNS.len() {
            errors.push(problem(row, "calendar_columns").with("count", record.len()));
            continue;
        }
        let date_text = record.get(0).unwrap_or_default().trim();
        let kind_text = record.get(1).unwrap_or_default().trim();
        // The form is YYYY-MM-DD exactly: chrono alone also reads 2026-5-1.
        let well_formed = date_text.len() == 10
            && date_text.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
        let date = well_formed.then(|| NaiveDate::parse_from_str(date_text, "%Y-%m-%d").ok()).flatten();
        let kind = DayKind::parse(kind_text);
        let Some(date) = date else {
            errors.push(problem(row, "calendar_date_invalid").with("value", date_text));
            if kind.is_none() {
                errors.push(problem(row, "calendar_kind_unknown").with("value", kind_text));
            }
            continue;
        };
        let Some(kind) = kind else {
            errors.push(problem(row, "calendar_kind_unknown").with("value", kind_text));
            continue;
        };
        if let Some(first) = first_row.get(&date) {
            errors.push(problem(row, "calendar_duplicate").with("date", date).with("first", first));
            continue;
        }
        first_row.insert(date, row);
        if kind == DayKind::Workday && !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            errors.push(problem(row, "calendar_workday_not_weekend").with("date", date));
            continue;
        }
        days.push((date, kind));
    }
    if errors.is_empty() && days.is_empty() {
        errors.push(FieldError::new("csv", "calendar_empty"));
    }
    if errors.is_empty() { Ok(days) } else { Err(ServiceError::Validation(errors)) }
}

/// The calendar, or the days of one year. `actor` is the administrator, or `None` on the command
/// line.
pub async fn calendar(
    state: &AppState,
    actor: Option<&Caller>,
    year: Option<i32>,
) -> Result<CalendarList, ServiceError> {
    if let Some(caller) = actor {
        require_admin(caller)?;
    }
    let all = store::deadlines::calendar(&state.db).await?;
    let mut years: Vec<i32> = all.iter().map(|d| d.day.year()).collect();
    years.dedup();
    let days = all
        .into_iter()
        .filter(|d| year.is_none_or(|y| d.day.year() == y))
        .map(|d| CalendarDayView { date: d.day, kind: d.kind })
        .collect();
    Ok(CalendarList { years, days })
}

/// Loads the days of a calendar CSV (see [`parse_calendar_csv`]), all or none: a day already
/// loaded takes the kind the file gives it. Audited with the counts; the deadlines in memory are
/// read again so the next filing counts with the new days. `actor` is the administrator, or
/// `None` on the command line.
pub async fn import_calendar(
    state: &AppState,
    actor: Option<&Caller>,
    bytes: &[u8],
) -> Result<CalendarImported, ServiceError> {
    if let Some(caller) = actor {
        require_admin(caller)?;
    }
    let days = parse_calendar_csv(bytes)?;
    let txn = store::begin_write(&state.db).await?;
    let existing: HashMap<NaiveDate, DayKind> =
        store::deadlines::calendar(&txn).await?.into_iter().map(|d| (d.day, d.kind)).collect();
    let mut summary = CalendarImported::default();
    for (date, kind) in &days {
        match kind {
            DayKind::Holiday => summary.holidays += 1,
            DayKind::Workday => summary.workdays += 1,
        }
        match existing.get(date) {
            None => summary.added += 1,
            Some(k) if k == kind => summary.unchanged += 1,
            Some(_) => summary.changed += 1,
        }
    }
    store::deadlines::upsert_days(&txn, &days, state.clock.now()).await?;
    let first = days.iter().map(|(d, _)| *d).min();
    let last = days.iter().map(|(d, _)| *d).max();
    let span = match (first, last) {
        (Some(first), Some(last)) => format!("{first} to {last}"),
        _ => "-".to_owned(),
    };
    let details = format!(
        "{} days from {span}: {} holidays, {} make-up working days; added {}, changed {}, unchanged {}",
        days.len(),
        summary.holidays,
        summary.workdays,
        summary.added,
        summary.changed,
        summary.unchanged
    );
    audit(state, &txn, actor, "calendar_imported", "calendar".to_owned(), Some(details)).await?;
    txn.commit().await?;
    state.deadlines.invalidate();
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(csv: &str) -> Vec<(&'static str, String)> {
        match parse_calendar_csv(csv.as_bytes()) {
            Ok(_) => Vec::new(),
            Err(ServiceError::Validation(errors)) => {
                errors.into_iter().map(|e| (e.code, e.param("row").unwrap_or("-").to_owned())).collect()
            }
            Err(other) => vec![("other", other.to_string())],
        }
    }

    #[test]
    fn a_good_file_is_read_with_either_line_end() {
        for end in ["\n", "\r\n"] {
            let csv = ["\u{feff}date,kind", "2026-10-01,holiday", " 2026-10-10 , workday ", "2026-10-03,holiday", ""]
                .join(end);
            let days = parse_calendar_csv(csv.as_bytes()).unwrap_or_default();
            let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
            assert_eq!(
                days,
                [
                    (d("2026-10-01"), DayKind::Holiday),
                    (d("2026-10-10"), DayKind::Workday),
                    (d("2026-10-03"), DayKind::Holiday)
                ]
            );
        }
    }

    #[test]
    fn every_problem_is_named_with_its_row() {
        assert_eq!(problems("day,kind\n2026-10-01,holiday\n"), [("calendar_header", "1".to_owned())]);
        assert_eq!(problems("2026-10-01,holiday\n"), [("calendar_header", "1".to_owned())]);
        assert_eq!(problems("date,kind\n"), [("calendar_empty", "-".to_owned())]);
        let csv = "date,kind\n2026-10-01,holiday\n2026-10-1,holiday\n2026-10-02,vacation\n2026-10-01,holiday\n\
                   2026-10-09,workday\n2026-10-11\n2026-02-30,workday\n";
        assert_eq!(
            problems(csv),
            [
                ("calendar_date_invalid", "3".to_owned()),
                ("calendar_kind_unknown", "4".to_owned()),
                ("calendar_duplicate", "5".to_owned()),
                ("calendar_workday_not_weekend", "6".to_owned()),
                ("calendar_columns", "7".to_owned()),
                ("calendar_date_invalid", "8".to_owned()),
            ]
        );
        assert_eq!(problems("date,kind\n\"2026-10-01\n"), [("calendar_columns", "2".to_owned())]);
        assert!(matches!(
            parse_calendar_csv(b"date,kind\n\xff,holiday\n"),
            Err(ServiceError::Validation(e)) if e[0].code == "calendar_not_utf8"
        ));
    }
}
