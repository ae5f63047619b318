//! The deadlines of each office kind: by when an office of the kind acknowledges a complaint and
//! by when it gives a result, each a number of working days, calendar days or months, set by law
//! or a service commitment, with the text that says so; the day the result period runs from, and
//! the one extension the law allows. A change applies to complaints filed after it.

use super::*;
use crate::domain::deadline::{Basis, ResultFrom, TermUnit};
use crate::domain::office::OfficeKind;
use crate::service::ProblemCode;
use crate::store::entity::office_kind_deadline;

/// The longest term in days (working or calendar days) and in months.
pub const MAX_TERM_DAYS: i64 = 365;
pub const MAX_TERM_MONTHS: i64 = 24;
/// The longest extension (in the unit of the result term).
pub const MAX_EXTENSION: i64 = 365;
/// The longest text naming where a term comes from.
pub const MAX_SOURCE_CHARS: usize = 500;

/// One office kind's deadlines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct KindDeadlinesView {
    pub kind: OfficeKind,
    /// How many units the office has to acknowledge a complaint (to accept or refuse it, or to
    /// reply that it is being handled), counted from the filing day (which does not count).
    pub ack_amount: u32,
    pub ack_unit: TermUnit,
    /// `legal`: a limit the law sets; `commitment`: the office's own promise.
    pub ack_basis: Basis,
    /// Where the term comes from (a statute's article, a published commitment).
    pub ack_source: Option<String>,
    /// How many units the office has to give a result.
    pub result_amount: u32,
    pub result_unit: TermUnit,
    pub result_basis: Basis,
    pub result_source: Option<String>,
    /// The day the result term runs from: the filing, or the office's acceptance.
    pub result_from: ResultFrom,
    /// The one extension of the result term the law allows (in the result's unit), if any.
    pub extension: Option<u32>,
    #[schema(format = DateTime)]
    pub updated_at: String,
}

impl TryFrom<office_kind_deadline::Model> for KindDeadlinesView {
    type Error = ServiceError;

    fn try_from(row: office_kind_deadline::Model) -> Result<Self, ServiceError> {
        let amount = |n: i32| {
            u32::try_from(n)
                .map_err(|_| ServiceError::Internal(format!("a negative deadline is stored for {}", row.kind)))
        };
        Ok(Self {
            kind: row.kind,
            ack_amount: amount(row.ack_days)?,
            ack_unit: row.ack_unit,
            ack_basis: row.ack_basis,
            ack_source: row.ack_source.clone(),
            result_amount: amount(row.result_days)?,
            result_unit: row.result_unit,
            result_basis: row.result_basis,
            result_source: row.result_source.clone(),
            result_from: row.result_from,
            extension: row.extension_days.map(amount).transpose()?,
            updated_at: time(&row.updated_at),
        })
    }
}

/// An office kind's deadlines as they are to be: every field is set (a missing source or
/// extension means none).
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct DeadlinesInput {
    /// 1 to 365 (working or calendar days), 1 to 24 (months).
    pub ack_amount: i64,
    /// `working_days`, `calendar_days` or `months`.
    pub ack_unit: String,
    /// `legal` or `commitment`.
    pub ack_basis: String,
    /// At most 500 characters.
    pub ack_source: Option<String>,
    pub result_amount: i64,
    pub result_unit: String,
    pub result_basis: String,
    pub result_source: Option<String>,
    /// `filing` or `acceptance`.
    pub result_from: String,
    /// 1 to 365, in the unit of the result term; absent or null for none.
    pub extension: Option<i64>,
}

