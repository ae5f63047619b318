//! Who may see a case and what they may do with it: the one place where an office's access is
//! decided. Another office's case is "not found"; a copied office reads, the handling office acts.

use crate::domain::role::StaffRole;
use crate::service::ProblemCode;
use crate::service::staff::auth::Caller;
use crate::service::{AppState, ServiceError};
use crate::store;
use crate::store::entity::complaint;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// The handling office (or an administrator): may act.
    Act,
    /// A copied office: may read.
    Read,
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
    let not_found = ServiceError::NotFound(ProblemCode::CaseNotFound);
    let reference = crate::domain::reference::Reference::parse(reference)
        .map_err(|_| ServiceError::NotFound(ProblemCode::CaseNotFound))?;
    let case = store::complaints::find_by_reference(&state.db, reference.as_str()).await?.ok_or(not_found)?;
    if caller.role == StaffRole::Admin {
        return Ok((case, Access::Act));
    }
    let office = caller.office_id.ok_or(ServiceError::NotFound(ProblemCode::CaseNotFound))?;
    let recipients = store::complaints::active_recipients(&state.db, case.id).await?;
    match recipients.iter().find(|r| r.office_id == office).map(|r| r.role.as_str()) {
        Some("primary") => Ok((case, Access::Act)),
        Some(_) => Ok((case, Access::Read)),
        None => Err(ServiceError::NotFound(ProblemCode::CaseNotFound)),
    }
}

pub(crate) fn acting(access: Access) -> Result<(), ServiceError> {
    if access == Access::Act { Ok(()) } else { Err(ServiceError::Forbidden) }
}
