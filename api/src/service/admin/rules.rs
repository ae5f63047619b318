//! Routing rules

use super::*;
use crate::domain::office::OfficeKind;
use crate::domain::region::RegionLevel;
use crate::service::ProblemCode;

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RuleView {
    pub id: i64,
    pub category: Option<String>,
    pub region_prefix: Option<String>,
    pub platform: Option<String>,
    pub min_affected_workers: Option<i32>,
    pub required_tag: Option<String>,
    /// The one office the rule names; absent for a rule that names a kind.
    pub office_id: Option<i64>,
    /// The kind whose competent office for the complaint's place the rule names.
    pub target_kind: Option<OfficeKind>,
    /// The level preferred for `target_kind`: `county`, `city` or `province`.
    pub target_level: Option<RegionLevel>,
    pub role: Role,
    pub priority: i32,
    pub active: bool,
    pub note: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<routing_rule::Model> for RuleView {
    fn from(r: routing_rule::Model) -> Self {
        Self {
            id: r.id,
            created_at: time(&r.created_at),
            role: r.role,
            category: r.category,
            region_prefix: r.region_prefix,
            platform: r.platform,
            min_affected_workers: r.min_affected_workers,
            required_tag: r.required_tag,
            office_id: r.office_id,
            target_kind: r.target_kind,
            target_level: r.target_level,
            priority: r.priority,
            active: r.active,
            note: r.note,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct NewRuleInput {
    /// A category code; absent matches every category.
    pub category: Option<String>,
    /// 2, 4 or 6 digits of an existing region; absent matches everywhere.
    pub region_prefix: Option<String>,
    pub platform: Option<String>,
    /// From 1 to 100000.
    pub min_affected_workers: Option<i32>,
    /// women, disability, minor, migrant or injury.
    pub required_tag: Option<String>,
    /// An active office; or, instead, `target_kind`.
    pub office_id: Option<i64>,
    /// A kind of office (`labour_inspection`, `trade_union` …): the rule names the competent
    /// office of that kind for the complaint's place.
    pub target_kind: Option<String>,
    /// With `target_kind`: the level preferred, `county` (default), `city` or `province`; a
    /// disabled or missing office there falls back one level up.
    pub target_level: Option<String>,
    /// `primary` or `copy`.
    pub role: String,
    /// Default 0; breaks ties between equally specific primary rules.
    pub priority: Option<i32>,
    /// Default true.
    pub active: Option<bool>,
    pub note: Option<String>,
}

/// Only the fields given change; `null` clears a criterion.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct RulePatch {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub category: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub region_prefix: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub platform: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i32>)]
    pub min_affected_workers: Option<Option<i32>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub required_tag: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub office_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub target_kind: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub target_level: Option<Option<String>>,
    pub role: Option<String>,
    pub priority: Option<i32>,
    pub active: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub note: Option<Option<String>>,
}

/// Checks a rule: the office exists and is active, the prefix exists, and the rule could match
/// some complaint.
async fn check_rule(state: &AppState, mut r: RuleFields) -> Result<RuleFields, ServiceError> {
    let mut errors = Vec::new();
    r.category = non_empty(r.category.take());
    if let Some(category) = &r.category
        && state.directory.category(category).is_none()
    {
        errors.push(FieldError::new("category", "rule_never_matches"));
    }
    r.region_prefix = non_empty(r.region_prefix.take());
    if let Some(prefix) = &r.region_prefix {
        match RegionCode::parse(prefix) {
            Ok(region) if state.directory.region(&region).is_some() => {
                r.region_prefix = Some(region.as_str().to_owned());
            }
            _ => errors.push(FieldError::new("region_prefix", "prefix_unknown")),
        }
    }
    // Cleaned as complaints' platforms are, or the two would not compare equal.
    r.platform = optional_text_field("platform", r.platform.as_deref(), Lines::One).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    if r.platform.as_deref().is_some_and(|p| p.chars().count() > 100) {
        errors.push(FieldError::new("platform", "too_long").with("max", 100));
    }
    if let Some(min) = r.min_affected_workers
        && !(1..=MAX_AFFECTED_WORKERS).contains(&min)
    {
        errors.push(FieldError::new("min_affected_workers", "rule_never_matches"));
    }
    r.required_tag = non_empty(r.required_tag.take());
    if let Some(tag) = &r.required_tag {
        match Tag::parse(tag) {
            Some(t) => r.required_tag = Some(t.as_str().to_owned()),
            None => errors.push(FieldError::new("required_tag", "rule_never_matches")),
        }
    }
    match Role::parse(r.role.trim()) {
        Some(role) => r.role = role.as_str().to_owned(),
        None => errors.push(FieldError::new("role", "rule_role_invalid")),
    }
    // A rule names one office or one kind of office, never both and never neither.
    r.target_kind = non_empty(r.target_kind.take()).map(|k| k.trim().to_owned());
    r.target_level = non_empty(r.target_level.take()).map(|l| l.trim().to_owned());
    match (r.office_id, r.target_kind.as_deref()) {
        (Some(id), None) => {
            if !store::directory::offices_by_ids(&state.db, &[id]).await?.iter().any(|o| o.active) {
                errors.push(FieldError::new("office_id", "office_unknown"));
            }
            if r.target_level.is_some() {
                errors.push(FieldError::new("target_level", "rule_target_invalid"));
            }
        }
        (None, Some(kind)) => {
            if !OfficeKind::parse(kind).is_some_and(OfficeKind::is_territorial) {
                errors.push(FieldError::new("target_kind", "kind_invalid"));
            }
            let level = r.target_level.get_or_insert_with(|| RegionLevel::County.as_str().to_owned());
            if RegionLevel::parse(level).is_none() {
                errors.push(FieldError::new("target_level", "rule_target_invalid"));
            }
        }
        _ => errors.push(FieldError::new("office_id", "rule_target_invalid")),
    }
    r.note = optional_text_field("note", r.note.as_deref(), Lines::Many).unwrap_or_else(|e| {
        errors.push(e);
        None
    });
    if r.note.as_deref().is_some_and(|n| n.chars().count() > 500) {
        errors.push(FieldError::new("note", "too_long").with("max", 500));
    }
    if errors.is_empty() { Ok(r) } else { Err(ServiceError::Validation(errors)) }
}

fn rule_details(r: &RuleFields) -> String {
    format!(
        "category={} region={} platform={} min_affected={} tag={} target={} role={} priority={} active={}",
        r.category.as_deref().unwrap_or("-"),
        r.region_prefix.as_deref().unwrap_or("-"),
        r.platform.as_deref().unwrap_or("-"),
        r.min_affected_workers.map_or_else(|| "-".to_owned(), |m| m.to_string()),
        r.required_tag.as_deref().unwrap_or("-"),
        match (r.office_id, r.target_kind.as_deref()) {
            (Some(id), _) => format!("office #{id}"),
            (None, Some(kind)) => format!("{kind}@{}", r.target_level.as_deref().unwrap_or("county")),
            (None, None) => "-".to_owned(),
        },
        r.role,
        r.priority,
        r.active
    )
}

pub async fn list_rules(state: &AppState, caller: &Caller) -> Result<Vec<RuleView>, ServiceError> {
    require_admin(caller)?;
    Ok(store::admin::rules(&state.db).await?.into_iter().map(RuleView::from).collect())
}

pub async fn create_rule(state: &AppState, caller: &Caller, input: NewRuleInput) -> Result<RuleView, ServiceError> {
    require_admin(caller)?;
    let fields = check_rule(
        state,
        RuleFields {
            category: input.category,
            region_prefix: input.region_prefix,
            platform: input.platform,
            min_affected_workers: input.min_affected_workers,
            required_tag: input.required_tag,
            office_id: input.office_id,
            target_kind: input.target_kind,
            target_level: input.target_level,
            role: input.role,
            priority: input.priority.unwrap_or(0),
            active: input.active.unwrap_or(true),
            note: input.note,
        },
    )
    .await?;
    let details = rule_details(&fields);
    let txn = store::begin_write(&state.db).await?;
    let id = store::admin::insert_rule(&txn, fields, state.clock.now()).await?;
    audit(state, &txn, Some(caller), "routing_rule_created", format!("rule #{id}"), Some(details)).await?;
    txn.commit().await?;
    state.routing.invalidate();
    store::admin::rule(&state.db, id)
        .await?
        .map(RuleView::from)
        .ok_or(ServiceError::NotFound(ProblemCode::RuleNotFound))
}

pub async fn update_rule(
    state: &AppState,
    caller: &Caller,
    id: i64,
    patch: RulePatch,
) -> Result<RuleView, ServiceError> {
    require_admin(caller)?;
    let current = store::admin::rule(&state.db, id).await?.ok_or(ServiceError::NotFound(ProblemCode::RuleNotFound))?;
    let fields = check_rule(
        state,
        RuleFields {
            category: patch.category.unwrap_or(current.category),
            region_prefix: patch.region_prefix.unwrap_or(current.region_prefix),
            platform: patch.platform.unwrap_or(current.platform),
            min_affected_workers: patch.min_affected_workers.unwrap_or(current.min_affected_workers),
            required_tag: patch.required_tag.unwrap_or(current.required_tag),
            office_id: patch.office_id.unwrap_or(current.office_id),
            target_kind: patch.target_kind.unwrap_or_else(|| current.target_kind.map(|k| k.as_str().to_owned())),
            target_level: patch.target_level.unwrap_or_else(|| current.target_level.map(|l| l.as_str().to_owned())),
            role: patch.role.unwrap_or_else(|| current.role.as_str().to_owned()),
            priority: patch.priority.unwrap_or(current.priority),
            active: patch.active.unwrap_or(current.active),
            note: patch.note.unwrap_or(current.note),
        },
    )
    .await?;
    let action = match (current.active, fields.active) {
        (true, false) => "routing_rule_disabled",
        (false, true) => "routing_rule_enabled",
        _ => "routing_rule_updated",
    };
    let details = rule_details(&fields);
    let txn = store::begin_write(&state.db).await?;
    store::admin::update_rule(&txn, id, fields).await?;
    audit(state, &txn, Some(caller), action, format!("rule #{id}"), Some(details)).await?;
    txn.commit().await?;
    state.routing.invalidate();
    store::admin::rule(&state.db, id)
        .await?
        .map(RuleView::from)
        .ok_or(ServiceError::NotFound(ProblemCode::RuleNotFound))
}
