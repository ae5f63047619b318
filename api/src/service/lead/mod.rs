//! Public-interest leads: complaints in one city that name the same platform or employer for the
//! same kind of problem within a window. One complaint is a worker's grievance; many about one
//! cause are a pattern the procuratorate may take up for all of them. The check runs inside the
//! filing's transaction, so the lead, its members and its single email commit with the complaint
//! that tips the count, or not at all.

use crate::domain::field_error::FieldError;
use crate::domain::language::Language;
use crate::domain::office::OfficeKind;
use crate::domain::region::{RegionCode, RegionLevel};
use crate::domain::role::StaffRole;
use crate::notify::messages::to_office;
use crate::notify::templates::{LeadFacts, lead_opened};
use crate::service::ProblemCode;
use crate::service::audit::audit_entry;
use crate::service::case;
use crate::service::case::access::Access;
use crate::service::case::list::CaseSummary;
use crate::service::routing::competent_office;
use crate::service::staff::auth::Caller;
use crate::service::text::{Lines, optional_text_field};
use crate::service::{AppState, ServiceError};
use crate::store;
use crate::store::entity::lead;
use crate::store::leads::Cause;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use utoipa::ToSchema;

/// What the lead check needs of the complaint just stored.
pub struct Filed<'a> {
    pub id: i64,
    pub category: &'a str,
    pub region_code: &'a str,
    pub platform: Option<&'a str>,
    pub employer: Option<&'a str>,
    pub platform_key: Option<&'a str>,
    pub employer_key: Option<&'a str>,
    pub at: DateTime<Utc>,
}

