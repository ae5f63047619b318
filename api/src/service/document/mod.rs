//! The documents an office issues on a case — a trade union's "one letter, two documents"
//! (提示函, 意见书, 建议书) and a procuratorate's 检察建议 — and the union's referral of a case to
//! the procuratorate of the union's level for the case's place. Both are internal to the offices: the worker's tracking shows
//! neither, so that a worker is never told of a step an office has not yet decided to share.

pub mod draft;

use crate::domain::field_error::FieldError;
use crate::domain::language::Language;
use crate::domain::office::OfficeKind;
use crate::domain::region::{RegionCode, RegionLevel};
use crate::notify::messages::to_office;
use crate::notify::templates;
use crate::service::ProblemCode;
use crate::service::audit::audit_entry;
use crate::service::case::access::{Access, open};
use crate::service::routing::{competent_office, office_name};
use crate::service::staff::auth::Caller;
use crate::service::text::{Lines, text_field};
use crate::service::{AppState, ServiceError};
use crate::store;
use crate::store::complaints::EventInsert;
use crate::store::documents::DocumentInsert;
use crate::store::entity::{complaint, complaint_recipient, office};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The kinds of document, each issued by one kind of office.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    ReminderLetter,
    Opinion,
    Recommendation,
    ProcuratorialSuggestion,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] =
        [Self::ReminderLetter, Self::Opinion, Self::Recommendation, Self::ProcuratorialSuggestion];

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == code)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReminderLetter => "reminder_letter",
            Self::Opinion => "opinion",
            Self::Recommendation => "recommendation",
            Self::ProcuratorialSuggestion => "procuratorial_suggestion",
        }
    }

    /// The kind of office that issues it.
    pub fn issuer(self) -> OfficeKind {
        match self {
            Self::ProcuratorialSuggestion => OfficeKind::Procuratorate,
            _ => OfficeKind::TradeUnion,
        }
    }

    /// Its Chinese title, the one printed on the paper and written into the case history.
    pub fn title_zh(self) -> &'static str {
        match self {
            Self::ReminderLetter => "提示函",
            Self::Opinion => "意见书",
            Self::Recommendation => "建议书",
            Self::ProcuratorialSuggestion => "检察建议书",
        }
    }

    /// The kinds an office of this kind issues.
    pub fn issued_by(office_kind: OfficeKind) -> Vec<Self> {
        Self::ALL.into_iter().filter(|k| k.issuer() == office_kind).collect()
    }
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct DocumentView {
    pub id: i64,
    /// `reminder_letter`, `opinion`, `recommendation` or `procuratorial_suggestion`.
    pub kind: String,
    pub issued_on: NaiveDate,
    pub addressee: String,
    pub summary: String,
    pub office_id: i64,
    pub office_name: String,
    pub staff_id: i64,
    #[serde(serialize_with = "crate::service::time_format::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct DocumentRequest {
    pub kind: String,
    /// The date on the document (YYYY-MM-DD), not in the future.
    pub issued_on: String,
    /// To whom it was addressed (the platform, the station, the agency …).
    pub addressee: String,
    /// What it asked for, in a few lines.
    pub summary: String,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ReferralView {
    /// The procuratorate now copied on the case.
    pub office_id: i64,
    pub office_name: String,
}

/// The caller's office, which issues documents and referrals; administrators have none.
pub(crate) async fn caller_office(state: &AppState, caller: &Caller) -> Result<office::Model, ServiceError> {
    let id = caller.office_id.ok_or(ServiceError::Forbidden)?;
    let office = store::directory::offices_by_ids(&state.db, &[id]).await?.into_iter().next();
    office.ok_or(ServiceError::Forbidden)
}

/// Whether the office may record this kind on a case it sees with this access: a union acts on
/// cases it handles; a procuratorate's suggestion is its own act, so seeing the case (copied on
/// it, for example by a referral) is enough.
pub fn may_record(office_kind: OfficeKind, access: Access, kind: DocumentKind) -> bool {
    kind.issuer() == office_kind && (access == Access::Act || office_kind == OfficeKind::Procuratorate)
}

/// A case's documents with the names of the offices that issued them.
pub async fn list_for_case(
    state: &AppState,
    complaint_id: i64,
    lang: Language,
) -> Result<Vec<DocumentView>, ServiceError> {
    let rows = store::documents::for_complaint(&state.db, complaint_id).await?;
    let ids: Vec<i64> = rows.iter().map(|d| d.office_id).collect();
    let offices = store::directory::offices_by_ids(&state.db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|d| DocumentView {
            office_name: offices
                .iter()
                .find(|o| o.id == d.office_id)
                .map(|o| office_name(o, lang).to_owned())
                .unwrap_or_default(),
            id: d.id,
            kind: d.kind,
            issued_on: d.issued_on,
            addressee: d.addressee,
            summary: d.summary,
            office_id: d.office_id,
            staff_id: d.staff_id,
            created_at: d.created_at,
        })
        .collect())
}

