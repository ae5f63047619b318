//! The routing engine: which office handles a complaint and which are copied in.
//!
//! A rule matches when every criterion it sets matches. A rule targets either one office or "the
//! competent office of kind K" at a preferred level, resolved for the complaint's place (see
//! `competence`). The primary recipient comes from the matching primary rule with the longest
//! region prefix, then the most criteria set, then the highest priority, then the lowest id, whose
//! target resolves to an office. Every matching copy rule adds a copied office. When no primary
//! rule places the complaint, the default office takes it and it is flagged for an administrator.

use super::competence::Resolution;
use super::office::OfficeKind;
use super::region::{RegionCode, RegionLevel};
use super::tags::{Tag, TagSet};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Primary,
    Copy,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Primary => "primary",
            Self::Copy => "copy",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        match input {
            "primary" => Some(Self::Primary),
            "copy" => Some(Self::Copy),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub id: i64,
    pub category: Option<String>,
    pub region_prefix: Option<String>,
    pub platform: Option<String>,
    pub min_affected_workers: Option<u32>,
    pub required_tag: Option<String>,
    /// The one office this rule names, or
    #[serde(default)]
    pub office_id: Option<i64>,
    /// the kind whose competent office for the place it names, preferring this level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_kind: Option<OfficeKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_level: Option<RegionLevel>,
    pub role: Role,
    pub priority: i32,
}

/// Where a rule sends a complaint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Office(i64),
    Competent { kind: OfficeKind, level: RegionLevel },
}

/// What routing looks at.
#[derive(Clone, Copy, Debug)]
pub struct RoutingInput<'a> {
    pub category: &'a str,
    pub region: &'a RegionCode,
    pub platform: Option<&'a str>,
    pub affected_workers: u32,
    pub tags: &'a TagSet,
}

/// Platform names are compared without regard to width, case or spacing.
pub fn normalize_platform(input: &str) -> String {
    super::names::fold_name(input)
}

impl Rule {
    pub fn matches(&self, input: &RoutingInput<'_>) -> bool {
        self.category.as_deref().is_none_or(|c| c == input.category)
            && self.region_prefix.as_deref().is_none_or(|p| input.region.as_str().starts_with(p))
            && self
                .platform
                .as_deref()
                .is_none_or(|p| input.platform.is_some_and(|ip| normalize_platform(ip) == normalize_platform(p)))
            && self.min_affected_workers.is_none_or(|m| input.affected_workers >= m)
            && self.required_tag.as_deref().is_none_or(|t| Tag::parse(t).is_some_and(|tag| input.tags.contains(tag)))
    }

    pub fn criteria_count(&self) -> usize {
        [
            self.category.is_some(),
            self.region_prefix.is_some(),
            self.platform.is_some(),
            self.min_affected_workers.is_some(),
            self.required_tag.is_some(),
        ]
        .into_iter()
        .filter(|set| *set)
        .count()
    }

    /// What the rule targets; `None` for a rule that names neither an office nor a kind (the
    /// store refuses to write one).
    pub fn target(&self) -> Option<Target> {
        match (self.office_id, self.target_kind) {
            (Some(id), _) => Some(Target::Office(id)),
            (None, Some(kind)) => {
                Some(Target::Competent { kind, level: self.target_level.unwrap_or(RegionLevel::County) })
            }
            (None, None) => None,
        }
    }

    pub fn prefix_len(&self) -> usize {
        self.region_prefix.as_deref().map_or(0, str::len)
    }

    /// Orders primary candidates: the rule that should win comes first.
    fn precedence(&self, other: &Rule) -> Ordering {
        other
            .prefix_len()
            .cmp(&self.prefix_len())
            .then(other.criteria_count().cmp(&self.criteria_count()))
            .then(other.priority.cmp(&self.priority))
            .then(self.id.cmp(&other.id))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub office_id: i64,
    pub role: Role,
    /// The rule that put this office on the case; `None` for the default office.
    pub rule_id: Option<i64>,
}

/// What happened to one matching rule, for the explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Outcome {
    /// This rule chose the primary office.
    Primary,
    /// A primary rule that lost to a more specific one.
    Outranked { by_rule: i64 },
    /// This rule copied an office in.
    Copied,
    /// A copy rule whose office already receives the case.
    AlreadyRecipient,
    /// A rule naming a kind that has no active office for the place at any level.
    Unresolved,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedRule {
    pub rule: Rule,
    pub criteria: usize,
    #[serde(flatten)]
    pub outcome: Outcome,
    /// How a rule that names a kind found its office for the place (absent for a named office,
    /// and in decisions made before rules could name kinds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
}

/// A routing decision with everything needed to explain it later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The primary recipient first, then the copied offices in rule order.
    pub recipients: Vec<Recipient>,
    /// No primary rule matched: the default office has the case and an administrator must look.
    pub fallback: bool,
    pub matched: Vec<MatchedRule>,
}

