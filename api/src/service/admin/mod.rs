//! Administration: the office directory (also as CSV, for the API and the command line), routing
//! rules, staff accounts, failed notifications and the audit log. Administrators only; every
//! change is written to the audit log.

use super::staff::accounts::{CreatedStaff, NewStaffInput};
use super::staff::auth::Caller;
use super::text::{Lines, free_text, optional_text_field, text_field};
use super::{AppState, ServiceError};
use crate::domain::field_error::FieldError;
use crate::domain::language::Language;
use crate::domain::region::RegionCode;
use crate::domain::role::StaffRole;
use crate::domain::routing::Role;
use crate::domain::tags::Tag;
use crate::store;
use crate::store::admin::{OfficeFields, RuleFields};
use crate::store::audit::{AuditFilter, Entry};
use crate::store::entity::{audit_entry, office, outbox_message, routing_rule, staff};
use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::HashSet;
use utoipa::{IntoParams, ToSchema};

/// The largest `min_affected_workers` a rule may ask for: above it no complaint could match.
pub const MAX_AFFECTED_WORKERS: i32 = 100_000;

fn time(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// For PATCH bodies: an absent field stays as it is, `null` clears it.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Only administrators administer.
pub fn require_admin(caller: &Caller) -> Result<(), ServiceError> {
    if caller.role == StaffRole::Admin { Ok(()) } else { Err(ServiceError::Forbidden) }
}

async fn audit(
    state: &AppState,
    db: &impl sea_orm::ConnectionTrait,
    actor: Option<&Caller>,
    action: &'static str,
    target: String,
    details: Option<String>,
) -> Result<(), ServiceError> {
    let entry = Entry {
        actor_staff_id: actor.map(|c| c.staff_id),
        actor_role: actor.map_or_else(|| "command_line".to_owned(), |c| c.role.as_str().to_owned()),
        action,
        target: Some(target),
        details,
        ..Entry::default()
    };
    store::audit::append(db, entry, state.clock.now()).await?;
    Ok(())
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

mod audit;
mod calendar;
mod command_line;
mod deadlines;
mod directory_csv;
mod offices;
mod outbox;
mod rules;
mod staff_accounts;

pub use audit::*;
pub use calendar::*;
pub use command_line::*;
pub use deadlines::*;
pub use directory_csv::*;
pub use offices::*;
pub use outbox::*;
pub use rules::*;
pub use staff_accounts::*;
