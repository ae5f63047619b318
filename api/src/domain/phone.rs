//! Mainland China mobile numbers.

use super::text::fold_width;
use std::fmt;

/// An 11-digit mainland mobile number, `1[3-9]` followed by nine digits, without country code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MobilePhone(String);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a mainland China mobile number")]
pub struct PhoneInvalid;

impl MobilePhone {
    /// Accepts `+86`/`0086`, spaces, dashes, dots and parentheses, and full-width digits, and
    /// normalises to the bare 11 digits.
    pub fn parse(input: &str) -> Result<Self, PhoneInvalid> {
        let folded = fold_width(input);
        let compact: String = folded.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
        let national = compact.strip_prefix("+86").or_else(|| compact.strip_prefix("0086")).unwrap_or(&compact);
        let bytes = national.as_bytes();
        let valid = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if valid { Ok(Self(national.to_owned())) } else { Err(PhoneInvalid) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form staff see unless they reveal the contact: `138****8000`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Display for MobilePhone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_the_usual_ways_of_writing_a_number() {
        for input in [
            "13800138000",
            "+8613800138000",
            "+86 138 0013 8000",
            "+86-138-0013-8000",
            "0086 13800138000",
            "138-0013-8000",
            " 138 0013 8000 ",
            "(+86) 138.0013.8000",
            "１３８００１３８０００",
        ] {
            assert_eq!(MobilePhone::parse(input).map(|p| p.to_string()), Ok("13800138000".to_owned()), "{input}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_mobile_number() {
        for input in [
            "",
            "1380013800",
            "138001380001",
            "12800138000",
            "23800138000",
            "+85213800138000",
            "1380013800a",
            "010-12345678",
            "+86",
        ] {
            assert_eq!(MobilePhone::parse(input), Err(PhoneInvalid), "{input}");
        }
    }

    #[test]
    fn masks_the_middle_digits() {
        assert_eq!(MobilePhone::parse("13800138000").map(|p| p.masked()), Ok("138****8000".to_owned()));
    }

    proptest! {
        #[test]
        fn every_valid_number_survives_any_formatting(second in 3u8..=9, rest in "[0-9]{9}", sep in "[ -]{0,2}", prefix in prop::sample::select(vec!["", "+86", "+86 ", "0086"])) {
            let digits = format!("1{second}{rest}");
            let formatted = format!("{prefix}{}{sep}{}{sep}{}", &digits[..3], &digits[3..7], &digits[7..]);
            prop_assert_eq!(MobilePhone::parse(&formatted).map(|p| p.to_string()), Ok(digits));
        }

        #[test]
        fn never_panics(input in "\\PC{0,30}") {
            let _ = MobilePhone::parse(&input);
        }
    }
}