pub async fn list(state: &AppState, caller: &Caller, reference: &str) -> Result<Vec<DocumentView>, ServiceError> {
    let (case, _) = open(state, caller, reference).await?;
    list_for_case(state, case.id, caller.language).await
}

fn checked(state: &AppState, req: &DocumentRequest) -> Result<(DocumentKind, NaiveDate, String, String), ServiceError> {
    let mut errors = Vec::new();
    let kind = DocumentKind::parse(req.kind.trim());
    if kind.is_none() {
        errors.push(FieldError::new("kind", "kind_invalid"));
    }
    let date = NaiveDate::parse_from_str(req.issued_on.trim(), "%Y-%m-%d").ok();
    match date {
        None => errors.push(FieldError::new("issued_on", "date_invalid")),
        Some(d) if d > state.clock.today_in_china() => errors.push(FieldError::new("issued_on", "date_in_future")),
        Some(_) => {}
    }
    let mut text = |field: &'static str, value: &str, lines: Lines, max: usize| match text_field(field, value, lines) {
        Err(e) => {
            errors.push(e);
            String::new()
        }
        Ok(value) => {
            if value.is_empty() {
                errors.push(FieldError::new(field, "required"));
            } else if value.chars().count() > max {
                errors.push(FieldError::new(field, "too_long").with("max", max));
            }
            value
        }
    };
    let addressee = text("addressee", &req.addressee, Lines::One, 200);
    let summary = text("summary", &req.summary, Lines::Many, 5000);
    match (kind, date) {
        (Some(kind), Some(date)) if errors.is_empty() => Ok((kind, date, addressee, summary)),
        _ => Err(ServiceError::Validation(errors)),
    }
}

/// Records that a document went out: the row, an event the worker does not see, an audit entry.
pub async fn record(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    req: DocumentRequest,
    ip: Option<&str>,
) -> Result<DocumentView, ServiceError> {
    let (case, access) = open(state, caller, reference).await?;
    let office = caller_office(state, caller).await?;
    if DocumentKind::issued_by(office.kind).is_empty() {
        return Err(ServiceError::Forbidden);
    }
    let (kind, issued_on, addressee, summary) = checked(state, &req)?;
    if !may_record(office.kind, access, kind) {
        return Err(ServiceError::Forbidden);
    }
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    let doc = DocumentInsert {
        complaint_id: case.id,
        office_id: office.id,
        staff_id: caller.staff_id,
        kind: kind.as_str(),
        issued_on,
        addressee: addressee.clone(),
        summary,
    };
    let id = store::documents::insert(&txn, doc, now).await?;
    let event = EventInsert {
        kind: "document_recorded",
        status: None,
        message: Some(format!("{} · {issued_on} · {addressee}", kind.title_zh())),
        visible_to_worker: false,
        office_id: Some(office.id),
        staff_id: Some(caller.staff_id),
    };
    store::cases::add_event(&txn, case.id, event, now).await?;
    store::cases::touch(&txn, case.id, now).await?;
    let details = format!("{} #{id}", kind.as_str());
    store::audit::append(
        &txn,
        audit_entry(caller, "document_recorded", Some(case.id), &case.reference, Some(details), ip),
        now,
    )
    .await?;
    txn.commit().await?;
    list_for_case(state, case.id, caller.language)
        .await?
        .into_iter()
        .find(|d| d.id == id)
        .ok_or(ServiceError::Internal("the recorded document is gone".into()))
}

