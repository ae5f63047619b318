//! Where a rule's office was found above the level it prefers, in the reader's language: the
//! preview, the receipt and the case's routing history say so, as `intake routing explain` does.

use crate::domain::competence::Step;
use crate::domain::language::Language;
use crate::domain::routing::{Decision, Outcome};
use crate::i18n;

/// One sentence per office that was found by falling back: which office of which place was
/// disabled or missing, and which one takes the case instead.
pub fn fallback_notes(
    decision: &Decision,
    office_name: impl Fn(i64) -> Option<String>,
    place_name: impl Fn(&str) -> String,
    lang: Language,
) -> Vec<String> {
    let catalog = i18n::catalog(lang);
    decision
        .matched
        .iter()
        .filter(|m| matches!(m.outcome, Outcome::Primary | Outcome::Copied))
        .filter_map(|m| m.resolution.as_ref())
        .filter(|r| r.fell_back())
        .filter_map(|r| {
            let chosen = r.office_id().and_then(&office_name)?;
            let (key, region) = match r.steps.first()? {
                Step::Inactive { region, .. } => ("routing-fallback-inactive", region),
                Step::Missing { region } => ("routing-fallback-missing", region),
                Step::Chosen { .. } => return None,
            };
            Some(catalog.text_with(
                key,
                &[
                    ("place", place_name(region)),
                    ("kind", catalog.text(&format!("admin-kind-{}", r.kind))),
                    ("office", chosen),
                ],
            ))
        })
        .collect()
}
