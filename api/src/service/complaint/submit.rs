//! Filing a complaint. One transaction stores the complaint, its recipients, its routing decision,
//! its first event and (with an Idempotency-Key) the encrypted answer, so that a retry on a bad
//! network replays the first answer instead of filing twice.

use crate::domain::deadline::Dates;
use crate::domain::field_error::FieldError;
use crate::domain::language::Language;
use crate::domain::names::name_key;
use crate::domain::reference::{ReceiptCode, Reference};
use crate::domain::role::StaffRole;
use crate::domain::status::Status;
use crate::notify::messages::{self, FiledCase};
use crate::secrets::random_bytes;
use crate::service::complaint::input::ComplaintRequest;
use crate::service::complaint::validate::{ComplaintDraft, parse_complaint};
use crate::service::complaint::views::ComplaintCreated;
use crate::service::complaint::writer;
use crate::service::routing::decide;
use crate::service::staff::auth::Caller;
use crate::service::time_format;
use crate::service::{AppState, ServiceError};
use crate::store;
use crate::store::complaints::{ComplaintInsert, EventInsert, NewComplaint, RecipientInsert};
use crate::store::entity::idempotency_key;
use chrono::Duration;

/// How long an answer is kept for replay.
pub const IDEMPOTENCY_TTL_HOURS: i64 = 24;

/// Whose keys these are: keys of different scopes never collide. Each volunteer has their own
/// (`staff:ID`).
pub const PUBLIC_SCOPE: &str = "public";

/// An Idempotency-Key with the exact bytes of the request it came with.
pub struct Idempotency<'a> {
    pub key: &'a str,
    pub body: &'a [u8],
    /// What else the key is bound to besides its filer (the public, or one volunteer): empty for
    /// the API; for the HTML form, the browser's own HttpOnly cookie, so that the form's keys live
    /// in a scope of their own and a key learnt elsewhere replays nothing in another browser.
    pub binding: String,
}

impl Idempotency<'_> {
    fn scope(&self, filer: &str) -> String {
        format!("{filer}{}", self.binding)
    }
}

/// The answer to a filing: the complaint as filed (201), the same on a replay, where it is read
/// back from the stored answer (serialised again it gives the same bytes: one struct, one
/// serialiser, times in one format).
#[derive(Clone, Debug)]
pub struct Answer {
    pub created: ComplaintCreated,
    /// Answered from the stored answer of an earlier request with the same key and body.
    pub replayed: bool,
}

fn draw<T>(make: impl Fn(&[u8]) -> Option<T>) -> Result<T, ServiceError> {
    for _ in 0..8 {
        if let Some(value) = make(&random_bytes::<32>()?) {
            return Ok(value);
        }
    }
    Err(ServiceError::Internal("the random number generator gave unusable output".into()))
}

/// Looks up a stored answer for the key in its scope. `Ok(None)` when there is none (or it has
/// expired). The answer, receipt code included, is given back only to a request that proves it is
/// the same filing: the same key in the same scope with the same body; any other body is
/// `IdempotencyKeyReused`, never the answer.
async fn stored_answer(state: &AppState, idem: &Idempotency<'_>, scope: &str) -> Result<Option<Answer>, ServiceError> {
    let key_hash = state.secrets.idempotency_key_hash(scope, idem.key);
    let Some(row) = store::idempotency::find(&state.db, &key_hash).await? else {
        return Ok(None);
    };
    let now = state.clock.now();
    if row.expires_at <= now {
        store::idempotency::delete_if_expired(&state.db, &key_hash, now).await?;
        return Ok(None);
    }
    if row.request_hash != state.secrets.idempotency_request_hash(scope, idem.body) {
        return Err(ServiceError::IdempotencyKeyReused);
    }
    let body = state
        .secrets
        .open_answer(idem.key, &row.nonce, &row.response)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let created = serde_json::from_slice::<ComplaintCreated>(&body)
        .map_err(|e| ServiceError::Internal(format!("a stored answer cannot be read: {e}")))?;
    Ok(Some(Answer { created, replayed: true }))
}

