//! Resident identity card numbers (GB 11643-1999): 17 digits and a check character.

use super::text::fold_width;
use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResidentId(String);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("an identity number has 18 characters: 17 digits and a digit or X")]
    Format,
    #[error("the birth date inside the identity number is not a real date")]
    BirthDate,
    #[error("the check character does not match: a digit was probably mistyped")]
    Checksum,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character of the first 17 digits (ISO 7064 MOD 11-2).
pub fn check_character(first17: &[u8; 17]) -> char {
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    CHECK[(sum % 11) as usize]
}

impl ResidentId {
    pub fn parse(input: &str) -> Result<Self, IdNumberError> {
        let folded: String =
            fold_width(input).chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let bytes = folded.as_bytes();
        if bytes.len() != 18
            || !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
        {
            return Err(IdNumberError::Format);
        }
        let birth = &folded[6..14];
        let date_ok =
            NaiveDate::parse_from_str(birth, "%Y%m%d").is_ok_and(|d| d.format("%Y").to_string().as_str() >= "1900");
        if !date_ok {
            return Err(IdNumberError::BirthDate);
        }
        let mut first17 = [0u8; 17];
        first17.copy_from_slice(&bytes[..17]);
        if char::from(bytes[17]) != check_character(&first17) {
            return Err(IdNumberError::Checksum);
        }
        Ok(Self(folded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form staff see unless they reveal the contact: region and check character only.
    pub fn masked(&self) -> String {
        format!("{}***********{}", &self.0[..6], &self.0[17..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_valid_numbers_including_x() {
        // The standard's own example, and a number whose check character is X.
        assert!(ResidentId::parse("11010519491231002X").is_ok());
        assert!(ResidentId::parse("11010519491231002x").is_ok(), "lower-case x is accepted");
        assert_eq!(
            ResidentId::parse("11010519491231002x").map(|i| i.as_str().to_owned()),
            Ok("11010519491231002X".to_owned())
        );
        assert!(ResidentId::parse("440524188001010014").is_err(), "born before 1900");
        assert!(ResidentId::parse("110101199003074514").is_ok());
    }

    #[test]
    fn refuses_a_wrong_check_character() {
        assert_eq!(ResidentId::parse("110105194912310021"), Err(IdNumberError::Checksum));
        assert_eq!(ResidentId::parse("110101199003074515"), Err(IdNumberError::Checksum));
    }

    #[test]
    fn refuses_bad_shapes_and_dates() {
        assert_eq!(ResidentId::parse("11010519491231002"), Err(IdNumberError::Format));
        assert_eq!(ResidentId::parse("1101051949123100X2"), Err(IdNumberError::Format));
        assert_eq!(ResidentId::parse("110105194913310021"), Err(IdNumberError::BirthDate));
    }

    #[test]
    fn masks_all_but_region_and_check() {
        assert_eq!(ResidentId::parse("11010519491231002X").map(|i| i.masked()), Ok("110105***********X".to_owned()));
    }

    proptest! {
        #[test]
        fn a_computed_check_character_always_validates(region in "[1-6][0-9]{5}", y in 1950u32..2010, m in 1u32..=12, d in 1u32..=28, seq in "[0-9]{3}") {
            let first = format!("{region}{y:04}{m:02}{d:02}{seq}");
            let mut first17 = [0u8; 17];
            first17.copy_from_slice(first.as_bytes());
            let full = format!("{first}{}", check_character(&first17));
            prop_assert!(ResidentId::parse(&full).is_ok());
            // Any single changed digit in the body is caught.
            let mut altered = full.clone().into_bytes();
            altered[16] = if altered[16] == b'9' { b'0' } else { altered[16] + 1 };
            let altered = String::from_utf8(altered).unwrap_or_default();
            prop_assert_eq!(ResidentId::parse(&altered), Err(IdNumberError::Checksum));
        }

        #[test]
        fn never_panics(input in "\\PC{0,24}") {
            let _ = ResidentId::parse(&input);
        }
    }
}
