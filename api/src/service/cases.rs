//! The case work of intake officers: their office's queue, the case with its history, status
//! changes by the status machine, notes, transfer and assignment. An office sees only the cases
//! routed or copied to it, and acts only on those it handles; anything else is "not found".

use super::auth::Caller;
use super::routing::office_name;
use super::validation::{Lines, optional_text_field, text_field};
use super::views::RecipientView;
use super::{AppState, ServiceError};
use crate::domain::amount::AmountFen;
use crate::domain::field_error::FieldError;
use crate::domain::id_number::ResidentId;
use crate::domain::language::Language;
use crate::domain::phone::MobilePhone;
use crate::domain::role::StaffRole;
use crate::domain::routing::Role;
use crate::domain::status::{Status, TransitionError};
use crate::notify::messages::{message, to_office};
use crate::notify::templates;
use crate::store;
use crate::store::audit::Entry;
use crate::store::cases::{CaseFilter, Sort};
use crate::store::complaints::EventInsert;
use crate::store::entity::complaint;
use crate::store::outbox::NewMessage;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// The handling office (or an administrator): may act.
    Act,
    /// A copied office: may read.
    Read,
}

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
    /// Only cases past their acknowledge-by date and still not accepted or refused.
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
    #[serde(serialize_with = "super::time_format::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: DateTime<Utc>,
    pub acknowledge_by: NaiveDate,
    pub overdue: bool,
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

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ContactView {
    pub name: String,
    pub phone: String,
    pub email: Option<String>,
    pub id_number: Option<String>,
    /// False: masked. Revealing is written to the audit log.
    pub revealed: bool,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct StaffTimelineItem {
    #[serde(serialize_with = "super::time_format::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub at: DateTime<Utc>,
    pub kind: String,
    pub status: Option<Status>,
    pub message: Option<String>,
    pub visible_to_worker: bool,
    pub staff_id: Option<i64>,
    pub office_id: Option<i64>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CaseDetail {
    #[serde(flatten)]
    pub summary: CaseSummary,
    pub access: Access,
    pub description: String,
    pub employer: Option<String>,
    pub occurred_on: Option<NaiveDate>,
    pub amount_owed: Option<String>,
    pub tags: Vec<String>,
    pub anonymous: bool,
    pub contact: Option<ContactView>,
    pub language: String,
    pub notify_by_email: bool,
    pub filed_by_volunteer: bool,
    pub on_behalf_consent_method: Option<String>,
    pub recipients: Vec<RecipientView>,
    pub timeline: Vec<StaffTimelineItem>,
    /// Evidence files, oldest first; each is downloaded from `/api/v1/cases/{reference}/attachments/{id}`.
    pub attachments: Vec<super::evidence::AttachmentView>,
    /// Every routing decision (the first, then one per transfer) with the rules behind it.
    #[schema(value_type = Vec<Object>)]
    pub routing: Vec<serde_json::Value>,
    /// Documents the offices issued on the case (提示函, 意见书, 建议书, 检察建议), oldest first.
    pub documents: Vec<super::documents::DocumentView>,
}

fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    let first = chars.next().map(String::from).unwrap_or_default();
    first + &"*".repeat(chars.count())
}

fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "***".to_owned(),
    }
}

pub fn audit_entry(
    caller: &Caller,
    action: &'static str,
    complaint_id: Option<i64>,
    target: &str,
    details: Option<String>,
    ip: Option<&str>,
) -> Entry {
    Entry {
        actor_staff_id: Some(caller.staff_id),
        actor_role: caller.role.as_str().to_owned(),
        action,
        complaint_id,
        target: Some(target.to_owned()),
        details,
        ip: ip.map(str::to_owned),
    }
}

/// The case and what the caller may do with it; "not found" when their office may not see it.
pub(crate) async fn open(
    state: &AppState,
    caller: &Caller,
    reference: &str,
) -> Result<(complaint::Model, Access), ServiceError> {
    if caller.role == StaffRole::Volunteer {
        return Err(ServiceError::Forbidden);
    }
    let not_found = ServiceError::NotFound("case_not_found");
    let reference =
        crate::domain::reference::Reference::parse(reference).map_err(|_| ServiceError::NotFound("case_not_found"))?;
    let case = store::complaints::find_by_reference(&state.db, reference.as_str()).await?.ok_or(not_found)?;
    if caller.role == StaffRole::Admin {
        return Ok((case, Access::Act));
    }
    let office = caller.office_id.ok_or(ServiceError::NotFound("case_not_found"))?;
    let recipients = store::complaints::active_recipients(&state.db, case.id).await?;
    match recipients.iter().find(|r| r.office_id == office).map(|r| r.role.as_str()) {
        Some("primary") => Ok((case, Access::Act)),
        Some(_) => Ok((case, Access::Read)),
        None => Err(ServiceError::NotFound("case_not_found")),
    }
}

