//! The unified social credit code (统一社会信用代码) of GB 32100-2015: the 18 characters printed
//! on every business licence (营业执照) and shown by the national enterprise credit information
//! publicity system (国家企业信用信息公示系统). Registration authority (1), kind of body (1),
//! region of registration (6), body identifier (9) and a check character (1), all from an
//! alphabet of 31 characters: the digits and the capital letters without I, O, S, V and Z.

use super::text::fold_width;
use std::fmt;

/// The code's characters; a character's value is its position here.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The weight of each of the first 17 characters: 3^(i-1) mod 31 for the i-th.
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// A code with 18 characters of the alphabet and the right check character, in upper case.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnifiedCreditCode(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeInvalid {
    #[error("a unified social credit code has 18 characters")]
    Length,
    #[error("a unified social credit code uses only digits and capital letters other than I, O, S, V and Z")]
    Character,
    #[error("the check character does not match: a character was probably mistyped")]
    CheckCharacter,
}

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|a| *a == c).and_then(|p| u32::try_from(p).ok())
}

/// The check character of the first 17 characters of a code (upper-case ASCII), or `None` when
/// they are not 17 characters of the alphabet.
pub fn check_character(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != WEIGHTS.len() {
        return None;
    }
    let mut sum = 0u32;
    for (c, w) in bytes.iter().zip(WEIGHTS) {
        sum += value(*c)? * w;
    }
    // 31 − (Σ mod 31), where 31 itself stands for 0.
    let check = (31 - sum % 31) % 31;
    ALPHABET.get(usize::try_from(check).ok()?).map(|c| char::from(*c))
}

