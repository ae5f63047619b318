//! Staff roles.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Keeps the directory, the rules and the accounts; sees every case.
    Admin,
    /// Works the cases of one office.
    Officer,
    /// Files complaints on behalf of workers and follows their own filings.
    Volunteer,
}

impl StaffRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Officer => "officer",
            Self::Volunteer => "volunteer",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        match input.trim() {
            "admin" => Some(Self::Admin),
            "officer" => Some(Self::Officer),
            "volunteer" => Some(Self::Volunteer),
            _ => None,
        }
    }
}
