//! Routing as a use case: load the rules that could apply, decide, name the offices.

use crate::domain::language::Language;
use crate::domain::routing::{Decision, RoutingInput, Rule, route};
use crate::service::complaint::validate::{RoutingQuery, parse_routing_query};
use crate::service::complaint::views::{RecipientView, RoutingPreview};
use crate::service::{AppState, ServiceError};
use crate::store::entity::{office, routing_rule};
use std::collections::HashMap;

pub mod cache;

/// A decision with the offices it names.
pub struct Routed {
    pub decision: Decision,
    pub offices: HashMap<i64, office::Model>,
}

fn to_rule(r: routing_rule::Model) -> Option<Rule> {
    Some(Rule {
        id: r.id,
        category: r.category,
        region_prefix: r.region_prefix,
        platform: r.platform,
        min_affected_workers: r.min_affected_workers.map(|m| u32::try_from(m).unwrap_or(0)),
        required_tag: r.required_tag,
        office_id: r.office_id,
        role: r.role,
        priority: r.priority,
    })
}

pub async fn decide(state: &AppState, query: &RoutingQuery) -> Result<Routed, ServiceError> {
    let table = state.routing.get(&state.db).await?;
    let prefixes = query.region.prefixes();
    // The rules for the whole country and for the region or any region above it.
    let rows = table.rules.iter().filter(|r| r.region_prefix.as_deref().is_none_or(|p| prefixes.contains(&p)));
    // A rule that points at a disabled office cannot deliver anything: it does not take part.
    let rules: Vec<Rule> = rows
        .filter(|r| table.offices.get(&r.office_id).is_some_and(|o| o.active))
        .cloned()
        .filter_map(to_rule)
        .collect();
    let input = RoutingInput {
        category: &query.category,
        region: &query.region,
        platform: query.platform.as_deref(),
        affected_workers: query.affected_workers,
        tags: &query.tags,
    };
    let decision = route(&rules, &input, state.default_office_id);
    // The offices the decision names, and the default office (the fallback's).
    let offices = decision
        .recipients
        .iter()
        .map(|r| r.office_id)
        .chain(std::iter::once(state.default_office_id))
        .filter_map(|id| table.offices.get(&id).map(|o| (id, o.clone())))
        .collect();
    Ok(Routed { decision, offices })
}

pub fn office_name(office: &office::Model, lang: Language) -> &str {
    match lang {
        Language::ZhCn => &office.name_zh,
        Language::En => &office.name_en,
    }
}

impl Routed {
    pub fn recipient_views(&self, lang: Language) -> Vec<RecipientView> {
        self.decision
            .recipients
            .iter()
            .filter_map(|r| {
                let office = self.offices.get(&r.office_id)?;
                Some(RecipientView {
                    id: office.id,
                    name: office_name(office, lang).to_owned(),
                    kind: office.kind.clone(),
                    role: r.role,
                })
            })
            .collect()
    }
}

/// Who would receive a complaint: shown to the worker before they consent to forwarding.
pub async fn preview(
    state: &AppState,
    req: crate::service::complaint::input::RoutingPreviewRequest,
    lang: Language,
) -> Result<RoutingPreview, ServiceError> {
    let query = parse_routing_query(req, &state.directory).map_err(ServiceError::Validation)?;
    let routed = decide(state, &query).await?;
    Ok(RoutingPreview { recipients: routed.recipient_views(lang) })
}

fn criteria_text(rule: &Rule) -> String {
    let mut parts = Vec::new();
    if let Some(c) = &rule.category {
        parts.push(format!("category={c}"));
    }
    if let Some(p) = &rule.region_prefix {
        parts.push(format!("region={p}*"));
    }
    if let Some(p) = &rule.platform {
        parts.push(format!("platform={p}"));
    }
    if let Some(m) = rule.min_affected_workers {
        parts.push(format!("affected>={m}"));
    }
    if let Some(t) = &rule.required_tag {
        parts.push(format!("tag={t}"));
    }
    if parts.is_empty() { "any complaint".to_owned() } else { parts.join(", ") }
}

/// The decision in words, with every rule behind it: for `intake routing explain` and for
/// administrators checking why a case went where it went.
pub fn explain_text(routed: &Routed, query: &RoutingQuery, state: &AppState) -> String {
    use crate::domain::routing::Outcome;
    let name = |id: i64| {
        routed
            .offices
            .get(&id)
            .map_or_else(|| format!("office #{id}"), |o| format!("#{} {} ({}, {})", o.id, o.name_zh, o.name_en, o.kind))
    };
    let tags: Vec<&str> = query.tags.iter().map(|t| t.as_str()).collect();
    let mut out = format!(
        "Complaint: category {}, region {} ({}), {} affected worker(s), platform {}, tags {}\n",
        query.category,
        query.region,
        state.directory.full_name(query.region.as_str()),
        query.affected_workers,
        query.platform.as_deref().unwrap_or("-"),
        if tags.is_empty() { "-".to_owned() } else { tags.join(",") },
    );
    for r in &routed.decision.recipients {
        let why = r.rule_id.map_or_else(
            || "no primary rule matched: default office, flagged for an administrator".to_owned(),
            |id| format!("rule #{id}"),
        );
        out.push_str(&format!("{:<8} {}  [{}]\n", format!("{}:", r.role.as_str()), name(r.office_id), why));
    }
    out.push_str("Matching rules (most specific primary first):\n");
    if routed.decision.matched.is_empty() {
        out.push_str("  none\n");
    }
    for m in &routed.decision.matched {
        let outcome = match &m.outcome {
            Outcome::Primary => "chose the primary office".to_owned(),
            Outcome::Outranked { by_rule } => format!("outranked by rule #{by_rule}"),
            Outcome::Copied => "copied the office in".to_owned(),
            Outcome::AlreadyRecipient => "office already receives the case".to_owned(),
        };
        out.push_str(&format!(
            "  rule #{} {} -> {}: {} (region prefix {} digits, {} criteria, priority {}): {}\n",
            m.rule.id,
            m.rule.role.as_str(),
            name(m.rule.office_id),
            criteria_text(&m.rule),
            m.rule.prefix_len(),
            m.criteria,
            m.rule.priority,
            outcome
        ));
    }
    out
}
