//! The audit entry of a staff member's action: who, what, on which case, from where.

use super::staff::auth::Caller;
use crate::store::audit::Entry;

pub fn audit_entry(
    caller: &Caller,
    action: &'static str,
    complaint_id: Option<i64>,
    target: &str,
    details: Option<String>,
    ip: Option<&str>,
) -> Entry {
    Entry {
        actor_staff_id: Some(caller.staff_id),
        actor_role: caller.role.as_str().to_owned(),
        action,
        complaint_id,
        target: Some(target.to_owned()),
        details,
        ip: ip.map(str::to_owned),
    }
}
