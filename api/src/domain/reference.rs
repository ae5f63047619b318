//! Complaint references (public, read aloud over the phone) and receipt codes (secret).

use std::fmt;

/// Digits and capitals without the look-alikes 0/O, 1/I/L: 31 symbols.
pub const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const REFERENCE_SYMBOLS: usize = 8;

/// A complaint reference such as `7KQ4-M2XH`: short, unambiguous, easy to read aloud. Not secret.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reference(String);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a complaint reference")]
pub struct ReferenceInvalid;

/// Maps random bytes to symbols by rejection sampling, so every symbol is equally likely.
fn sample(random: &[u8], alphabet: &[u8], count: usize) -> Option<Vec<u8>> {
    let limit = 256 - (256 % alphabet.len());
    let picked: Vec<u8> = random
        .iter()
        .filter(|b| usize::from(**b) < limit)
        .take(count)
        .map(|b| alphabet[usize::from(*b) % alphabet.len()])
        .collect();
    (picked.len() == count).then_some(picked)
}

impl Reference {
    /// Builds a reference from random bytes; `None` when too many bytes were rejected (the caller
    /// draws again). 32 bytes are nearly always enough.
    pub fn from_random(random: &[u8]) -> Option<Self> {
        let symbols = sample(random, ALPHABET, REFERENCE_SYMBOLS)?;
        let text = String::from_utf8(symbols).ok()?;
        Some(Self(format!("{}-{}", &text[..4], &text[4..])))
    }

    /// Parses what a person typed: case, spaces and dashes do not matter.
    pub fn parse(input: &str) -> Result<Self, ReferenceInvalid> {
        let compact: String = super::text::fold_width(input)
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if compact.len() != REFERENCE_SYMBOLS || !compact.bytes().all(|b| ALPHABET.contains(&b)) {
            return Err(ReferenceInvalid);
        }
        Ok(Self(format!("{}-{}", &compact[..4], &compact[4..])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The 16-digit receipt code: the worker's only key to their complaint. It is shown once and
/// stored only as a keyed hash. Deliberately no `Display`: it must not slip into a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct ReceiptCode(String);

impl fmt::Debug for ReceiptCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReceiptCode(***)")
    }
}

impl ReceiptCode {
    pub fn from_random(random: &[u8]) -> Option<Self> {
        let digits = sample(random, b"0123456789", 16)?;
        String::from_utf8(digits).ok().map(Self)
    }

    /// Parses what a person typed: spaces and dashes between the groups do not matter.
    pub fn parse(input: &str) -> Option<Self> {
        let compact: String = super::text::fold_width(input).chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        (compact.len() == 16 && compact.bytes().all(|b| b.is_ascii_digit())).then_some(Self(compact))
    }

    /// The bare 16 digits, for hashing and for the one answer that shows it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn references_avoid_look_alikes() {
        for c in [b'0', b'O', b'1', b'I', b'L'] {
            assert!(!ALPHABET.contains(&c));
        }
        let r = Reference::from_random(&[0, 1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(r.map(|r| r.to_string()), Some("2345-6789".to_owned()));
    }

    #[test]
    fn parses_typed_references() {
        assert_eq!(Reference::parse("7kq4 m2xh").map(|r| r.to_string()), Ok("7KQ4-M2XH".to_owned()));
        assert_eq!(Reference::parse("7KQ4-M2XH").map(|r| r.to_string()), Ok("7KQ4-M2XH".to_owned()));
        assert_eq!(Reference::parse("7KQ4-M2X0"), Err(ReferenceInvalid));
        assert_eq!(Reference::parse("7KQ4"), Err(ReferenceInvalid));
    }

    #[test]
    fn receipt_codes_are_sixteen_digits_and_never_printed() {
        let code = ReceiptCode::parse("1234 5678-9012 3456");
        assert_eq!(code.as_ref().map(ReceiptCode::expose), Some("1234567890123456"));
        assert_eq!(format!("{code:?}"), "Some(ReceiptCode(***))");
        assert!(ReceiptCode::parse("123456789012345").is_none());
        assert!(ReceiptCode::parse("12345678901234567").is_none());
    }

    proptest! {
        #[test]
        fn generated_references_parse(bytes in prop::collection::vec(any::<u8>(), 32)) {
            if let Some(r) = Reference::from_random(&bytes) {
                prop_assert_eq!(Reference::parse(r.as_str()), Ok(r.clone()));
            }
        }

        #[test]
        fn generated_codes_are_sixteen_digits(bytes in prop::collection::vec(any::<u8>(), 32)) {
            if let Some(c) = ReceiptCode::from_random(&bytes) {
                prop_assert_eq!(c.expose().len(), 16);
                prop_assert!(c.expose().bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
}