impl Decision {
    pub fn primary(&self) -> Option<&Recipient> {
        self.recipients.iter().find(|r| r.role == Role::Primary)
    }
}

/// Decides who receives a complaint. `resolve` finds the competent office of a kind for the
/// complaint's place, preferring a level.
pub fn route(
    rules: &[Rule],
    input: &RoutingInput<'_>,
    default_office_id: i64,
    resolve: impl Fn(OfficeKind, RegionLevel) -> Resolution,
) -> Decision {
    let matching: Vec<&Rule> = rules.iter().filter(|r| r.matches(input)).collect();
    let mut primaries: Vec<&Rule> = matching.iter().copied().filter(|r| r.role == Role::Primary).collect();
    primaries.sort_by(|a, b| a.precedence(b));
    let place = |rule: &Rule| -> (Option<i64>, Option<Resolution>) {
        match rule.target() {
            Some(Target::Office(id)) => (Some(id), None),
            Some(Target::Competent { kind, level }) => {
                let resolution = resolve(kind, level);
                (resolution.office_id(), Some(resolution))
            }
            None => (None, None),
        }
    };

    let mut matched = Vec::with_capacity(matching.len());
    let mut winner: Option<(i64, i64)> = None;
    for rule in &primaries {
        let (office, resolution) = place(rule);
        let outcome = match (winner, office) {
            (Some((by_rule, _)), _) => Outcome::Outranked { by_rule },
            (None, Some(office_id)) => {
                winner = Some((rule.id, office_id));
                Outcome::Primary
            }
            (None, None) => Outcome::Unresolved,
        };
        matched.push(MatchedRule { rule: (*rule).clone(), criteria: rule.criteria_count(), outcome, resolution });
    }
    let mut recipients = vec![Recipient {
        office_id: winner.map_or(default_office_id, |(_, office)| office),
        role: Role::Primary,
        rule_id: winner.map(|(rule, _)| rule),
    }];

    let mut copies: Vec<&Rule> = matching.iter().copied().filter(|r| r.role == Role::Copy).collect();
    copies.sort_by_key(|r| r.id);
    for rule in copies {
        let (office, resolution) = place(rule);
        let outcome = match office {
            None => Outcome::Unresolved,
            Some(id) if recipients.iter().any(|r| r.office_id == id) => Outcome::AlreadyRecipient,
            Some(office_id) => {
                recipients.push(Recipient { office_id, role: Role::Copy, rule_id: Some(rule.id) });
                Outcome::Copied
            }
        };
        matched.push(MatchedRule { rule: rule.clone(), criteria: rule.criteria_count(), outcome, resolution });
    }
    Decision { recipients, fallback: winner.is_none(), matched }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::competence::{Seat, resolve};
    use std::collections::HashMap;

    fn rule(id: i64, office_id: i64, role: Role) -> Rule {
        Rule {
            id,
            category: None,
            region_prefix: None,
            platform: None,
            min_affected_workers: None,
            required_tag: None,
            office_id: Some(office_id),
            target_kind: None,
            target_level: None,
            role,
            priority: 0,
        }
    }

    fn kind_rule(id: i64, kind: OfficeKind, role: Role) -> Rule {
        Rule { office_id: None, target_kind: Some(kind), target_level: Some(RegionLevel::County), ..rule(id, 0, role) }
    }

    fn region(code: &str) -> RegionCode {
        RegionCode::parse(code).unwrap_or_else(|_| RegionCode::parse("11").unwrap_or_else(|_| unreachable!()))
    }

    fn decide(
        rules: &[Rule],
        category: &str,
        code: &str,
        platform: Option<&str>,
        affected: u32,
        tags: &[&str],
    ) -> Decision {
        let region = region(code);
        let tags = TagSet::parse(tags.iter().copied()).unwrap_or_default();
        route(
            rules,
            &RoutingInput { category, region: &region, platform, affected_workers: affected, tags: &tags },
            999,
            |kind, level| {
                // The test directory: county labour inspection 341102 is disabled, the city's is
                // active; unions everywhere in 34; no women's federation anywhere.
                let dir: HashMap<(OfficeKind, &str), Seat> = HashMap::from([
                    ((OfficeKind::LabourInspection, "341102"), Seat { office_id: 500, active: false }),
                    ((OfficeKind::LabourInspection, "3411"), Seat { office_id: 501, active: true }),
                    ((OfficeKind::TradeUnion, "341102"), Seat { office_id: 600, active: true }),
                    ((OfficeKind::TradeUnion, "341103"), Seat { office_id: 601, active: true }),
                ]);
                resolve(kind, level, &region, |code| dir.get(&(kind, code)).copied())
            },
        )
    }

    fn primary_office(d: &Decision) -> Option<i64> {
        d.primary().map(|r| r.office_id)
    }

    #[test]
    fn the_longest_region_prefix_wins() {
        let mut province = rule(1, 10, Role::Primary);
        province.region_prefix = Some("34".into());
        let mut city = rule(2, 20, Role::Primary);
        city.region_prefix = Some("3411".into());
        let mut county = rule(3, 30, Role::Primary);
        county.region_prefix = Some("341102".into());
        let rules = [province.clone(), city.clone(), county];
        assert_eq!(primary_office(&decide(&rules, "wage_arrears", "341102", None, 1, &[])), Some(30));
        assert_eq!(primary_office(&decide(&rules, "wage_arrears", "341103", None, 1, &[])), Some(20));
        assert_eq!(primary_office(&decide(&rules, "wage_arrears", "3412", None, 1, &[])), Some(10));
        let d = decide(&[province, city], "wage_arrears", "341102", None, 1, &[]);
        assert_eq!(
            d.matched.iter().find(|m| m.rule.id == 1).map(|m| &m.outcome),
            Some(&Outcome::Outranked { by_rule: 2 })
        );
    }

    #[test]
    fn then_the_most_criteria() {
        let mut broad = rule(1, 10, Role::Primary);
        broad.region_prefix = Some("34".into());
        let mut narrow = rule(2, 20, Role::Primary);
        narrow.region_prefix = Some("34".into());
        narrow.category = Some("wage_arrears".into());
        let rules = [broad, narrow];
        assert_eq!(primary_office(&decide(&rules, "wage_arrears", "341102", None, 1, &[])), Some(20));
        assert_eq!(primary_office(&decide(&rules, "other", "341102", None, 1, &[])), Some(10));
    }

    #[test]
    fn then_the_highest_priority_then_the_lowest_id() {
        let mut low = rule(1, 10, Role::Primary);
        low.category = Some("other".into());
        let mut high = rule(2, 20, Role::Primary);
        high.category = Some("other".into());
        high.priority = 5;
        assert_eq!(primary_office(&decide(&[low.clone(), high], "other", "3411", None, 1, &[])), Some(20));
        let mut same = rule(3, 30, Role::Primary);
        same.category = Some("other".into());
        assert_eq!(
            primary_office(&decide(&[same, low], "other", "3411", None, 1, &[])),
            Some(10),
            "lower id wins a tie"
        );
    }

    #[test]
    fn every_criterion_must_match() {
        let mut r = rule(1, 10, Role::Primary);
        r.platform = Some("美团".into());
        r.min_affected_workers = Some(10);
        r.required_tag = Some("women".into());
        let rules = [r];
        assert!(!decide(&rules, "other", "3411", Some(" 美团 "), 10, &["women"]).fallback);
        assert!(decide(&rules, "other", "3411", Some("饿了么"), 10, &["women"]).fallback);
        assert!(decide(&rules, "other", "3411", None, 10, &["women"]).fallback);
        assert!(decide(&rules, "other", "3411", Some("美团"), 9, &["women"]).fallback);
        assert!(decide(&rules, "other", "3411", Some("美团"), 10, &["minor"]).fallback);
    }

    #[test]
    fn copy_rules_add_offices_once() {
        let mut primary = rule(1, 10, Role::Primary);
        primary.category = Some("wage_arrears".into());
        let mut union = rule(2, 20, Role::Copy);
        union.category = Some("wage_arrears".into());
        let mut women = rule(3, 30, Role::Copy);
        women.required_tag = Some("women".into());
        let mut big = rule(4, 40, Role::Copy);
        big.min_affected_workers = Some(10);
        let mut self_copy = rule(5, 10, Role::Copy);
        self_copy.category = Some("wage_arrears".into());
        let rules = [primary, union, women, big, self_copy];
        let d = decide(&rules, "wage_arrears", "341102", None, 12, &["women"]);
        let offices: Vec<(i64, Role)> = d.recipients.iter().map(|r| (r.office_id, r.role)).collect();
        assert_eq!(offices, vec![(10, Role::Primary), (20, Role::Copy), (30, Role::Copy), (40, Role::Copy)]);
        assert_eq!(d.matched.iter().find(|m| m.rule.id == 5).map(|m| &m.outcome), Some(&Outcome::AlreadyRecipient));
        let d = decide(&rules, "wage_arrears", "341102", None, 1, &[]);
        assert_eq!(d.recipients.len(), 2);
    }

    #[test]
    fn no_primary_match_falls_back_and_flags() {
        let mut copy = rule(1, 20, Role::Copy);
        copy.required_tag = Some("women".into());
        let d = decide(&[copy], "other", "3411", None, 1, &["women"]);
        assert!(d.fallback);
        assert_eq!(d.primary(), Some(&Recipient { office_id: 999, role: Role::Primary, rule_id: None }));
        assert_eq!(d.recipients.len(), 2, "copies still apply on fallback");
    }

    #[test]
    fn a_kind_rule_takes_the_competent_office_of_the_place() {
        let rules = [
            kind_rule(1, OfficeKind::TradeUnion, Role::Primary),
            kind_rule(2, OfficeKind::WomensFederation, Role::Copy),
        ];
        let d = decide(&rules, "other", "341102", None, 1, &["women"]);
        assert_eq!(primary_office(&d), Some(600));
        assert_eq!(primary_office(&decide(&rules, "other", "341103", None, 1, &[])), Some(601));
        assert_eq!(d.recipients.len(), 1, "no women's federation anywhere: nothing copied");
        assert_eq!(d.matched.iter().find(|m| m.rule.id == 2).map(|m| &m.outcome), Some(&Outcome::Unresolved));
    }

    #[test]
    fn a_disabled_county_office_falls_back_to_the_city_and_says_so() {
        let rules = [kind_rule(1, OfficeKind::LabourInspection, Role::Primary)];
        let d = decide(&rules, "wage_arrears", "341102", None, 1, &[]);
        assert_eq!(primary_office(&d), Some(501));
        assert!(!d.fallback, "a competent office was found: not the default office's fallback");
        let resolution = d.matched.first().and_then(|m| m.resolution.as_ref());
        assert!(resolution.is_some_and(Resolution::fell_back));
    }

    #[test]
    fn an_unresolvable_primary_gives_way_to_the_next_rule() {
        let mut narrow = kind_rule(1, OfficeKind::WomensFederation, Role::Primary);
        narrow.category = Some("other".into());
        let broad = kind_rule(2, OfficeKind::TradeUnion, Role::Primary);
        let d = decide(&[narrow, broad], "other", "341102", None, 1, &[]);
        assert_eq!(primary_office(&d), Some(600));
        assert_eq!(d.matched.first().map(|m| &m.outcome), Some(&Outcome::Unresolved));
    }

    #[test]
    fn decisions_stored_before_kinds_still_read() {
        // A decision as the previous release stored it: every rule names its office.
        let stored = r#"{"recipients":[{"office_id":59,"role":"primary","rule_id":7}],"fallback":false,
            "matched":[{"rule":{"id":7,"category":"wage_arrears","region_prefix":"34","platform":null,
            "min_affected_workers":null,"required_tag":null,"office_id":59,"role":"primary","priority":0},
            "criteria":2,"outcome":"primary"}]}"#;
        let d: Result<Decision, _> = serde_json::from_str(stored);
        assert!(d.is_ok(), "old decision: {d:?}");
        let target = d.ok().and_then(|d| d.matched.first().map(|m| m.rule.target()));
        assert_eq!(target, Some(Some(Target::Office(59))));
    }

    #[test]
    fn platform_names_compare_loosely() {
        assert_eq!(normalize_platform("  Meituan   Waimai "), "meituan waimai");
        assert_eq!(normalize_platform("ＭＥＩＴＵＡＮ"), "meituan");
    }
}
