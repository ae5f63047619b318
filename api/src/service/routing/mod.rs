//! Routing as a use case: load the rules that could apply, decide, name the offices.

use crate::domain::competence::{Resolution, Step, resolve};
use crate::domain::language::Language;
use crate::domain::office::OfficeKind;
use crate::domain::region::{RegionCode, RegionLevel};
use crate::domain::routing::{Decision, RoutingInput, Rule, route};
use crate::service::complaint::validate::{RoutingQuery, parse_routing_query};
use crate::service::complaint::views::{RecipientView, RoutingPreview};
use crate::service::{AppState, ServiceError};
use crate::store::entity::{office, routing_rule};
use std::collections::HashMap;

pub mod cache;
pub mod notes;

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
        target_kind: r.target_kind,
        target_level: r.target_level,
        role: r.role,
        priority: r.priority,
    })
}

pub async fn decide(state: &AppState, query: &RoutingQuery) -> Result<Routed, ServiceError> {
    let table = state.routing.get(&state.db).await?;
    let prefixes = query.region.prefixes();
    // The rules for the whole country and for the region or any region above it.
    let rows = table.rules.iter().filter(|r| r.region_prefix.as_deref().is_none_or(|p| prefixes.contains(&p)));
    // A rule that points at a disabled office cannot deliver anything: it does not take part. (A
    // rule that names a kind finds the active office of the place, or says that it found none.)
    let rules: Vec<Rule> = rows
        .filter(|r| r.office_id.is_none_or(|id| table.offices.get(&id).is_some_and(|o| o.active)))
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
    let decision = route(&rules, &input, state.default_office_id, |kind, level| {
        resolve(kind, level, &query.region, |code| table.seats.get(&(kind, code.to_owned())).copied())
    });
    // The offices the decision names or passed over, and the default office (the fallback's).
    let offices = decision
        .recipients
        .iter()
        .map(|r| r.office_id)
        .chain(decision.matched.iter().filter_map(|m| m.rule.office_id))
        .chain(decision.matched.iter().filter_map(|m| m.resolution.as_ref()).flat_map(step_offices))
        .chain(std::iter::once(state.default_office_id))
        .filter_map(|id| table.offices.get(&id).map(|o| (id, o.clone())))
        .collect();
    Ok(Routed { decision, offices })
}

fn step_offices(resolution: &Resolution) -> impl Iterator<Item = i64> + '_ {
    resolution.steps.iter().filter_map(|s| match s {
        Step::Chosen { office_id, .. } | Step::Inactive { office_id, .. } => Some(*office_id),
        Step::Missing { .. } => None,
    })
}

/// The competent office of `kind` for `place` at `level` or above, outside a routing decision
/// (a lead's procuratorate, the procuratorate a union refers a case to), read inside the caller's
/// transaction: `None` when no level has an active one.
pub async fn competent_office<C: sea_orm::ConnectionTrait>(
    db: &C,
    kind: OfficeKind,
    level: RegionLevel,
    place: &RegionCode,
) -> Result<Option<office::Model>, sea_orm::DbErr> {
    let offices = crate::store::directory::offices_of_kind_in(db, kind, &place.prefixes()).await?;
    let seats = cache::seats(offices.iter());
    let resolution = resolve(kind, level, place, |code| seats.get(&(kind, code.to_owned())).copied());
    Ok(resolution.office_id().and_then(|id| offices.into_iter().find(|o| o.id == id)))
}

pub fn office_name(office: &office::Model, lang: Language) -> &str {
    match lang {
        Language::ZhCn => &office.name_zh,
        Language::En => &office.name_en,
    }
}

impl Routed {
    /// Where an office was found above the level its rule prefers, in words (see `notes`).
    pub fn fallback_notes(&self, state: &AppState, lang: Language) -> Vec<String> {
        notes::fallback_notes(
            &self.decision,
            |id| self.offices.get(&id).map(|o| office_name(o, lang).to_owned()),
            |code| state.directory.full_name(code),
            lang,
        )
    }

    pub fn recipient_views(&self, lang: Language) -> Vec<RecipientView> {
        self.decision
            .recipients
            .iter()
            .filter_map(|r| {
                let office = self.offices.get(&r.office_id)?;
                Some(RecipientView {
                    id: office.id,
                    name: office_name(office, lang).to_owned(),
                    kind: office.kind,
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
    Ok(RoutingPreview { recipients: routed.recipient_views(lang), notes: routed.fallback_notes(state, lang) })
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
    let target = |rule: &Rule| match rule.target() {
        Some(crate::domain::routing::Target::Office(id)) => name(id),
        Some(crate::domain::routing::Target::Competent { kind, level }) => {
            format!("the competent {kind} office ({} level preferred)", level.as_str())
        }
        None => "no target".to_owned(),
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
            Outcome::Unresolved => "no active office of the kind for this place at any level".to_owned(),
        };
        out.push_str(&format!(
            "  rule #{} {} -> {}: {} (region prefix {} digits, {} criteria, priority {}): {}\n",
            m.rule.id,
            m.rule.role.as_str(),
            target(&m.rule),
            criteria_text(&m.rule),
            m.rule.prefix_len(),
            m.criteria,
            m.rule.priority,
            outcome
        ));
        if let Some(resolution) = &m.resolution {
            for line in resolution_lines(resolution, |code| state.directory.full_name(code)) {
                out.push_str(&format!("      {line}\n"));
            }
        }
    }
    out
}

/// The resolution steps in words (English: the command line's and the administrators' language).
pub fn resolution_lines(resolution: &Resolution, place_name: impl Fn(&str) -> String) -> Vec<String> {
    let kind = resolution.kind;
    let mut lines: Vec<String> = resolution
        .steps
        .iter()
        .map(|step| match step {
            Step::Chosen { region, office_id } => {
                format!("resolution: {kind} of {region} ({}) is office #{office_id}: chosen", place_name(region))
            }
            Step::Inactive { region, office_id } => format!(
                "resolution: {kind} of {region} ({}) is office #{office_id}, which is disabled: fell back one level up",
                place_name(region)
            ),
            Step::Missing { region } => format!(
                "resolution: the directory has no {kind} office for {region} ({}): fell back one level up",
                place_name(region)
            ),
        })
        .collect();
    if resolution.office_id().is_none() {
        lines.push(format!("resolution: no active {kind} office at any level for this place"));
    } else if resolution.fell_back() {
        lines.push(format!("resolution: fell back from the {} level preferred by the rule", resolution.level.as_str()));
    }
    lines
}
