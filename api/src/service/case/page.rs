//! What the console's case page shows around the case itself: names for the offices in its
//! routing history, the offices it can be transferred to, and the colleagues it can be assigned to.

use crate::domain::language::Language;
use crate::domain::role::StaffRole;
use crate::domain::routing::Decision;
use crate::service::routing::office_name;
use crate::service::staff::auth::Caller;
use crate::service::{AppState, ServiceError};
use crate::store;
use std::collections::HashMap;

/// One choice in a picker.
#[derive(Clone, Debug)]
pub struct Choice {
    pub id: i64,
    pub name: String,
}

/// A routing decision with its offices named.
#[derive(Clone, Debug)]
pub struct NamedDecision {
    pub recipients: Vec<(String, &'static str, Option<i64>)>,
    pub fallback: bool,
    /// Offices found above the level their rule prefers, in words.
    pub notes: Vec<String>,
}

pub async fn named_decisions(
    state: &AppState,
    routing: &[serde_json::Value],
    lang: Language,
) -> Result<Vec<NamedDecision>, ServiceError> {
    let decisions: Vec<Decision> = routing.iter().filter_map(|v| serde_json::from_value(v.clone()).ok()).collect();
    let ids: Vec<i64> = decisions.iter().flat_map(|d| d.recipients.iter().map(|r| r.office_id)).collect();
    let offices: HashMap<i64, String> = store::directory::offices_by_ids(&state.db, &ids)
        .await?
        .iter()
        .map(|o| (o.id, office_name(o, lang).to_owned()))
        .collect();
    Ok(decisions
        .iter()
        .map(|d| NamedDecision {
            recipients: d
                .recipients
                .iter()
                .map(|r| {
                    let name = offices.get(&r.office_id).cloned().unwrap_or_else(|| format!("#{}", r.office_id));
                    (name, r.role.as_str(), r.rule_id)
                })
                .collect(),
            fallback: d.fallback,
            notes: crate::service::routing::notes::fallback_notes(
                d,
                |id| offices.get(&id).cloned(),
                |code| state.directory.full_name(code),
                lang,
            ),
        })
        .collect())
}

/// The offices a case can be transferred to from the console: the active offices of every kind
/// for the case's place (its county, city and province) and the national desk, other than the
/// caller's own. The directory holds some 20,000 offices; a list of all of them would weigh more
/// than a megabyte on every case page, and a case belongs with the offices of its place. (The API
/// transfers to any active office.)
pub async fn transfer_targets(
    state: &AppState,
    caller: &Caller,
    region_code: &str,
    lang: Language,
) -> Result<Vec<Choice>, ServiceError> {
    let table = state.routing.get(&state.db).await?;
    let mut out: Vec<(usize, Choice)> = table
        .offices
        .values()
        .filter(|o| o.active && Some(o.id) != caller.office_id)
        .filter(|o| o.region_code.as_deref().is_none_or(|r| region_code.starts_with(r)))
        .map(|o| {
            (o.region_code.as_deref().map_or(0, str::len), Choice { id: o.id, name: office_name(o, lang).to_owned() })
        })
        .collect();
    // The place's own offices first: county, then city, then province, then the national desk.
    out.sort_by(|(a, x), (b, y)| b.cmp(a).then_with(|| x.name.cmp(&y.name)));
    Ok(out.into_iter().map(|(_, c)| c).collect())
}

/// Active officers of the caller's office (every officer for an administrator), for assignment.
pub async fn colleagues(state: &AppState, caller: &Caller, office_id: i64) -> Result<Vec<Choice>, ServiceError> {
    let office = if caller.role == StaffRole::Admin { office_id } else { caller.office_id.unwrap_or(-1) };
    Ok(store::staff::list(&state.db)
        .await?
        .into_iter()
        .filter(|s| s.active && s.role == StaffRole::Officer && s.office_id == Some(office))
        .map(|s| Choice { id: s.id, name: s.display_name })
        .collect())
}