/// The deadlines of every office kind, in the order of the kinds.
pub async fn list_deadlines(state: &AppState, caller: &Caller) -> Result<Vec<KindDeadlinesView>, ServiceError> {
    require_admin(caller)?;
    let mut views = store::deadlines::kinds(&state.db)
        .await?
        .into_iter()
        .map(KindDeadlinesView::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    views.sort_by_key(|v| v.kind);
    Ok(views)
}

/// One kind's deadlines; `kind` as in the address (`labour_inspection`).
pub async fn kind_deadlines(state: &AppState, caller: &Caller, kind: &str) -> Result<KindDeadlinesView, ServiceError> {
    require_admin(caller)?;
    let kind = OfficeKind::parse(kind).ok_or(ServiceError::NotFound(ProblemCode::NotFound))?;
    stored(state, kind).await?.ok_or(ServiceError::NotFound(ProblemCode::NotFound))
}

async fn stored(state: &AppState, kind: OfficeKind) -> Result<Option<KindDeadlinesView>, ServiceError> {
    store::deadlines::kinds(&state.db)
        .await?
        .into_iter()
        .find(|row| row.kind == kind)
        .map(KindDeadlinesView::try_from)
        .transpose()
}

/// A term's amount: 1 to 365 days, 1 to 24 months (365 while the unit is not known).
fn check_amount(field: &'static str, amount: i64, unit: Option<TermUnit>, errors: &mut Vec<FieldError>) -> i32 {
    let max = if unit == Some(TermUnit::Months) { MAX_TERM_MONTHS } else { MAX_TERM_DAYS };
    match i32::try_from(amount) {
        Ok(n) if (1..=max).contains(&amount) => n,
        _ => {
            errors.push(FieldError::new(field, "out_of_range").with("min", 1).with("max", max));
            0
        }
    }
}

fn check_source(field: &'static str, source: Option<&str>, errors: &mut Vec<FieldError>) -> Option<String> {
    match optional_text_field(field, source, Lines::Many) {
        Err(e) => {
            errors.push(e);
            None
        }
        Ok(Some(text)) if text.chars().count() > MAX_SOURCE_CHARS => {
            errors.push(FieldError::new(field, "too_long").with("max", MAX_SOURCE_CHARS));
            None
        }
        Ok(text) => text,
    }
}

fn parsed<T>(
    field: &'static str,
    value: &str,
    parse: fn(&str) -> Option<T>,
    code: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    let found = parse(value.trim());
    if found.is_none() {
        errors.push(FieldError::new(field, code));
    }
    found
}

/// The deadlines of a kind in one line, for the audit log.
fn summary(v: &KindDeadlinesView) -> String {
    let source = |s: &Option<String>| s.as_deref().map_or_else(|| "-".to_owned(), |s| format!("«{s}»"));
    format!(
        "acknowledge {} {} {} {}; result {} {} {} {} from {}; extension {}",
        v.ack_amount,
        v.ack_unit.as_str(),
        v.ack_basis.as_str(),
        source(&v.ack_source),
        v.result_amount,
        v.result_unit.as_str(),
        v.result_basis.as_str(),
        source(&v.result_source),
        v.result_from.as_str(),
        v.extension.map_or_else(|| "none".to_owned(), |e| e.to_string()),
    )
}

/// Sets one kind's deadlines (`kind` as in the address): checked field by field, written, the
/// change audited with what it was and what it is, and the deadlines in memory read again so the
/// next filing counts with them.
pub async fn update_deadlines(
    state: &AppState,
    caller: &Caller,
    kind: &str,
    input: DeadlinesInput,
) -> Result<KindDeadlinesView, ServiceError> {
    require_admin(caller)?;
    let kind = OfficeKind::parse(kind).ok_or(ServiceError::NotFound(ProblemCode::NotFound))?;
    let before = stored(state, kind).await?;
    let mut errors = Vec::new();
    let ack_unit = parsed("ack_unit", &input.ack_unit, TermUnit::parse, "deadline_unit_invalid", &mut errors);
    let ack_amount = check_amount("ack_amount", input.ack_amount, ack_unit, &mut errors);
    let ack_basis = parsed("ack_basis", &input.ack_basis, Basis::parse, "deadline_basis_invalid", &mut errors);
    let ack_source = check_source("ack_source", input.ack_source.as_deref(), &mut errors);
    let result_unit = parsed("result_unit", &input.result_unit, TermUnit::parse, "deadline_unit_invalid", &mut errors);
    let result_amount = check_amount("result_amount", input.result_amount, result_unit, &mut errors);
    let result_basis = parsed("result_basis", &input.result_basis, Basis::parse, "deadline_basis_invalid", &mut errors);
    let result_source = check_source("result_source", input.result_source.as_deref(), &mut errors);
    let result_from =
        parsed("result_from", &input.result_from, ResultFrom::parse, "deadline_result_from_invalid", &mut errors);
    let extension = match input.extension {
        None => None,
        Some(days) => match i32::try_from(days) {
            Ok(n) if (1..=MAX_EXTENSION).contains(&days) => Some(n),
            _ => {
                errors.push(FieldError::new("extension", "out_of_range").with("min", 1).with("max", MAX_EXTENSION));
                None
            }
        },
    };
    let (Some(ack_unit), Some(ack_basis), Some(result_unit), Some(result_basis), Some(result_from), true) =
        (ack_unit, ack_basis, result_unit, result_basis, result_from, errors.is_empty())
    else {
        return Err(ServiceError::Validation(errors));
    };
    let row = office_kind_deadline::Model {
        kind,
        ack_days: ack_amount,
        ack_unit,
        ack_basis,
        ack_source,
        result_days: result_amount,
        result_unit,
        result_basis,
        result_source,
        result_from,
        extension_days: extension,
        updated_at: state.clock.now(),
    };
    let after = KindDeadlinesView::try_from(row.clone())?;
    let details = format!("{} → {}", before.as_ref().map_or_else(|| "none".to_owned(), summary), summary(&after));
    let txn = store::begin_write(&state.db).await?;
    store::deadlines::save_kind(&txn, row).await?;
    audit(state, &txn, Some(caller), "deadlines_updated", format!("deadlines of {kind}"), Some(details)).await?;
    txn.commit().await?;
    state.deadlines.invalidate();
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_bounded_by_their_unit() {
        let mut errors = Vec::new();
        assert_eq!(check_amount("a", 365, Some(TermUnit::WorkingDays), &mut errors), 365);
        assert_eq!(check_amount("a", 24, Some(TermUnit::Months), &mut errors), 24);
        assert!(errors.is_empty());
        check_amount("a", 25, Some(TermUnit::Months), &mut errors);
        check_amount("b", 0, Some(TermUnit::CalendarDays), &mut errors);
        check_amount("c", i64::MAX, None, &mut errors);
        let found: Vec<_> =
            errors.iter().map(|e| (e.field.to_string(), e.param("max").unwrap_or("").to_owned())).collect();
        assert_eq!(found, [("a".into(), "24".into()), ("b".into(), "365".into()), ("c".into(), "365".into())]);
    }

    #[test]
    fn sources_are_cleaned_and_limited() {
        let mut errors = Vec::new();
        assert_eq!(check_source("s", Some(" 第十七条\u{200B} "), &mut errors), Some("第十七条".to_owned()));
        assert_eq!(check_source("s", Some("  "), &mut errors), None);
        assert!(errors.is_empty());
        check_source("s", Some(&"条".repeat(501)), &mut errors);
        check_source("t", Some("a\u{0}b"), &mut errors);
        assert_eq!(errors.iter().map(|e| e.code).collect::<Vec<_>>(), ["too_long", "text_invalid"]);
    }
}
