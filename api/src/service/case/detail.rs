//! One case as staff read it: facts, the worker's identity masked unless revealed (audited),
//! timeline, routing, evidence and documents.

use super::access::{Access, open};
use super::list::{CaseSummary, summary};
use crate::domain::amount::AmountFen;
use crate::domain::deadline::Basis;
use crate::domain::employment_mode::EmploymentMode;
use crate::domain::id_number::ResidentId;
use crate::domain::language::Language;
use crate::domain::phone::MobilePhone;
use crate::domain::status::Status;
use crate::service::ProblemCode;
use crate::service::audit::audit_entry;
use crate::service::complaint::views::RecipientView;
use crate::service::routing::office_name;
use crate::service::staff::auth::Caller;
use crate::service::{AppState, ServiceError};
use crate::store;
use crate::store::entity::complaint;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

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
    #[serde(serialize_with = "crate::service::time_format::serialize")]
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
    /// How the worker works, as they said when filing.
    pub employment_mode: Option<EmploymentMode>,
    /// The employer's unified social credit code (统一社会信用代码), checked and in upper case.
    #[schema(example = "91110000600037341L")]
    pub employer_credit_code: Option<String>,
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
    pub attachments: Vec<crate::service::complaint::evidence::AttachmentView>,
    /// Every routing decision (the first, then one per transfer) with the rules behind it.
    #[schema(value_type = Vec<Object>)]
    pub routing: Vec<serde_json::Value>,
    /// Documents the offices issued on the case (提示函, 意见书, 建议书, 检察建议), oldest first.
    pub documents: Vec<crate::service::document::DocumentView>,
    /// Whether the handling office's acknowledgement date is the law's (`legal`) or its own
    /// service commitment (`commitment`); the same for the result date.
    pub acknowledge_basis: Basis,
    pub result_basis: Basis,
    /// The one extension of the result date the handling office's kind allows (in the result's
    /// unit), while it is still available: the case accepted or in progress and not yet extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension_available: Option<u32>,
    /// Why the result date was extended, once it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_extension_reason: Option<String>,
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
            Some(RecipientView { id: o.id, name: office_name(o, lang).to_owned(), kind: o.kind, role: r.role })
        })
        .collect();
    let timeline = store::cases::all_events(&state.db, c.id)
        .await?
        .into_iter()
        .map(|e| StaffTimelineItem {
            at: e.at,
            kind: e.kind,
            status: e.status,
            message: e.message,
            visible_to_worker: e.visible_to_worker,
            staff_id: e.staff_id,
            office_id: e.office_id,
        })
        .collect();
    let attachments = crate::service::complaint::evidence::list_for_case(state, c.id).await?;
    let documents = crate::service::document::list_for_case(state, c.id, lang).await?;
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
    let handling = match offices.iter().find(|o| o.id == c.primary_office_id) {
        Some(o) => o.kind,
        None => store::directory::offices_by_ids(&state.db, &[c.primary_office_id])
            .await?
            .first()
            .map(|o| o.kind)
            .ok_or_else(|| ServiceError::Internal("the handling office is missing".into()))?,
    };
    let rules = state.deadlines.get(&state.db).await?;
    let terms = rules.of(handling)?;
    let extension_available = terms
        .extension
        .filter(|_| matches!(c.status, Status::Accepted | Status::InProgress) && c.result_extended_at.is_none());
    Ok(CaseDetail {
        acknowledge_basis: terms.acknowledge.basis,
        result_basis: terms.result.basis,
        extension_available,
        result_extension_reason: c.result_extension_reason.clone(),
        summary: summary(state, &c),
        access,
        description: c.description.clone(),
        employer: c.employer.clone(),
        employment_mode: c.employment_mode.as_deref().and_then(EmploymentMode::parse),
        employer_credit_code: c.employer_credit_code.clone(),
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
pub(crate) async fn reload(
    state: &AppState,
    reference: &str,
    access: Access,
    lang: Language,
) -> Result<CaseDetail, ServiceError> {
    let case = store::complaints::find_by_reference(&state.db, reference)
        .await?
        .ok_or(ServiceError::NotFound(ProblemCode::CaseNotFound))?;
    build_detail(state, case, access, false, lang).await
}