pub(crate) fn acting(access: Access) -> Result<(), ServiceError> {
    if access == Access::Act { Ok(()) } else { Err(ServiceError::Forbidden) }
}

pub fn summary(state: &AppState, c: &complaint::Model) -> CaseSummary {
    let status = Status::parse(&c.status).unwrap_or(Status::Received);
    CaseSummary {
        reference: c.reference.clone(),
        status,
        category: c.category.clone(),
        region_code: c.region_code.clone(),
        created_at: c.created_at,
        acknowledge_by: c.acknowledge_by,
        overdue: status == Status::Received && c.acknowledge_by < state.clock.today_in_china(),
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

pub async fn detail(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    reveal: bool,
    ip: Option<&str>,
) -> Result<CaseDetail, ServiceError> {
    let (case, access) = open(state, caller, reference).await?;
    // A copied office reads the case with the worker's identity masked: only the handling office
    // (and administrators) may reveal it.
    if reveal && access != Access::Act {
        return Err(ServiceError::Forbidden);
    }
    if reveal && !case.anonymous {
        store::audit::append(
            &state.db,
            audit_entry(caller, "contact_revealed", Some(case.id), &case.reference, None, ip),
            state.clock.now(),
        )
        .await?;
    }
    build_detail(state, case, access, reveal, caller.language).await
}

async fn build_detail(
    state: &AppState,
    c: complaint::Model,
    access: Access,
    reveal: bool,
    lang: Language,
) -> Result<CaseDetail, ServiceError> {
    let recipients = store::complaints::active_recipients(&state.db, c.id).await?;
    let ids: Vec<i64> = recipients.iter().map(|r| r.office_id).collect();
    let offices = store::directory::offices_by_ids(&state.db, &ids).await?;
    let recipients = recipients
        .iter()
        .filter_map(|r| {
            let o = offices.iter().find(|o| o.id == r.office_id)?;
            Some(RecipientView {
                id: o.id,
                name: office_name(o, lang).to_owned(),
                kind: o.kind.clone(),
                role: Role::parse(&r.role)?,
            })
        })
        .collect();
    let timeline = store::cases::all_events(&state.db, c.id)
        .await?
        .into_iter()
        .map(|e| StaffTimelineItem {
            at: e.at,
            kind: e.kind,
            status: e.status.as_deref().and_then(Status::parse),
            message: e.message,
            visible_to_worker: e.visible_to_worker,
            staff_id: e.staff_id,
            office_id: e.office_id,
        })
        .collect();
    let attachments = super::evidence::list_for_case(state, c.id).await?;
    let documents = super::documents::list_for_case(state, c.id, lang).await?;
    let routing = store::complaints::routing_decisions(&state.db, c.id)
        .await?
        .into_iter()
        .filter_map(|d| serde_json::from_str(&d.explanation).ok())
        .collect();
    let contact = c.contact_name.as_ref().map(|name| {
        let phone = c.contact_phone.clone().unwrap_or_default();
        if reveal {
            ContactView {
                name: name.clone(),
                phone,
                email: c.contact_email.clone(),
                id_number: c.contact_id_number.clone(),
                revealed: true,
            }
        } else {
            ContactView {
                name: mask_name(name),
                phone: MobilePhone::parse(&phone).map(|p| p.masked()).unwrap_or_else(|_| "***".into()),
                email: c.contact_email.as_deref().map(mask_email),
                id_number: c
                    .contact_id_number
                    .as_deref()
                    .map(|i| ResidentId::parse(i).map(|r| r.masked()).unwrap_or_else(|_| "***".into())),
                revealed: false,
            }
        }
    });
    Ok(CaseDetail {
        summary: summary(state, &c),
        access,
        description: c.description.clone(),
        employer: c.employer.clone(),
        occurred_on: c.occurred_on,
        amount_owed: c.amount_owed_fen.map(|f| AmountFen::from_fen(f).to_string()),
        tags: c.tags.split(',').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
        anonymous: c.anonymous,
        contact,
        language: c.language.clone(),
        notify_by_email: c.notify_by_email,
        filed_by_volunteer: c.filed_by_staff_id.is_some(),
        on_behalf_consent_method: c.on_behalf_consent_method.clone(),
        recipients,
        timeline,
        attachments,
        routing,
        documents,
    })
}

/// The case as it is after a change, for the answer to that change.
async fn reload(state: &AppState, reference: &str, access: Access, lang: Language) -> Result<CaseDetail, ServiceError> {
    let case = store::complaints::find_by_reference(&state.db, reference)
        .await?
        .ok_or(ServiceError::NotFound("case_not_found"))?;
    build_detail(state, case, access, false, lang).await
}

/// The worker's email about news on their case, when they asked for it.
fn worker_mail(
    state: &AppState,
    c: &complaint::Model,
    status: Option<&str>,
    note: Option<&str>,
) -> Result<Option<NewMessage>, ServiceError> {
    let (Some(to), true) = (c.contact_email.as_deref(), c.notify_by_email) else { return Ok(None) };
    let lang = Language::parse(&c.language).unwrap_or_default();
    let rendered = templates::worker_update(
        &c.reference,
        status.map(|s| templates::status_name(s, lang)),
        note,
        &format!("{}/track", state.mail.public_url),
        lang,
    );
    Ok(Some(message(&state.mail, "worker_update", Some(c.id), None, to, lang, rendered)?))
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct TransitionRequest {
    /// The new status.
    pub to: String,
    /// Required for `rejected` (the worker reads it) and `referred` (to whom).
    pub reason: Option<String>,
}

pub async fn transition(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    req: TransitionRequest,
    ip: Option<&str>,
) -> Result<CaseDetail, ServiceError> {
    let (case, access) = open(state, caller, reference).await?;
    acting(access)?;
    let to = Status::parse(req.to.trim())
        .ok_or_else(|| ServiceError::Validation(vec![FieldError::new("to", "status_unknown")]))?;
    let from = Status::parse(&case.status).unwrap_or(Status::Received);
    let reason = optional_text_field("reason", req.reason.as_deref(), Lines::Many)
        .map_err(|e| ServiceError::Validation(vec![e]))?;
    let reason = reason.as_deref();
    match from.transition(to, reason) {
        Ok(_) => {}
        Err(TransitionError::NotAllowed { .. }) => return Err(ServiceError::Conflict("transition_not_allowed")),
        Err(TransitionError::ReasonRequired { .. }) => {
            return Err(ServiceError::Validation(vec![FieldError::new("reason", "reason_required")]));
        }
    }
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    store::cases::set_status(&txn, case.id, to.as_str(), now).await?;
    let event = EventInsert {
        kind: "status_changed",
        status: Some(to.as_str().to_owned()),
        message: reason.map(str::to_owned),
        visible_to_worker: true,
        office_id: caller.office_id,
        staff_id: Some(caller.staff_id),
    };
    store::cases::add_event(&txn, case.id, event, now).await?;
    if let Some(mail) = worker_mail(state, &case, Some(to.as_str()), reason)? {
        store::outbox::enqueue(&txn, vec![mail], now).await?;
    }
    store::audit::append(
        &txn,
        audit_entry(caller, "status_changed", Some(case.id), &case.reference, Some(format!("{from} -> {to}")), ip),
        now,
    )
    .await?;
    txn.commit().await?;
    reload(state, &case.reference, access, caller.language).await
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NoteRequest {
    pub body: String,
    /// True: the worker reads it on the tracking page (and by email if they asked).
    #[serde(default)]
    pub visible_to_worker: bool,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct NoteCreated {
    pub id: i64,
    pub visible_to_worker: bool,
}

pub async fn add_note(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    req: NoteRequest,
    ip: Option<&str>,
) -> Result<NoteCreated, ServiceError> {
    let (case, access) = open(state, caller, reference).await?;
    acting(access)?;
    let body = text_field("body", &req.body, Lines::Many).map_err(|e| ServiceError::Validation(vec![e]))?;
    let body = body.as_str();
    if body.is_empty() || body.chars().count() > 5000 {
        let code = if body.is_empty() { "required" } else { "too_long" };
        return Err(ServiceError::Validation(vec![FieldError::new("body", code).with("max", 5000)]));
    }
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    let event = EventInsert {
        kind: "note",
        status: None,
        message: Some(body.to_owned()),
        visible_to_worker: req.visible_to_worker,
        office_id: caller.office_id,
        staff_id: Some(caller.staff_id),
    };
    let id = store::cases::add_event(&txn, case.id, event, now).await?;
    store::cases::touch(&txn, case.id, now).await?;
    if req.visible_to_worker
        && let Some(mail) = worker_mail(state, &case, None, Some(body))?
    {
        store::outbox::enqueue(&txn, vec![mail], now).await?;
    }
    let action = if req.visible_to_worker { "note_to_worker" } else { "internal_note" };
    store::audit::append(&txn, audit_entry(caller, action, Some(case.id), &case.reference, None, ip), now).await?;
    txn.commit().await?;
    Ok(NoteCreated { id, visible_to_worker: req.visible_to_worker })
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct TransferRequest {
    pub office_id: i64,
    pub reason: String,
}

pub async fn transfer(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    req: TransferRequest,
    ip: Option<&str>,
) -> Result<CaseDetail, ServiceError> {
    let (case, access) = open(state, caller, reference).await?;
    acting(access)?;
    let reason = text_field("reason", &req.reason, Lines::Many).map_err(|e| ServiceError::Validation(vec![e]))?;
    let reason = reason.as_str();
    if reason.is_empty() {
        return Err(ServiceError::Validation(vec![FieldError::new("reason", "reason_required")]));
    }
    let target = store::directory::offices_by_ids(&state.db, &[req.office_id]).await?.into_iter().next();
    let target =
        target.ok_or_else(|| ServiceError::Validation(vec![FieldError::new("office_id", "office_unknown")]))?;
    if !target.active {
        return Err(ServiceError::Conflict("office_inactive"));
    }
    if target.id == case.primary_office_id {
        return Err(ServiceError::Conflict("same_office"));
    }
    let now = state.clock.now();
    let today = state.clock.today_in_china();
    let days = state.directory.category(&case.category).map_or(5, |c| c.ack_working_days);
    let acknowledge_by = state.calendar.add_working_days(today, days);
    let lang = Language::parse(&target.language).unwrap_or_default();
    let category = state.directory.category(&case.category);
    let link = format!("{}/console/cases/{}", state.mail.public_url, case.reference);
    let rendered = templates::new_case(
        &templates::CaseFacts {
            reference: &case.reference,
            category: category.map_or(case.category.as_str(), |c| c.name(lang)),
            region: &state.directory.full_name(&case.region_code),
            affected_workers: u32::try_from(case.affected_workers).unwrap_or(1),
            acknowledge_by,
            link: &link,
        },
        lang,
    );
    let mail = to_office(&state.mail, "case_transferred", Some(case.id), &target, lang, &rendered)?;
    let txn = store::begin_write(&state.db).await?;
    store::cases::transfer(&txn, case.id, target.id, acknowledge_by, now).await?;
    let explanation = serde_json::json!({
        "transfer": {"from_office": case.primary_office_id, "to_office": target.id, "reason": reason, "by_staff": caller.staff_id}
    });
    store::cases::add_decision(&txn, case.id, explanation.to_string(), now).await?;
    let worker_text =
        format!("{} → {}", office_name(&target, Language::parse(&case.language).unwrap_or_default()), reason);
    store::cases::add_event(
        &txn,
        case.id,
        EventInsert {
            kind: "transferred",
            status: Some(Status::Received.as_str().to_owned()),
            message: Some(worker_text),
            visible_to_worker: true,
            office_id: caller.office_id,
            staff_id: Some(caller.staff_id),
        },
        now,
    )
    .await?;
    store::outbox::enqueue(&txn, mail, now).await?;
    let details = format!("office {} -> {}: {reason}", case.primary_office_id, target.id);
    store::audit::append(
        &txn,
        audit_entry(caller, "case_transferred", Some(case.id), &case.reference, Some(details), ip),
        now,
    )
    .await?;
    txn.commit().await?;
    // The caller's office may have lost the case: answer with what they may still see.
    let access = if caller.role == StaffRole::Admin { Access::Act } else { Access::Read };
    reload(state, &case.reference, access, caller.language).await
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct AssignRequest {
    pub staff_id: i64,
}

pub async fn assign(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    req: AssignRequest,
    ip: Option<&str>,
) -> Result<CaseDetail, ServiceError> {
    let (case, access) = open(state, caller, reference).await?;
    acting(access)?;
    let officer = store::staff::by_id(&state.db, req.staff_id).await?;
    let valid = officer
        .as_ref()
        .is_some_and(|o| o.active && o.role == "officer" && o.office_id == Some(case.primary_office_id));
    if !valid {
        return Err(ServiceError::Validation(vec![FieldError::new("staff_id", "staff_unknown")]));
    }
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    store::cases::set_assigned(&txn, case.id, Some(req.staff_id), now).await?;
    store::cases::add_event(
        &txn,
        case.id,
        EventInsert {
            kind: "assigned",
            status: None,
            message: officer.as_ref().map(|o| o.display_name.clone()),
            visible_to_worker: false,
            office_id: caller.office_id,
            staff_id: Some(caller.staff_id),
        },
        now,
    )
    .await?;
    store::audit::append(
        &txn,
        audit_entry(
            caller,
            "case_assigned",
            Some(case.id),
            &case.reference,
            Some(format!("staff {}", req.staff_id)),
            ip,
        ),
        now,
    )
    .await?;
    txn.commit().await?;
    reload(state, &case.reference, access, caller.language).await
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MyComplaint {
    pub reference: String,
    pub status: Status,
    pub category: String,
    pub region_code: String,
    #[serde(serialize_with = "super::time_format::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "super::time_format::serialize")]
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
            status: Status::parse(&c.status).unwrap_or(Status::Received),
            reference: c.reference,
            category: c.category,
            region_code: c.region_code,
            created_at: c.created_at,
            updated_at: c.updated_at,
        })
        .collect())
}
