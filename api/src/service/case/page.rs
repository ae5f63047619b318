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
        })
        .collect())
}

/// Active offices other than the caller's own, for a transfer.
pub async fn transfer_targets(state: &AppState, caller: &Caller, lang: Language) -> Result<Vec<Choice>, ServiceError> {
    let mut out: Vec<Choice> = store::admin::offices(&state.db)
        .await?
        .iter()
        .filter(|o| o.active && Some(o.id) != caller.office_id)
        .map(|o| Choice { id: o.id, name: office_name(o, lang).to_owned() })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
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
