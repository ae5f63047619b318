//! Staff accounts

use super::*;
use crate::service::ProblemCode;

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct StaffView {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub office_id: Option<i64>,
    pub language: String,
    pub active: bool,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub last_login_at: Option<String>,
}

impl From<staff::Model> for StaffView {
    fn from(s: staff::Model) -> Self {
        Self {
            id: s.id,
            created_at: time(&s.created_at),
            last_login_at: s.last_login_at.as_ref().map(time),
            email: s.email,
            display_name: s.display_name,
            role: s.role.as_str().to_owned(),
            office_id: s.office_id,
            language: s.language,
            active: s.active,
        }
    }
}

/// Only the fields given change.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct StaffPatch {
    pub display_name: Option<String>,
    /// `admin`, `officer` (needs an office) or `volunteer`.
    pub role: Option<String>,
    pub office_id: Option<i64>,
    /// false disables the account and signs it out everywhere.
    pub active: Option<bool>,
}

pub async fn list_staff(state: &AppState, caller: &Caller) -> Result<Vec<StaffView>, ServiceError> {
    require_admin(caller)?;
    Ok(store::staff::list(&state.db).await?.into_iter().map(StaffView::from).collect())
}

pub async fn create_staff(
    state: &AppState,
    caller: &Caller,
    input: NewStaffInput,
) -> Result<CreatedStaff, ServiceError> {
    require_admin(caller)?;
    crate::service::staff::accounts::add(state, input, Some(caller.staff_id)).await
}

pub async fn update_staff(
    state: &AppState,
    caller: &Caller,
    id: i64,
    patch: StaffPatch,
) -> Result<StaffView, ServiceError> {
    require_admin(caller)?;
    let current =
        store::staff::by_id(&state.db, id).await?.ok_or(ServiceError::NotFound(ProblemCode::StaffNotFound))?;
    let mut errors = Vec::new();
    let display_name = match patch.display_name.map(|name| text_field("display_name", &name, Lines::One)) {
        Some(Err(e)) => {
            errors.push(e);
            current.display_name.clone()
        }
        Some(Ok(name)) if name.is_empty() => {
            errors.push(FieldError::new("display_name", "required"));
            current.display_name.clone()
        }
        Some(Ok(name)) => name,
        None => current.display_name.clone(),
    };
    let role = match &patch.role {
        Some(r) => StaffRole::parse(r),
        None => Some(current.role),
    };
    let office_id = patch.office_id.or(current.office_id);
    let active = patch.active.unwrap_or(current.active);
    match role {
        None => errors.push(FieldError::new("role", "role_invalid")),
        Some(StaffRole::Officer) => match office_id {
            None => errors.push(FieldError::new("office_id", "office_required")),
            Some(office) => {
                if !store::directory::offices_by_ids(&state.db, &[office]).await?.iter().any(|o| o.active) {
                    errors.push(FieldError::new("office_id", "office_unknown"));
                }
            }
        },
        Some(_) => {}
    }
    // An administrator cannot lock themselves out (and so leave nobody to administer).
    if id == caller.staff_id && (!active || role.is_some_and(|r| r != StaffRole::Admin)) {
        errors.push(FieldError::new(if active { "role" } else { "active" }, "own_account"));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Validation(errors));
    }
    let role = role.ok_or(ServiceError::Forbidden)?;
    let office_id = if role == StaffRole::Officer { office_id } else { None };
    let moved = role != current.role || office_id != current.office_id;
    let txn = store::begin_write(&state.db).await?;
    store::admin::update_staff(&txn, id, display_name, role, office_id).await?;
    if active != current.active {
        // Also revokes every token of the account.
        store::staff::set_active(&txn, id, active).await?;
    } else if moved {
        // Tokens issued for the old role or office stop working.
        store::staff::bump_token_version(&txn, id).await?;
    }
    let action = match (current.active, active) {
        (true, false) => "staff_disabled",
        (false, true) => "staff_enabled",
        _ => "staff_updated",
    };
    let details =
        format!("role={} office={}", role.as_str(), office_id.map_or_else(|| "-".to_owned(), |o| o.to_string()));
    audit(state, &txn, Some(caller), action, format!("{} (#{id})", current.email), Some(details)).await?;
    txn.commit().await?;
    store::staff::by_id(&state.db, id)
        .await?
        .map(StaffView::from)
        .ok_or(ServiceError::NotFound(ProblemCode::StaffNotFound))
}

/// Whose password was reset, and the new one.
#[derive(Clone, Debug)]
pub struct PasswordReset {
    pub email: String,
    pub password: String,
}

/// An administrator's reset: a generated password, shown to the administrator once, and every
/// token of the account revoked (the person signs in again with the new password).
pub async fn reset_staff_password(state: &AppState, caller: &Caller, id: i64) -> Result<PasswordReset, ServiceError> {
    require_admin(caller)?;
    let account =
        store::staff::by_id(&state.db, id).await?.ok_or(ServiceError::NotFound(ProblemCode::StaffNotFound))?;
    let password = crate::service::staff::auth::generate_password()?;
    let hash = crate::service::staff::auth::hash_password(&password)?;
    let txn = store::begin_write(&state.db).await?;
    store::staff::set_password(&txn, account.id, hash).await?;
    audit(state, &txn, Some(caller), "password_reset", format!("{} (#{id})", account.email), None).await?;
    txn.commit().await?;
    Ok(PasswordReset { email: account.email, password })
}
