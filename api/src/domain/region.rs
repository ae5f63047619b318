//! GB/T 2260 region codes. A 6-digit code is province (2) + city (2) + county (2), so "is this
//! inside region X" is a prefix test.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    Province,
    City,
    County,
}

impl RegionLevel {
    pub fn from_len(len: usize) -> Option<Self> {
        match len {
            2 => Some(Self::Province),
            4 => Some(Self::City),
            6 => Some(Self::County),
            _ => None,
        }
    }

    /// The length of a region code at this level.
    pub fn code_len(self) -> usize {
        match self {
            Self::Province => 2,
            Self::City => 4,
            Self::County => 6,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::City => "city",
            Self::County => "county",
        }
    }

    pub fn parse(input: &str) -> Option<Self> {
        [Self::Province, Self::City, Self::County].into_iter().find(|l| l.as_str() == input)
    }

    /// The level above this one, if any.
    pub fn up(self) -> Option<Self> {
        match self {
            Self::Province => None,
            Self::City => Some(Self::Province),
            Self::County => Some(Self::City),
        }
    }

    pub fn as_i16(self) -> i16 {
        match self {
            Self::Province => 1,
            Self::City => 2,
            Self::County => 3,
        }
    }
}

/// A well-formed region code (whether it exists is for the directory to say).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode(String);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("a region code is 2, 4 or 6 digits")]
pub struct RegionCodeInvalid;

impl RegionCode {
    /// Accepts 2, 4 or 6 digits. The zero-padded form of the standard (`341100` for the city
    /// `3411`, `340000` for the province `34`) is normalised to the short form.
    pub fn parse(input: &str) -> Result<Self, RegionCodeInvalid> {
        let s = input.trim();
        if !(s.len() == 2 || s.len() == 4 || s.len() == 6) || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RegionCodeInvalid);
        }
        let mut code = s;
        while code.len() > 2 && code.ends_with("00") {
            code = &code[..code.len() - 2];
        }
        if code.starts_with("00") {
            return Err(RegionCodeInvalid);
        }
        Ok(Self(code.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> RegionLevel {
        match self.0.len() {
            2 => RegionLevel::Province,
            4 => RegionLevel::City,
            _ => RegionLevel::County,
        }
    }

    /// The province, city and county prefixes this code lies in, shortest first.
    pub fn prefixes(&self) -> Vec<&str> {
        [2, 4, 6].into_iter().filter(|n| *n <= self.0.len()).map(|n| &self.0[..n]).collect()
    }

    /// The code of the region at `level` that holds this one; `None` when this one is above it.
    pub fn at_level(&self, level: RegionLevel) -> Option<&str> {
        self.0.get(..level.code_len())
    }

    pub fn province(&self) -> &str {
        &self.0[..2]
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_levels_and_normalises_padding() {
        assert_eq!(RegionCode::parse("341102").map(|r| r.level()), Ok(RegionLevel::County));
        assert_eq!(RegionCode::parse("3411").map(|r| r.level()), Ok(RegionLevel::City));
        assert_eq!(RegionCode::parse("341100").map(|r| r.to_string()), Ok("3411".to_owned()));
        assert_eq!(RegionCode::parse("340000").map(|r| r.to_string()), Ok("34".to_owned()));
        assert_eq!(RegionCode::parse(" 34 ").map(|r| r.level()), Ok(RegionLevel::Province));
    }

    #[test]
    fn refuses_malformed_codes() {
        for input in ["", "3", "341", "34110", "3411021", "34a102", "000000", "００"] {
            assert_eq!(RegionCode::parse(input), Err(RegionCodeInvalid), "{input}");
        }
    }

    #[test]
    fn prefixes_are_province_city_county() {
        let code = RegionCode::parse("341102").map(|r| r.prefixes().iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(code, Ok(vec!["34".to_owned(), "3411".to_owned(), "341102".to_owned()]));
    }

    proptest! {
        #[test]
        fn never_panics(input in "\\PC{0,10}") {
            let _ = RegionCode::parse(&input);
        }
    }
}
