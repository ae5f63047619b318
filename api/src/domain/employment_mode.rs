//! How the worker works: whether a station employs them for one platform, they take orders as
//! they please, they work at a courier outlet, or they drive for a ride-hailing platform. It says
//! who is likely the employer and so which office can act.

use serde::{Deserialize, Serialize};
use std::fmt;

/// `dedicated` (专送: a delivery station's rider, on its shifts), `crowdsourced` (众包: orders
/// taken in the app when the worker chooses), `courier_outlet` (快递网点: a parcel courier of an
/// outlet), `ride_hailing` (网约车: a ride-hailing driver), `other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmploymentMode {
    Dedicated,
    Crowdsourced,
    CourierOutlet,
    RideHailing,
    Other,
}

pub const ALL_EMPLOYMENT_MODES: [EmploymentMode; 5] = [
    EmploymentMode::Dedicated,
    EmploymentMode::Crowdsourced,
    EmploymentMode::CourierOutlet,
    EmploymentMode::RideHailing,
    EmploymentMode::Other,
];

impl EmploymentMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dedicated => "dedicated",
            Self::Crowdsourced => "crowdsourced",
            Self::CourierOutlet => "courier_outlet",
            Self::RideHailing => "ride_hailing",
            Self::Other => "other",
        }
    }

    /// The mode named by `input` (surrounding spaces ignored); `None` for any other text.
    pub fn parse(input: &str) -> Option<Self> {
        let input = input.trim();
        ALL_EMPLOYMENT_MODES.into_iter().find(|m| m.as_str() == input)
    }
}

impl fmt::Display for EmploymentMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for mode in ALL_EMPLOYMENT_MODES {
            assert_eq!(EmploymentMode::parse(mode.as_str()), Some(mode));
            assert_eq!(mode.to_string(), mode.as_str());
        }
        assert_eq!(EmploymentMode::parse(" crowdsourced "), Some(EmploymentMode::Crowdsourced));
    }

    #[test]
    fn unknown_names_are_refused() {
        for input in ["", "Dedicated", "courier-outlet", "众包", "full_time"] {
            assert_eq!(EmploymentMode::parse(input), None, "{input}");
        }
    }

    #[test]
    fn the_json_names_are_the_stored_names() {
        for mode in ALL_EMPLOYMENT_MODES {
            assert_eq!(serde_json::to_value(mode).ok(), Some(serde_json::Value::from(mode.as_str())));
        }
    }
}