impl UnifiedCreditCode {
    /// Accepts the code as people type it: surrounding spaces, full-width characters and lower
    /// case are made plain; nothing else is forgiven.
    pub fn parse(input: &str) -> Result<Self, CreditCodeInvalid> {
        let code = fold_width(input).trim().to_ascii_uppercase();
        if code.chars().count() != 18 {
            return Err(CreditCodeInvalid::Length);
        }
        // 18 characters that are all in the alphabet are 18 ASCII bytes.
        if !code.bytes().all(|b| value(b).is_some()) {
            return Err(CreditCodeInvalid::Character);
        }
        let (body, check) = code.split_at(17);
        if check_character(body).map(String::from).as_deref() != Some(check) {
            return Err(CreditCodeInvalid::CheckCharacter);
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnifiedCreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Real codes, each with where it was published.
    const REAL_CODES: [&str; 9] = [
        // GB 32100-2015's worked example of the check character (reproduced e.g. at
        // https://www.yc00.com/web/1713075042a2177900.html and https://renrendoc.com/p-47802332.html):
        // the check character of 91350100M000100Y4 is 3, so 91350100M000100Y4Z is refused.
        "91350100M000100Y43",
        // python-stdnum, tests/test_cn_uscc.doctest ("found online and should all be valid"):
        // an enterprise of Beijing, one of Shenzhen with X inside, one of Shanghai with letters
        // in the body, a public institution (1 2), an individual business (9 2), and one whose
        // body starts with a letter.
        "91110000600037341L",
        "9144030071526726XG",
        "91310115MA1K3BTP2B",
        "121200004013590816",
        "92340602MA2PBMEM24",
        "91152201078371135X",
        "91620105L015101280",
        // 广州民盛互联网小额贷款有限公司, as printed in its loan contract (甲乙方信息).
        "91440101MA5ALP4R4C",
    ];

    fn parsed(input: &str) -> Result<String, CreditCodeInvalid> {
        UnifiedCreditCode::parse(input).map(|c| c.as_str().to_owned())
    }

    #[test]
    fn the_weights_are_the_powers_of_three_mod_31() {
        let mut w = 1u32;
        for weight in WEIGHTS {
            assert_eq!(weight, w);
            w = w * 3 % 31;
        }
    }

    #[test]
    fn real_codes_pass() {
        for code in REAL_CODES {
            assert_eq!(parsed(code), Ok(code.to_owned()), "{code}");
        }
    }

    #[test]
    fn changing_any_single_character_of_a_real_code_fails() {
        for code in REAL_CODES {
            for position in 0..18 {
                for replacement in ALPHABET.iter().map(|c| char::from(*c)) {
                    let mut altered: Vec<char> = code.chars().collect();
                    if altered[position] == replacement {
                        continue;
                    }
                    altered[position] = replacement;
                    let altered: String = altered.into_iter().collect();
                    assert_eq!(parsed(&altered), Err(CreditCodeInvalid::CheckCharacter), "{altered} from {code}");
                }
            }
        }
    }

    #[test]
    fn lower_case_full_width_and_spaces_around_are_accepted() {
        assert_eq!(parsed("91310115ma1k3btp2b"), Ok("91310115MA1K3BTP2B".to_owned()));
        assert_eq!(parsed("９１３１０１１５ＭＡ１Ｋ３ＢＴＰ２Ｂ"), Ok("91310115MA1K3BTP2B".to_owned()));
        assert_eq!(parsed("９１３１０１１５ｍａ１ｋ３ｂｔｐ２ｂ"), Ok("91310115MA1K3BTP2B".to_owned()));
        assert_eq!(parsed(" \u{3000}9144030071526726xg\t"), Ok("9144030071526726XG".to_owned()));
    }

    #[test]
    fn refuses_the_wrong_length() {
        for input in ["", "9144030071526726X", "9144030071526726XGG", "91 44030071526726XG", "统一社会信用代码"]
        {
            assert_eq!(parsed(input), Err(CreditCodeInvalid::Length), "{input}");
        }
    }

    #[test]
    fn refuses_letters_outside_the_alphabet() {
        // I, O, S, V and Z are not used (they look like 1, 0, 5, U and 2), nor is anything else.
        for input in [
            "9144030071526726IG",
            "91440300715267260O",
            "91440300S1526726XG",
            "9144030071526726VG",
            "91350100M000100Y4Z",
            "9144030071526726-G",
            "9144030071526726X中",
        ] {
            assert_eq!(parsed(input), Err(CreditCodeInvalid::Character), "{input}");
        }
    }

    #[test]
    fn refuses_a_wrong_check_character() {
        assert_eq!(parsed("91350100M000100Y4Y"), Err(CreditCodeInvalid::CheckCharacter));
        assert_eq!(parsed("91110000600037341N"), Err(CreditCodeInvalid::CheckCharacter));
        assert_eq!(parsed("9144030071526726X0"), Err(CreditCodeInvalid::CheckCharacter));
        // Two neighbours swapped.
        assert_eq!(parsed("91110000600073341L"), Err(CreditCodeInvalid::CheckCharacter));
    }

    #[test]
    fn the_check_character_needs_17_characters_of_the_alphabet() {
        assert_eq!(check_character("91350100M000100Y4"), Some('3'));
        assert_eq!(check_character("91350100M000100Y"), None);
        assert_eq!(check_character("91350100M000100YI"), None);
        assert_eq!(check_character("91350100m000100Y4"), None);
    }

    proptest! {
        #[test]
        fn never_panics(input in "\\PC{0,24}") {
            let _ = UnifiedCreditCode::parse(&input);
        }

        #[test]
        fn never_panics_on_near_codes(input in "[0-9A-Za-z０-９Ａ-Ｚ ]{16,20}") {
            let _ = UnifiedCreditCode::parse(&input);
        }

        #[test]
        fn seventeen_characters_with_their_check_character_parse(body in "[0-9A-HJ-NP-RTUWXY]{17}") {
            let check = check_character(&body);
            prop_assert!(check.is_some());
            let code = format!("{body}{}", check.unwrap_or('?'));
            prop_assert_eq!(parsed(&code), Ok(code.clone()));
            prop_assert_eq!(parsed(&code.to_ascii_lowercase()), Ok(code.clone()));
        }
    }
}
