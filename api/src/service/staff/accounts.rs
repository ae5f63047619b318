//! Staff accounts: creation (command line and administrators), password resets, disabling.

use crate::domain::field_error::FieldError;
use crate::domain::role::StaffRole;
use crate::service::ProblemCode;
use crate::service::staff::auth::{MIN_PASSWORD_LEN, generate_password, hash_password};
use crate::service::text::{Lines, optional_text_field};
use crate::service::{AppState, ServiceError};
use crate::store;
use crate::store::audit::Entry;
use crate::store::staff::NewStaff;

#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct NewStaffInput {
    pub email: String,
    pub display_name: Option<String>,
    /// `admin`, `officer` (needs `office_id`) or `volunteer`.
    pub role: String,
    pub office_id: Option<i64>,
    /// When absent, one is generated and returned once.
    pub password: Option<String>,
    pub language: Option<String>,
}

#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct CreatedStaff {
    pub id: i64,
    /// Only when it was generated: shown this once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generated_password: Option<String>,
}

fn check_password(password: &str, errors: &mut Vec<FieldError>) {
    if password.chars().count() < MIN_PASSWORD_LEN {
        errors.push(FieldError::new("password", "password_too_short").with("min", MIN_PASSWORD_LEN));
    }
}

/// Creates an account. `actor` is the administrator doing it, or `None` on the command line.
pub async fn add(state: &AppState, input: NewStaffInput, actor: Option<i64>) -> Result<CreatedStaff, ServiceError> {
    let mut errors = Vec::new();
    let email = input.email.trim().to_lowercase();
    if !validator::ValidateEmail::validate_email(&email) {
        errors.push(FieldError::new("email", "email_invalid"));
    } else if store::staff::by_email(&state.db, &email).await?.is_some() {
        errors.push(FieldError::new("email", "email_taken"));
    }
    let role = StaffRole::parse(&input.role);
    match role {
        None => errors.push(FieldError::new("role", "role_invalid")),
        Some(StaffRole::Officer) => match input.office_id {
            None => errors.push(FieldError::new("office_id", "office_required")),
            Some(id) => {
                if !store::directory::offices_by_ids(&state.db, &[id]).await?.iter().any(|o| o.active) {
                    errors.push(FieldError::new("office_id", "office_unknown"));
                }
            }
        },
        Some(_) => {}
    }
    if let Some(password) = &input.password {
        check_password(password, &mut errors);
    }
    let display_name =
        optional_text_field("display_name", input.display_name.as_deref(), Lines::One).unwrap_or_else(|e| {
            errors.push(e);
            None
        });
    // Stored as its canonical tag: the mails to this account are written in it.
    let language = match input.language.as_deref().map(crate::domain::language::Language::parse) {
        None => crate::domain::language::Language::default(),
        Some(Ok(lang)) => lang,
        Some(Err(_)) => {
            errors.push(FieldError::new("language", "language_unsupported"));
            crate::domain::language::Language::default()
        }
    };
    if !errors.is_empty() {
        return Err(ServiceError::Validation(errors));
    }
    let role = role.ok_or(ServiceError::Forbidden)?;
    let generated = match &input.password {
        Some(_) => None,
        None => Some(generate_password()?),
    };
    let password = input.password.as_deref().or(generated.as_deref()).unwrap_or_default();
    let id = store::staff::insert(
        &state.db,
        NewStaff {
            display_name: display_name.unwrap_or_else(|| email.clone()),
            email: email.clone(),
            password_hash: hash_password(password)?,
            role,
            office_id: if role == StaffRole::Officer { input.office_id } else { None },
            language: language.tag().to_owned(),
        },
        state.clock.now(),
    )
    .await?;
    store::audit::append(
        &state.db,
        Entry {
            actor_staff_id: actor,
            actor_role: if actor.is_some() { "admin".into() } else { "command_line".into() },
            action: "staff_created",
            target: Some(format!("{email} ({})", role.as_str())),
            ..Entry::default()
        },
        state.clock.now(),
    )
    .await?;
    Ok(CreatedStaff { id, generated_password: generated })
}

/// Sets a new password (given, or generated and returned) and revokes the account's tokens.
pub async fn reset_password(
    state: &AppState,
    email: &str,
    password: Option<String>,
) -> Result<Option<String>, ServiceError> {
    let account = store::staff::by_email(&state.db, &email.trim().to_lowercase())
        .await?
        .ok_or(ServiceError::NotFound(ProblemCode::StaffNotFound))?;
    if let Some(p) = &password {
        let mut errors = Vec::new();
        check_password(p, &mut errors);
        if !errors.is_empty() {
            return Err(ServiceError::Validation(errors));
        }
    }
    let generated = if password.is_none() { Some(generate_password()?) } else { None };
    let new = password.as_deref().or(generated.as_deref()).unwrap_or_default();
    store::staff::set_password(&state.db, account.id, hash_password(new)?).await?;
    store::audit::append(
        &state.db,
        Entry {
            actor_role: "command_line".into(),
            action: "password_reset",
            target: Some(account.email),
            ..Entry::default()
        },
        state.clock.now(),
    )
    .await?;
    Ok(generated)
}

pub async fn set_active(state: &AppState, email: &str, active: bool) -> Result<(), ServiceError> {
    let account = store::staff::by_email(&state.db, &email.trim().to_lowercase())
        .await?
        .ok_or(ServiceError::NotFound(ProblemCode::StaffNotFound))?;
    store::staff::set_active(&state.db, account.id, active).await?;
    store::audit::append(
        &state.db,
        Entry {
            actor_role: "command_line".into(),
            action: if active { "staff_enabled" } else { "staff_disabled" },
            target: Some(account.email),
            ..Entry::default()
        },
        state.clock.now(),
    )
    .await?;
    Ok(())
}
