//! The queue: an office's cases with filters and pages, and a volunteer's own filings.

use crate::domain::deadline::Overdue;
use crate::domain::field_error::FieldError;
use crate::domain::role::StaffRole;
use crate::domain::status::Status;
use crate::service::staff::auth::Caller;
use crate::service::text::{Lines, optional_text_field};
use crate::service::{AppState, ServiceError};
use crate::store;
use crate::store::cases::{CaseFilter, OverdueOf, Sort};
use crate::store::entity::complaint;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    pub status: Option<String>,
    pub category: Option<String>,
    /// A region prefix: 2, 4 or 6 digits.
    pub region: Option<String>,
    /// Filed on or after this date (YYYY-MM-DD).
    pub from: Option<NaiveDate>,
    /// Filed on or before this date.
    pub to: Option<NaiveDate>,
    /// Only cases past a date: still not accepted or refused after their acknowledge-by date, or
    /// not finished after their result date.
    pub overdue: Option<bool>,
    /// Free text over reference, platform and employer.
    pub q: Option<String>,
    /// `me`: only cases assigned to the caller.
    pub assigned: Option<String>,
    // Any u64 is read and served (clamped, or an empty page): not only the int64 range utoipa says.
    #[param(format = "uint64", maximum = 18446744073709551615usize)]
    pub page: Option<u64>,
    #[param(format = "uint64", maximum = 18446744073709551615usize)]
    pub per_page: Option<u64>,
    /// `-created_at` (default), `created_at` or `acknowledge_by`.
    pub sort: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CaseSummary {
    pub reference: String,
    pub status: Status,
    pub category: String,
    pub region_code: String,
    #[serde(serialize_with = "crate::service::time_format::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: DateTime<Utc>,
    pub acknowledge_by: NaiveDate,
    /// By when the office should give a result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_by: Option<NaiveDate>,
    /// Past either date.
    pub overdue: bool,
    /// Still `received` after `acknowledge_by`.
    pub overdue_acknowledge: bool,
    /// Not finished after `result_by`.
    pub overdue_result: bool,
    pub affected_workers: i32,
    pub platform: Option<String>,
    pub assigned_staff_id: Option<i64>,
    pub routing_flagged: bool,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CaseList {
    pub items: Vec<CaseSummary>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

pub fn summary(state: &AppState, c: &complaint::Model) -> CaseSummary {
    let status = c.status;
    let overdue = Overdue::of(status, c.acknowledge_by, c.result_by, state.clock.today_in_china());
    CaseSummary {
        reference: c.reference.clone(),
        status,
        category: c.category.clone(),
        region_code: c.region_code.clone(),
        created_at: c.created_at,
        acknowledge_by: c.acknowledge_by,
        result_by: c.result_by,
        overdue: overdue.any(),
        overdue_acknowledge: overdue.acknowledge,
        overdue_result: overdue.result,
        affected_workers: c.affected_workers,
        platform: c.platform.clone(),
        assigned_staff_id: c.assigned_staff_id,
        routing_flagged: c.routing_fallback,
    }
}

/// The largest row offset a query may carry: SQL offsets are signed 64-bit, and the SQLite driver
/// panics on a larger one. No table comes near it, so every page past it is empty anyway.
pub const MAX_OFFSET: u64 = i64::MAX as u64;

pub async fn list(state: &AppState, caller: &Caller, q: CaseQuery) -> Result<CaseList, ServiceError> {
    let page = q.page.unwrap_or(1).max(1);
    let per_page = q.per_page.unwrap_or(25).clamp(1, 200);
    let (filter, sort) = filter_of(state, caller, q)?;
    // A page far past the end is fetched as the last page whose offset fits: it is just as empty.
    let fetched = page.min(MAX_OFFSET / per_page + 1);
    let (rows, total) = store::cases::list(&state.db, &filter, sort, fetched, per_page).await?;
    Ok(CaseList { items: rows.iter().map(|c| summary(state, c)).collect(), total, page, per_page })
}

/// The store's filter for a caller's query: an officer's office only, every case for an admin.
pub fn filter_of(state: &AppState, caller: &Caller, q: CaseQuery) -> Result<(CaseFilter, Sort), ServiceError> {
    if caller.role == StaffRole::Volunteer {
        return Err(ServiceError::Forbidden);
    }
    let mut errors = Vec::new();
    let status = q.status.filter(|s| !s.is_empty());
    if status.as_deref().is_some_and(|s| Status::parse(s).is_none()) {
        errors.push(FieldError::new("status", "status_unknown"));
    }
    let region = q.region.filter(|r| !r.is_empty());
    if region.as_deref().is_some_and(|r| crate::domain::region::RegionCode::parse(r).is_err()) {
        errors.push(FieldError::new("region", "region_invalid"));
    }
    // Searched the way the fields were stored; a NUL would be an error in PostgreSQL.
    let mut text = |field: &'static str, value: Option<String>| {
        optional_text_field(field, value.as_deref(), Lines::One).unwrap_or_else(|e| {
            errors.push(e);
            None
        })
    };
    let category = text("category", q.category);
    let search = text("q", q.q);
    if !errors.is_empty() {
        return Err(ServiceError::Validation(errors));
    }
    let day_start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc() - chrono::Duration::hours(8));
    let filter = CaseFilter {
        status,
        category,
        region_prefix: region.and_then(|r| crate::domain::region::RegionCode::parse(&r).ok()).map(|r| r.to_string()),
        from: q.from.and_then(day_start),
        to: q.to.and_then(|d| d.succ_opt()).and_then(day_start),
        overdue_before: q.overdue.filter(|o| *o).map(|_| state.clock.today_in_china()),
        overdue_of: OverdueOf::Any,
        text: search,
        assigned_to: (q.assigned.as_deref() == Some("me")).then_some(caller.staff_id),
        office_id: if caller.role == StaffRole::Admin { None } else { Some(caller.office_id.unwrap_or(-1)) },
        filed_by: None,
    };
    let sort = match q.sort.as_deref() {
        Some("created_at") => Sort::OldestFirst,
        Some("acknowledge_by") => Sort::DeadlineFirst,
        _ => Sort::NewestFirst,
    };
    Ok((filter, sort))
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MyComplaint {
    pub reference: String,
    pub status: Status,
    pub category: String,
    pub region_code: String,
    #[serde(serialize_with = "crate::service::time_format::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::service::time_format::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: DateTime<Utc>,
}

/// A volunteer's own filings with their statuses; nothing else of those cases.
pub async fn my_complaints(state: &AppState, caller: &Caller) -> Result<Vec<MyComplaint>, ServiceError> {
    if caller.role != StaffRole::Volunteer {
        return Err(ServiceError::Forbidden);
    }
    let filter = CaseFilter { filed_by: Some(caller.staff_id), ..CaseFilter::default() };
    let (rows, _) = store::cases::list(&state.db, &filter, Sort::NewestFirst, 1, 500).await?;
    Ok(rows
        .into_iter()
        .map(|c| MyComplaint {
            status: c.status,
            reference: c.reference,
            category: c.category,
            region_code: c.region_code,
            created_at: c.created_at,
            updated_at: c.updated_at,
        })
        .collect())
}
