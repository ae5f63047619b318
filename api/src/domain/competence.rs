//! The competent office of a kind for a place. Offices of every kind exist at province, city and
//! county level; the one competent for a workplace is the active office of that kind whose region
//! is the most specific prefix of the workplace's region, starting at the level a rule prefers
//! (labour inspection at the county: 劳动保障监察条例 第十三条; civil public-interest cases at the
//! basic-level procuratorate) and going up one level at a time when an office is disabled or
//! missing. Each step is recorded so that the explanation can say where and why it fell back.

use super::office::OfficeKind;
use super::region::{RegionCode, RegionLevel};
use serde::{Deserialize, Serialize};

/// What the directory holds for one kind in one region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seat {
    pub office_id: i64,
    pub active: bool,
}

/// One level looked at while resolving.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "step")]
pub enum Step {
    /// The office of this region was taken.
    Chosen { region: String, office_id: i64 },
    /// The office of this region is disabled: one level up.
    Inactive { region: String, office_id: i64 },
    /// The directory has no office of the kind for this region: one level up.
    Missing { region: String },
}

/// The outcome of resolving "the competent office of kind K at level L" for a place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    pub kind: OfficeKind,
    pub level: RegionLevel,
    pub steps: Vec<Step>,
}

impl Resolution {
    /// The office taken; `None` when no level had an active office of the kind.
    pub fn office_id(&self) -> Option<i64> {
        self.steps.iter().find_map(|s| match s {
            Step::Chosen { office_id, .. } => Some(*office_id),
            _ => None,
        })
    }

    /// Whether the office taken is above the preferred level (or none was found).
    pub fn fell_back(&self) -> bool {
        self.steps.len() > 1 || self.office_id().is_none()
    }
}

/// Resolves the competent office of `kind` for `place`, preferring `level`. A place above the
/// preferred level (a complaint that names only a city) starts at its own level. `seat` says what
/// the directory holds for the kind in one region code.
pub fn resolve(
    kind: OfficeKind,
    level: RegionLevel,
    place: &RegionCode,
    seat: impl Fn(&str) -> Option<Seat>,
) -> Resolution {
    let mut steps = Vec::new();
    let mut at = Some(level.min(place.level()));
    while let Some(current) = at {
        let Some(region) = place.at_level(current) else { break };
        match seat(region) {
            Some(Seat { office_id, active: true }) => {
                steps.push(Step::Chosen { region: region.to_owned(), office_id });
                break;
            }
            Some(Seat { office_id, active: false }) => {
                steps.push(Step::Inactive { region: region.to_owned(), office_id });
            }
            None => steps.push(Step::Missing { region: region.to_owned() }),
        }
        at = current.up();
    }
    Resolution { kind, level, steps }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn place(code: &str) -> RegionCode {
        RegionCode::parse(code).unwrap_or_else(|_| unreachable!("test codes are valid"))
    }

    fn directory(entries: &[(&str, i64, bool)]) -> HashMap<String, Seat> {
        entries.iter().map(|(r, id, active)| ((*r).to_owned(), Seat { office_id: *id, active: *active })).collect()
    }

    #[test]
    fn takes_the_office_of_the_preferred_level() {
        let dir = directory(&[("34", 1, true), ("3411", 2, true), ("341102", 3, true)]);
        let r = resolve(OfficeKind::LabourInspection, RegionLevel::County, &place("341102"), |c| dir.get(c).copied());
        assert_eq!(r.office_id(), Some(3));
        assert!(!r.fell_back());
        let r = resolve(OfficeKind::Procuratorate, RegionLevel::City, &place("341102"), |c| dir.get(c).copied());
        assert_eq!(r.office_id(), Some(2));
        let r = resolve(OfficeKind::Procuratorate, RegionLevel::Province, &place("341102"), |c| dir.get(c).copied());
        assert_eq!(r.office_id(), Some(1));
    }

    #[test]
    fn a_disabled_or_missing_office_falls_back_one_level_at_a_time() {
        let dir = directory(&[("34", 1, true), ("3411", 2, false), ("341102", 3, false)]);
        let r = resolve(OfficeKind::TradeUnion, RegionLevel::County, &place("341102"), |c| dir.get(c).copied());
        assert_eq!(r.office_id(), Some(1));
        assert!(r.fell_back());
        assert_eq!(
            r.steps,
            vec![
                Step::Inactive { region: "341102".into(), office_id: 3 },
                Step::Inactive { region: "3411".into(), office_id: 2 },
                Step::Chosen { region: "34".into(), office_id: 1 },
            ]
        );
        let r = resolve(OfficeKind::TradeUnion, RegionLevel::County, &place("341103"), |c| dir.get(c).copied());
        assert_eq!(r.steps.first(), Some(&Step::Missing { region: "341103".into() }));
        assert_eq!(r.office_id(), Some(1));
    }

    #[test]
    fn nothing_active_anywhere_resolves_to_none() {
        let dir = directory(&[("34", 1, false)]);
        let r = resolve(OfficeKind::WomensFederation, RegionLevel::County, &place("341102"), |c| dir.get(c).copied());
        assert_eq!(r.office_id(), None);
        assert!(r.fell_back());
        assert_eq!(r.steps.len(), 3);
    }

    #[test]
    fn a_place_above_the_preferred_level_starts_at_its_own() {
        let dir = directory(&[("34", 1, true), ("3411", 2, true)]);
        let r = resolve(OfficeKind::LabourInspection, RegionLevel::County, &place("3411"), |c| dir.get(c).copied());
        assert_eq!(r.office_id(), Some(2));
        assert!(!r.fell_back(), "a city complaint at the city office is not a fall-back");
    }
}
