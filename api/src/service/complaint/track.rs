//! A worker looks up their complaint with the reference and the receipt code.

use crate::domain::language::Language;
use crate::domain::reference::{ReceiptCode, Reference};
use crate::service::ProblemCode;
use crate::service::complaint::views::{ComplaintView, RecipientView, TimelineItem};
use crate::service::routing::office_name;
use crate::service::{AppState, ServiceError};
use crate::store;
use crate::store::entity::complaint;

/// A receipt hash that matches nothing: checked when the reference is unknown, so that an unknown
/// reference and a wrong code take the same time as well as giving the same answer.
const DUMMY_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The complaint a reference and receipt code open; the same "not found" for an unknown
/// reference and a wrong code. Wrong codes are counted per reference whatever the address they
/// come from; once a reference has had the limit's worth in a minute, it opens for nobody until
/// the minute ends (429), so that codes cannot be guessed from many addresses at once.
pub async fn open(
    state: &AppState,
    reference: &str,
    receipt_code: Option<&str>,
) -> Result<complaint::Model, ServiceError> {
    let not_found = ServiceError::NotFound(ProblemCode::ComplaintNotFound);
    let Ok(reference) = Reference::parse(reference) else {
        return Err(not_found);
    };
    let key = reference.to_string();
    state
        .receipt_failures
        .reached(&key)
        .map_err(|seconds| ServiceError::RateLimited { code: ProblemCode::RateLimited, seconds })?;
    let Some(code) = receipt_code.and_then(ReceiptCode::parse) else {
        state.receipt_failures.record(key);
        return Err(not_found);
    };
    let found = store::complaints::find_by_reference(&state.db, reference.as_str()).await?;
    let stored_hash = found.as_ref().map_or(DUMMY_HASH, |c| c.receipt_hash.as_str());
    let matches = state.secrets.receipt_matches(reference.as_str(), code.expose(), stored_hash);
    match found {
        Some(c) if matches => Ok(c),
        _ => {
            state.receipt_failures.record(key);
            Err(not_found)
        }
    }
}

pub async fn track(
    state: &AppState,
    reference: &str,
    receipt_code: Option<&str>,
    lang: Language,
) -> Result<ComplaintView, ServiceError> {
    let complaint = open(state, reference, receipt_code).await?;

    let mut recipients = store::complaints::active_recipients(&state.db, complaint.id).await?;
    recipients.retain(crate::service::document::shown_to_worker);
    let office_ids: Vec<i64> = recipients.iter().map(|r| r.office_id).collect();
    let offices = store::directory::offices_by_ids(&state.db, &office_ids).await?;
    let recipients = recipients
        .iter()
        .filter_map(|r| {
            let office = offices.iter().find(|o| o.id == r.office_id)?;
            Some(RecipientView {
                id: office.id,
                name: office_name(office, lang).to_owned(),
                kind: office.kind,
                role: r.role,
            })
        })
        .collect();
    // The bases are the handling office's kind's: what its dates are, the law's or its own promise.
    let primary_kind = offices
        .iter()
        .find(|o| o.id == complaint.primary_office_id)
        .map(|o| o.kind)
        .ok_or_else(|| ServiceError::Internal("the handling office is missing".into()))?;
    let rules = state.deadlines.get(&state.db).await?;
    let terms = rules.of(primary_kind)?;
    let timeline = store::complaints::worker_timeline(&state.db, complaint.id)
        .await?
        .into_iter()
        .map(|e| TimelineItem { at: e.at, kind: e.kind, status: e.status, message: e.message })
        .collect();
    Ok(ComplaintView {
        reference: complaint.reference,
        status: complaint.status,
        category: complaint.category,
        region_code: complaint.region_code,
        created_at: complaint.created_at,
        updated_at: complaint.updated_at,
        acknowledge_by: complaint.acknowledge_by,
        acknowledge_basis: terms.acknowledge.basis,
        result_by: complaint.result_by,
        result_basis: terms.result.basis,
        result_extension_reason: complaint.result_extension_reason,
        recipients,
        timeline,
    })
}