/// The procuratorate a union refers a case to: the one of the union's level (a county union's
/// case goes to the county's procuratorate, a provincial union's to the province's) for the case's
/// place, one level up while an office is disabled or missing; the default office when none is.
async fn procuratorate_for(
    state: &AppState,
    union: &office::Model,
    case: &complaint::Model,
) -> Result<office::Model, ServiceError> {
    let place = RegionCode::parse(&case.region_code)
        .map_err(|e| ServiceError::Internal(format!("case region {}: {e}", case.region_code)))?;
    let level = union
        .region_code
        .as_deref()
        .and_then(|r| RegionCode::parse(r).ok())
        .map_or(RegionLevel::Province, |r| r.level());
    if let Some(office) = competent_office(&state.db, OfficeKind::Procuratorate, level, &place).await? {
        return Ok(office);
    }
    let fallback = store::directory::offices_by_ids(&state.db, &[state.default_office_id]).await?.into_iter().next();
    fallback.ok_or(ServiceError::Internal("the default office is missing".into()))
}

/// A union that handles a case refers it to the procuratorate: copied on the case (so it reads the
/// case and the union's documents), told by email in the same transaction, and the case's history
/// and the audit log say so.
pub async fn refer(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    ip: Option<&str>,
) -> Result<ReferralView, ServiceError> {
    let (case, access) = open(state, caller, reference).await?;
    let office = caller_office(state, caller).await?;
    if office.kind != OfficeKind::TradeUnion || access != Access::Act {
        return Err(ServiceError::Forbidden);
    }
    let target = procuratorate_for(state, &office, &case).await?;
    let recipients = store::complaints::active_recipients(&state.db, case.id).await?;
    if recipients.iter().any(|r: &complaint_recipient::Model| r.office_id == target.id) {
        return Err(ServiceError::Conflict(ProblemCode::Conflict));
    }
    let lang = Language::parse(&target.language).unwrap_or_default();
    let link = format!("{}/console/cases/{}", state.mail.public_url, case.reference);
    let category = state.directory.category(&case.category).map_or(case.category.as_str(), |c| c.name(lang));
    let facts = templates::CaseFacts {
        reference: &case.reference,
        category,
        region: &state.directory.full_name(&case.region_code),
        affected_workers: u32::try_from(case.affected_workers).unwrap_or(1),
        acknowledge_by: case.acknowledge_by,
        link: &link,
    };
    let rendered = templates::referred_case(&facts, office_name(&office, lang), lang);
    let mail = to_office(&state.mail, "referred_to_procuratorate", Some(case.id), &target, lang, &rendered)?;
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    store::documents::add_copy(&txn, case.id, target.id, now).await?;
    let event = EventInsert {
        kind: "referred_to_procuratorate",
        status: None,
        message: Some(target.name_zh.clone()),
        visible_to_worker: false,
        office_id: Some(office.id),
        staff_id: Some(caller.staff_id),
    };
    store::cases::add_event(&txn, case.id, event, now).await?;
    store::cases::touch(&txn, case.id, now).await?;
    store::outbox::enqueue(&txn, mail, now).await?;
    let details = format!("office {} -> {}", office.id, target.id);
    store::audit::append(
        &txn,
        audit_entry(caller, "referred_to_procuratorate", Some(case.id), &case.reference, Some(details), ip),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(ReferralView { office_id: target.id, office_name: office_name(&target, caller.language).to_owned() })
}

/// Whether the worker is shown this recipient: a copy without a rule was added by an officer's
/// referral, which stays between the offices.
pub fn shown_to_worker(r: &complaint_recipient::Model) -> bool {
    !(r.role == crate::domain::routing::Role::Copy && r.rule_id.is_none())
}