/// Who files: the worker themselves, or a signed-in volunteer on their behalf (who must say how
/// the worker consented). Staff of the offices do not file.
pub fn filer_of(
    caller: Option<&Caller>,
    request: &ComplaintRequest,
) -> Result<(String, Option<i64>, Option<String>), ServiceError> {
    let Some(caller) = caller else { return Ok((PUBLIC_SCOPE.to_owned(), None, None)) };
    if caller.role != StaffRole::Volunteer {
        return Err(ServiceError::Forbidden);
    }
    let method = request.on_behalf.as_ref().and_then(|o| o.consent_method.as_deref()).map(str::trim);
    match method {
        Some(m @ ("verbal" | "written" | "in_app")) => {
            Ok((format!("staff:{}", caller.staff_id), Some(caller.staff_id), Some(m.to_owned())))
        }
        Some(_) => {
            Err(ServiceError::Validation(vec![FieldError::new("on_behalf.consent_method", "consent_method_invalid")]))
        }
        None => Err(ServiceError::Validation(vec![FieldError::new("on_behalf", "on_behalf_required")])),
    }
}

pub async fn submit(
    state: &AppState,
    request: ComplaintRequest,
    idempotency: Option<Idempotency<'_>>,
    lang: Language,
    caller: Option<&Caller>,
) -> Result<Answer, ServiceError> {
    let (filer, filed_by, consent_method) = filer_of(caller, &request)?;
    let scope = idempotency.as_ref().map(|i| i.scope(&filer)).unwrap_or_default();
    // A retry is answered from the stored answer before anything else is looked at, so that it
    // gets the first answer even if the rules changed in between.
    if let Some(idem) = &idempotency
        && let Some(answer) = stored_answer(state, idem, &scope).await?
    {
        return Ok(answer);
    }
    let today = state.clock.today_in_china();
    let draft = parse_complaint(request, &state.directory, today).map_err(ServiceError::Validation)?;
    let routed = decide(state, &draft.routing_query()).await?;
    let recipients = routed.recipient_views(lang);
    let explanation = serde_json::to_string(&routed.decision).map_err(|e| ServiceError::Internal(e.to_string()))?;
    let primary_office_id = routed.decision.primary().map_or(state.default_office_id, |r| r.office_id);
    // The handling office's kind sets the two deadlines.
    let primary_kind = routed
        .offices
        .get(&primary_office_id)
        .map(|o| o.kind)
        .ok_or_else(|| ServiceError::Internal("the primary office is not in the routing table".into()))?;
    let rules = state.deadlines.get(&state.db).await?;
    let terms = *rules.of(primary_kind)?;
    let dates = terms.dates(&rules.calendar, today);
    let acknowledge_by = dates.acknowledge_by;
    let recipient_rows: Vec<RecipientInsert> = routed
        .decision
        .recipients
        .iter()
        .map(|r| RecipientInsert { office_id: r.office_id, role: r.role, rule_id: r.rule_id })
        .collect();

    // A new reference is drawn if one ever collides with an existing complaint.
    for _ in 0..3 {
        let now = time_format::truncate(state.clock.now());
        let reference = draw(Reference::from_random)?;
        let receipt = draw(ReceiptCode::from_random)?;
        let created = ComplaintCreated {
            reference: reference.to_string(),
            receipt_code: receipt.expose().to_owned(),
            status: Status::Received,
            recipients: recipients.clone(),
            created_at: now,
            acknowledge_by,
            result_by: Some(dates.result_by),
            acknowledge_basis: Some(terms.acknowledge.basis),
            result_basis: Some(terms.result.basis),
        };
        let body = serde_json::to_vec(&created).map_err(|e| ServiceError::Internal(e.to_string()))?;
        let row =
            complaint_row(state, &draft, &reference, &receipt, primary_office_id, routed.decision.fallback, dates, now);
        let category = state.directory.category(&draft.category);
        let mail = messages::complaint_filed(
            &state.mail,
            &FiledCase {
                reference: reference.as_str(),
                category_zh: category.map_or(draft.category.as_str(), |c| c.name_zh.as_str()),
                category_en: category.map_or(draft.category.as_str(), |c| c.name_en.as_str()),
                region_name: &state.directory.full_name(draft.region.as_str()),
                affected_workers: draft.affected_workers,
                acknowledge_by,
                decision: &routed.decision,
                offices: &routed.offices,
                worker: draft
                    .contact
                    .as_ref()
                    .and_then(|c| c.email.as_deref())
                    .filter(|_| draft.notify_by_email || draft.email_receipt)
                    .map(|email| (email, draft.language)),
                receipt_by_email: draft.email_receipt,
            },
        )?;
        // The code travels sealed, under a key only the server has, until the mail is sent.
        let mut mail = mail;
        if draft.email_receipt {
            for m in mail.iter_mut().filter(|m| m.kind == "worker_confirmation") {
                m.secret = Some(state.secrets.seal_mail_secret(&m.message_id, receipt.expose())?);
            }
        }
        let row =
            ComplaintInsert { filed_by_staff_id: filed_by, on_behalf_consent_method: consent_method.clone(), ..row };
        // The stored answer is sealed here, before the write lock is taken: the lock is held only
        // for the writes themselves.
        let answer = match &idempotency {
            Some(idem) => Some(answer_row(state, idem, &scope, &body, now)?),
            None => None,
        };
        let complaint = NewComplaint {
            row,
            recipients: recipient_rows.clone(),
            explanation: explanation.clone(),
            events: vec![EventInsert {
                kind: "submitted",
                status: Some(Status::Received),
                message: None,
                visible_to_worker: true,
                office_id: None,
                staff_id: None,
            }],
        };
        let filing = crate::service::complaint::filing::Filing { complaint, mail, answer, now };
        match writer::store(state, filing).await {
            Ok(()) => {
                tracing::info!(reference = %reference, category = %draft.category, region = %draft.region, "complaint filed");
                return Ok(Answer { created, replayed: false });
            }
            Err(err) if store::is_unique_violation(&err) => {
                // Either the same key won a race (answer with what it stored) or the reference
                // collided (draw again).
                if let Some(idem) = &idempotency
                    && let Some(answer) = stored_answer(state, idem, &scope).await?
                {
                    return Ok(answer);
                }
            }
            Err(err) => return Err(err.into()),
        }
    }
    Err(ServiceError::Internal("could not draw a unique reference".into()))
}

