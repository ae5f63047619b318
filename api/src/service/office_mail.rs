//! Emails to the office handling a case about something the worker (or other staff) did, built
//! before the change's transaction so that they are written in it. They carry the case's facts
//! and a link, never what was added: the office reads that behind the login.

use super::{AppState, ServiceError};
use crate::domain::language::Language;
use crate::notify::messages::to_office;
use crate::notify::templates::{CaseFacts, Rendered};
use crate::store;
use crate::store::entity::complaint;
use crate::store::outbox::NewMessage;

/// The messages to each address of the case's primary office, in the office's language; none when
/// that office is disabled.
pub async fn to_primary_office(
    state: &AppState,
    case: &complaint::Model,
    kind: &'static str,
    render: impl Fn(&CaseFacts<'_>, Language) -> Rendered,
) -> Result<Vec<NewMessage>, ServiceError> {
    let office = store::directory::offices_by_ids(&state.db, &[case.primary_office_id]).await?.into_iter().next();
    let Some(office) = office.filter(|o| o.active) else { return Ok(Vec::new()) };
    let lang = Language::parse(&office.language).unwrap_or_default();
    let link = format!("{}/console/cases/{}", state.mail.public_url, case.reference);
    let category = state.directory.category(&case.category).map_or(case.category.as_str(), |c| c.name(lang));
    let facts = CaseFacts {
        reference: &case.reference,
        category,
        region: &state.directory.full_name(&case.region_code),
        affected_workers: u32::try_from(case.affected_workers).unwrap_or(1),
        acknowledge_by: case.acknowledge_by,
        link: &link,
    };
    Ok(to_office(&state.mail, kind, Some(case.id), &office, lang, &render(&facts, lang))?)
}
