//! The facts a printable draft of a document is filled with. Only what the case says about the
//! dispute: never the worker's identity, which the officer adds by hand if the worker agrees.

use crate::domain::amount::AmountFen;
use crate::service::ProblemCode;
use crate::service::case::access::open;
use crate::service::document::{DocumentKind, caller_office};
use crate::service::routing::office_name;
use crate::service::staff::auth::Caller;
use crate::service::{AppState, ServiceError};
use chrono::NaiveDate;

#[derive(Clone, Debug)]
pub struct Draft {
    pub kind: DocumentKind,
    pub reference: String,
    pub category: String,
    pub region: String,
    pub platform: Option<String>,
    pub employer: Option<String>,
    pub description: String,
    pub occurred_on: Option<NaiveDate>,
    pub filed_on: NaiveDate,
    pub amount_owed: Option<String>,
    pub affected_workers: i32,
    pub office: String,
    pub today: NaiveDate,
}

impl Draft {
    /// Whom the draft addresses by default: the employer, else the platform.
    pub fn addressee(&self) -> Option<&str> {
        self.employer.as_deref().or(self.platform.as_deref())
    }
}

/// A draft of a kind the caller's office issues, for a case it may see.
pub async fn draft(state: &AppState, caller: &Caller, reference: &str, kind: &str) -> Result<Draft, ServiceError> {
    let (case, _) = open(state, caller, reference).await?;
    let kind = DocumentKind::parse(kind).ok_or(ServiceError::NotFound(ProblemCode::DocumentKindUnknown))?;
    let office = caller_office(state, caller).await?;
    if kind.issuer() != office.kind {
        return Err(ServiceError::Forbidden);
    }
    let lang = caller.language;
    let category =
        state.directory.category(&case.category).map_or_else(|| case.category.clone(), |c| c.name(lang).to_owned());
    let filed_on = (case.created_at + chrono::Duration::hours(8)).date_naive();
    Ok(Draft {
        kind,
        reference: case.reference.clone(),
        category,
        region: state.directory.full_name(&case.region_code),
        platform: case.platform.clone(),
        employer: case.employer.clone(),
        description: case.description.clone(),
        occurred_on: case.occurred_on,
        filed_on,
        amount_owed: case.amount_owed_fen.map(|f| AmountFen::from_fen(f).to_string()),
        affected_workers: case.affected_workers,
        office: office_name(&office, lang).to_owned(),
        today: state.clock.today_in_china(),
    })
}