/// Joins each complaint to the open lead of its causes, or opens one (and queues its one email to
/// the city's procuratorate) when a cause reaches the thresholds. Runs on the filings'
/// transaction, for all of them at once: a handful of statements whatever their number.
pub async fn on_filings<C: ConnectionTrait>(state: &AppState, txn: &C, filed: &[Filed<'_>]) -> Result<(), DbErr> {
    // Each cause once, in the order the complaints came, with the complaints that name it.
    let mut causes: Vec<(Cause, Vec<i64>, Option<&str>)> = Vec::new();
    let mut index: HashMap<Cause, usize> = HashMap::new();
    for f in filed {
        // A complaint placed only at province level belongs to no city and so to no cluster.
        let Some(city) = f.region_code.get(..4).filter(|c| c.len() == 4) else { continue };
        let names = [("platform", f.platform_key, f.platform), ("employer", f.employer_key, f.employer)];
        for (kind, key, name) in names {
            let Some(key) = key else { continue };
            let cause =
                Cause { kind, key: key.to_owned(), category: f.category.to_owned(), city_prefix: city.to_owned() };
            match index.get(&cause) {
                Some(&i) => causes[i].1.push(f.id),
                None => {
                    index.insert(cause.clone(), causes.len());
                    causes.push((cause, vec![f.id], name));
                }
            }
        }
    }
    if causes.is_empty() {
        return Ok(());
    }
    let all: Vec<&Cause> = causes.iter().map(|(c, _, _)| c).collect();
    let leads = store::leads::leads_of(txn, &all).await?;
    let mut joining = Vec::new();
    let mut pending = Vec::new();
    for (cause, ids, name) in &causes {
        let mine = || leads.iter().filter(|l| is_of(l, cause));
        match mine().filter(|l| l.status != store::leads::DISMISSED).max_by_key(|l| l.id) {
            Some(lead) => joining.extend(ids.iter().map(|&id| (lead.id, id))),
            None => pending.push((cause, *name, mine().map(|l| l.id).collect::<Vec<i64>>())),
        }
    }
    store::leads::add_all_members(txn, &joining).await?;
    if pending.is_empty() {
        return Ok(());
    }
    let at = filed.iter().map(|f| f.at).max().unwrap_or_else(|| state.clock.now());
    let since = at - chrono::Duration::days(i64::from(state.leads.window_days));
    let pending_causes: Vec<&Cause> = pending.iter().map(|(c, _, _)| *c).collect();
    let rows = store::leads::clusters(txn, &pending_causes, since).await?;
    // A dismissed lead's complaints do not count again towards a new one.
    let dismissed: Vec<i64> = pending.iter().flat_map(|(_, _, leads)| leads.iter().copied()).collect();
    let grouped: HashSet<i64> = store::leads::members_of(txn, &dismissed).await?.into_iter().collect();
    for (cause, name, _) in pending {
        let members: Vec<(i64, i32)> = rows
            .iter()
            .filter(|r| r.belongs_to(cause) && !grouped.contains(&r.id))
            .map(|r| (r.id, r.affected_workers))
            .collect();
        open_if_due(state, txn, cause, name, &members, at).await?;
    }
    Ok(())
}

fn is_of(lead: &lead::Model, cause: &Cause) -> bool {
    lead.kind == cause.kind
        && lead.key == cause.key
        && lead.category == cause.category
        && lead.city_prefix == cause.city_prefix
}

/// Opens the cause's lead when its complaints reach either threshold: five complaints, or thirty
/// workers however few complaints.
async fn open_if_due<C: ConnectionTrait>(
    state: &AppState,
    txn: &C,
    cause: &Cause,
    name: Option<&str>,
    members: &[(i64, i32)],
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let workers: i64 = members.iter().map(|(_, w)| i64::from(*w)).sum();
    if members.len() < state.leads.min_complaints as usize && workers < i64::from(state.leads.min_workers) {
        return Ok(());
    }
    let city = cause.city_prefix.as_str();
    // The procuratorate of the lead's city (or the province's, should the city have none active).
    let place = RegionCode::parse(city).map_err(|e| DbErr::Custom(format!("lead city {city}: {e}")))?;
    let office = match competent_office(txn, OfficeKind::Procuratorate, RegionLevel::City, &place).await? {
        Some(office) => office,
        None => store::leads::office(txn, state.default_office_id)
            .await?
            .ok_or_else(|| DbErr::Custom("the default office is missing".into()))?,
    };
    let ids: Vec<i64> = members.iter().map(|(id, _)| *id).collect();
    let lead_id = store::leads::open(txn, cause, office.id, &ids, at).await?;
    let lang = Language::parse(&office.language).unwrap_or_default();
    let link = format!("{}/console/leads/{lead_id}", state.mail.public_url);
    let category = state.directory.category(&cause.category).map_or(cause.category.as_str(), |c| c.name(lang));
    let facts = LeadFacts {
        name: name.unwrap_or(&cause.key),
        kind: cause.kind,
        category,
        city: &state.directory.full_name(city),
        complaints: ids.len(),
        affected_workers: workers,
        window_days: state.leads.window_days,
        link: &link,
    };
    let mail = to_office(&state.mail, "lead_opened", None, &office, lang, &lead_opened(&facts, lang))
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    store::outbox::enqueue(txn, mail, at).await?;
    tracing::info!(lead = lead_id, kind = cause.kind, category = %cause.category, city, "public-interest lead opened");
    Ok(())
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct LeadSummary {
    pub id: i64,
    /// `platform` or `employer`: which name the complaints share.
    pub kind: String,
    /// The normalised name, e.g. `meituan`.
    pub key: String,
    pub category: String,
    /// The city: a 4-digit region prefix.
    pub city_prefix: String,
    /// `open`, `accepted`, `dismissed` or `linked`.
    pub status: String,
    pub reason: Option<String>,
    pub linked_reference: Option<String>,
    pub office_id: i64,
    pub complaints: usize,
    pub affected_workers: i64,
    #[serde(serialize_with = "crate::service::time_format::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::service::time_format::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct LeadList {
    pub items: Vec<LeadSummary>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct LeadDetail {
    #[serde(flatten)]
    pub lead: LeadSummary,
    /// The member complaints as case summaries: no worker identity.
    pub members: Vec<CaseSummary>,
}

/// An office's decision on a lead.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct LeadDecision {
    /// `accepted`, `dismissed` (give a `reason`) or `linked` (give the `reference` of a case your
    /// office handles).
    pub status: String,
    pub reason: Option<String>,
    pub reference: Option<String>,
}

/// Which office's leads the caller sees: `None` for every lead (an administrator).
fn scope(caller: &Caller) -> Result<Option<i64>, ServiceError> {
    match caller.role {
        StaffRole::Volunteer => Err(ServiceError::Forbidden),
        StaffRole::Admin => Ok(None),
        _ => Ok(Some(caller.office_id.unwrap_or(-1))),
    }
}

fn summarise(l: &lead::Model, members: &[&store::entity::complaint::Model]) -> LeadSummary {
    LeadSummary {
        id: l.id,
        kind: l.kind.clone(),
        key: l.key.clone(),
        category: l.category.clone(),
        city_prefix: l.city_prefix.clone(),
        status: l.status.clone(),
        reason: l.reason.clone(),
        linked_reference: l.linked_reference.clone(),
        office_id: l.office_id,
        complaints: members.len(),
        affected_workers: members.iter().map(|c| i64::from(c.affected_workers)).sum(),
        created_at: l.created_at,
        updated_at: l.updated_at,
    }
}

pub async fn list(state: &AppState, caller: &Caller) -> Result<LeadList, ServiceError> {
    let leads = store::leads::list(&state.db, scope(caller)?).await?;
    let ids: Vec<i64> = leads.iter().map(|l| l.id).collect();
    let members = store::leads::members(&state.db, &ids).await?;
    let items = leads
        .iter()
        .map(|l| {
            let mine: Vec<_> = members.iter().filter(|(id, _)| *id == l.id).map(|(_, c)| c).collect();
            summarise(l, &mine)
        })
        .collect();
    Ok(LeadList { items })
}

/// The lead with its members; "not found" when it is another office's.
pub async fn show(state: &AppState, caller: &Caller, id: i64) -> Result<LeadDetail, ServiceError> {
    let scope = scope(caller)?;
    let lead = store::leads::find(&state.db, id)
        .await?
        .filter(|l| scope.is_none_or(|office| office == l.office_id))
        .ok_or(ServiceError::NotFound(ProblemCode::LeadNotFound))?;
    let members = store::leads::members(&state.db, &[lead.id]).await?;
    let complaints: Vec<_> = members.iter().map(|(_, c)| c).collect();
    Ok(LeadDetail {
        lead: summarise(&lead, &complaints),
        members: complaints.iter().map(|c| case::list::summary(state, c)).collect(),
    })
}

/// Accepts, dismisses (with a reason) or links (to a case the caller may act on) a lead that is
/// open or accepted; a dismissed or linked lead is settled.
pub async fn decide(
    state: &AppState,
    caller: &Caller,
    id: i64,
    decision: LeadDecision,
    ip: Option<&str>,
) -> Result<LeadDetail, ServiceError> {
    let current = show(state, caller, id).await?;
    let field = |name: &'static str, code: &'static str| ServiceError::Validation(vec![FieldError::new(name, code)]);
    let text = |name: &'static str, v: Option<String>, lines: Lines| {
        optional_text_field(name, v.as_deref(), lines).map_err(|e| ServiceError::Validation(vec![e]))
    };
    let reason = text("reason", decision.reason, Lines::Many)?;
    let reference = text("reference", decision.reference, Lines::One)?;
    let status = decision.status.trim();
    let (reason, linked, complaint_id) = match status {
        "accepted" => (reason, None, None),
        "dismissed" => (Some(reason.ok_or_else(|| field("reason", "required"))?), None, None),
        "linked" => {
            let reference = reference.ok_or_else(|| field("reference", "required"))?;
            let case = match case::access::open(state, caller, &reference).await {
                Ok((case, Access::Act)) => case,
                Ok(_) | Err(ServiceError::NotFound(_)) => return Err(field("reference", "reference_not_actionable")),
                Err(other) => return Err(other),
            };
            (reason, Some(case.reference.clone()), Some(case.id))
        }
        _ => return Err(field("status", "lead_status_unknown")),
    };
    if !matches!(current.lead.status.as_str(), "open" | "accepted") {
        return Err(ServiceError::Conflict(ProblemCode::TransitionNotAllowed));
    }
    let now = crate::service::time_format::truncate(state.clock.now());
    let txn = store::begin_write(&state.db).await?;
    store::leads::decide(&txn, id, status, reason, linked, now).await?;
    let entry = audit_entry(caller, "lead_decided", complaint_id, &format!("lead:{id}"), Some(status.to_owned()), ip);
    store::audit::append(&txn, entry, now).await?;
    txn.commit().await?;
    show(state, caller, id).await
}