#[allow(clippy::too_many_arguments)]
fn complaint_row(
    state: &AppState,
    draft: &ComplaintDraft,
    reference: &Reference,
    receipt: &ReceiptCode,
    primary_office_id: i64,
    fallback: bool,
    dates: Dates,
    now: chrono::DateTime<chrono::Utc>,
) -> ComplaintInsert {
    let contact = draft.contact.as_ref();
    ComplaintInsert {
        reference: reference.to_string(),
        receipt_hash: state.secrets.receipt_hash(reference.as_str(), receipt.expose()),
        status: Status::Received,
        category: draft.category.clone(),
        region_code: draft.region.to_string(),
        description: draft.description.clone(),
        platform: draft.platform.clone(),
        employer: draft.employer.clone(),
        platform_key: draft.platform.as_deref().and_then(name_key),
        employer_key: draft.employer.as_deref().and_then(name_key),
        employment_mode: draft.employment_mode.map(|m| m.as_str().to_owned()),
        employer_credit_code: draft.employer_credit_code.as_ref().map(|c| c.as_str().to_owned()),
        occurred_on: draft.occurred_on,
        amount_owed_fen: draft.amount_owed.map(|a| a.fen()),
        affected_workers: i32::try_from(draft.affected_workers).unwrap_or(i32::MAX),
        tags: draft.tags.to_stored(),
        anonymous: contact.is_none(),
        contact_name: contact.map(|c| c.name.clone()),
        contact_phone: contact.map(|c| c.phone.to_string()),
        contact_email: contact.and_then(|c| c.email.clone()),
        contact_id_number: contact.and_then(|c| c.id_number.as_ref().map(|i| i.as_str().to_owned())),
        language: draft.language.tag().to_owned(),
        notify_by_email: draft.notify_by_email,
        on_behalf_consent_method: None,
        filed_by_staff_id: None,
        primary_office_id,
        routing_fallback: fallback,
        acknowledge_by: dates.acknowledge_by,
        result_by: dates.result_by,
        created_at: now,
    }
}

/// The encrypted answer kept for replays of the same Idempotency-Key.
fn answer_row(
    state: &AppState,
    idem: &Idempotency<'_>,
    scope: &str,
    body: &[u8],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<idempotency_key::Model, ServiceError> {
    let (nonce, response) =
        state.secrets.seal_answer(idem.key, body).map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok(idempotency_key::Model {
        key_hash: state.secrets.idempotency_key_hash(scope, idem.key),
        request_hash: state.secrets.idempotency_request_hash(scope, idem.body),
        status_code: 201,
        nonce,
        response,
        created_at: now,
        expires_at: now + Duration::hours(IDEMPOTENCY_TTL_HOURS),
    })
}
