//! What the handling office does with a case: status changes by the status machine, notes,
//! transfer to another office and assignment to a colleague. Each is one transaction with its
//! events, audit entry and mails.

use super::access::{Access, acting, open};
use super::detail::{CaseDetail, reload};
use crate::domain::field_error::FieldError;
use crate::domain::language::Language;
use crate::domain::office::OfficeKind;
use crate::domain::role::StaffRole;
use crate::domain::status::{Status, TransitionError};
use crate::notify::messages::{message, to_office};
use crate::notify::templates;
use crate::service::ProblemCode;
use crate::service::audit::audit_entry;
use crate::service::routing::office_name;
use crate::service::staff::auth::Caller;
use crate::service::text::{Lines, optional_text_field, text_field};
use crate::service::{AppState, ServiceError};
use crate::store;
use crate::store::complaints::EventInsert;
use crate::store::entity::complaint;
use crate::store::outbox::NewMessage;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
        status.map(|s| templates::status_name(s, lang)).as_deref(),
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
    let from = case.status;
    let reason = optional_text_field("reason", req.reason.as_deref(), Lines::Many)
        .map_err(|e| ServiceError::Validation(vec![e]))?;
    let reason = reason.as_deref();
    match from.transition(to, reason) {
        Ok(_) => {}
        Err(TransitionError::NotAllowed { .. }) => {
            return Err(ServiceError::Conflict(ProblemCode::TransitionNotAllowed));
        }
        Err(TransitionError::ReasonRequired { .. }) => {
            return Err(ServiceError::Validation(vec![FieldError::new("reason", "reason_required")]));
        }
    }
    let now = state.clock.now();
    // Labour inspection's result period runs from the day it accepts (立案): the date moves then.
    let result_by = match (to, case.result_extended_at) {
        (Status::Accepted, None) => {
            let kind = handling_kind(state, &case).await?;
            let rules = state.deadlines.get(&state.db).await?;
            rules.of(kind)?.result_after_acceptance(&rules.calendar, state.clock.today_in_china())
        }
        _ => None,
    };
    let txn = store::begin_write(&state.db).await?;
    store::cases::set_status(&txn, case.id, to, now).await?;
    if let Some(result_by) = result_by {
        store::cases::set_result_by(&txn, case.id, result_by, None, now).await?;
    }
    let event = EventInsert {
        kind: "status_changed",
        status: Some(to),
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
        return Err(ServiceError::Conflict(ProblemCode::OfficeInactive));
    }
    if target.id == case.primary_office_id {
        return Err(ServiceError::Conflict(ProblemCode::SameOffice));
    }
    let now = state.clock.now();
    let today = state.clock.today_in_china();
    // The case starts again at the new office, with that office's deadlines from today.
    let dates = state.deadlines.get(&state.db).await?.dates(target.kind, today)?;
    let acknowledge_by = dates.acknowledge_by;
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
    store::cases::transfer(&txn, case.id, target.id, dates, now).await?;
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
            status: Some(Status::Received),
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
        .is_some_and(|o| o.active && o.role == StaffRole::Officer && o.office_id == Some(case.primary_office_id));
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

/// The kind of the office that handles a case.
async fn handling_kind(state: &AppState, case: &complaint::Model) -> Result<OfficeKind, ServiceError> {
    store::directory::offices_by_ids(&state.db, &[case.primary_office_id])
        .await?
        .into_iter()
        .next()
        .map(|o| o.kind)
        .ok_or_else(|| ServiceError::Internal("the handling office is missing".into()))
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct ExtensionRequest {
    /// Why the case needs longer (recorded, and shown to the worker).
    pub reason: String,
}

/// Extends the result date once, by the period the law allows the handling office's kind (labour
/// inspection: 30 working days for a complex case, 劳动保障监察条例 第十七条), with a reason the
/// worker reads. A kind without such an extension, a second extension, and a case already
/// finished are refused.
pub async fn extend_result(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    req: ExtensionRequest,
    ip: Option<&str>,
) -> Result<CaseDetail, ServiceError> {
    let (case, access) = open(state, caller, reference).await?;
    acting(access)?;
    let reason = text_field("reason", &req.reason, Lines::Many).map_err(|e| ServiceError::Validation(vec![e]))?;
    if reason.is_empty() {
        return Err(ServiceError::Validation(vec![FieldError::new("reason", "reason_required")]));
    }
    if !matches!(case.status, Status::Accepted | Status::InProgress) {
        return Err(ServiceError::Conflict(ProblemCode::ExtensionNotAllowed));
    }
    if case.result_extended_at.is_some() {
        return Err(ServiceError::Conflict(ProblemCode::AlreadyExtended));
    }
    let kind = handling_kind(state, &case).await?;
    let rules = state.deadlines.get(&state.db).await?;
    let today = state.clock.today_in_china();
    let current = case.result_by.unwrap_or(today);
    let extended = rules
        .of(kind)?
        .extended(&rules.calendar, current)
        .ok_or(ServiceError::Conflict(ProblemCode::ExtensionNotAllowed))?;
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    store::cases::set_result_by(&txn, case.id, extended, Some(&reason), now).await?;
    store::cases::add_event(
        &txn,
        case.id,
        EventInsert {
            kind: "result_extended",
            status: None,
            message: Some(format!("{extended}: {reason}")),
            visible_to_worker: true,
            office_id: caller.office_id,
            staff_id: Some(caller.staff_id),
        },
        now,
    )
    .await?;
    if let Some(mail) = worker_mail(state, &case, None, Some(&format!("{extended}: {reason}")))? {
        store::outbox::enqueue(&txn, vec![mail], now).await?;
    }
    let details = format!("result_by {current} -> {extended}: {reason}");
    store::audit::append(
        &txn,
        audit_entry(caller, "result_extended", Some(case.id), &case.reference, Some(details), ip),
        now,
    )
    .await?;
    txn.commit().await?;
    reload(state, &case.reference, access, caller.language).await
}
