//! Amounts of money owed, in CNY, held as whole fen so that no rounding ever happens.

use std::fmt;

/// At most 100,000,000 yuan.
pub const MAX_FEN: i64 = 100_000_000 * 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct AmountFen(i64);

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("not a decimal number")]
    Invalid,
    #[error("negative")]
    Negative,
    #[error("more than two decimals")]
    TooManyDecimals,
    #[error("more than 100,000,000")]
    TooLarge,
}

impl AmountFen {
    /// Parses `1234`, `1234.5`, `1234.50` (and full-width digits). A leading `+` or thousands
    /// separators are refused: the amount must be unambiguous.
    pub fn parse(input: &str) -> Result<Self, AmountError> {
        let s = super::text::fold_width(input);
        let s = s.trim();
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (whole, frac) = match body.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (body, None),
        };
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || frac.is_some_and(|f| !digits(f)) {
            return Err(AmountError::Invalid);
        }
        if negative {
            return Err(AmountError::Negative);
        }
        let frac = frac.unwrap_or("");
        if frac.len() > 2 {
            return Err(AmountError::TooManyDecimals);
        }
        let whole = whole.trim_start_matches('0');
        if whole.len() > 9 {
            return Err(AmountError::TooLarge);
        }
        let yuan: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| AmountError::Invalid)? };
        let fen: i64 = format!("{frac:0<2}").parse().map_err(|_| AmountError::Invalid)?;
        let total = yuan * 100 + fen;
        if total > MAX_FEN {
            return Err(AmountError::TooLarge);
        }
        Ok(Self(total))
    }

    pub fn from_fen(fen: i64) -> Self {
        Self(fen)
    }

    pub fn fen(self) -> i64 {
        self.0
    }
}

impl fmt::Display for AmountFen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_whole_and_decimal_amounts() {
        assert_eq!(AmountFen::parse("0").map(AmountFen::fen), Ok(0));
        assert_eq!(AmountFen::parse("3500").map(AmountFen::fen), Ok(350_000));
        assert_eq!(AmountFen::parse("3500.5").map(AmountFen::fen), Ok(350_050));
        assert_eq!(AmountFen::parse("3500.05").map(AmountFen::fen), Ok(350_005));
        assert_eq!(AmountFen::parse("0.99").map(|a| a.to_string()), Ok("0.99".to_owned()));
        assert_eq!(AmountFen::parse("100000000").map(AmountFen::fen), Ok(MAX_FEN));
        assert_eq!(AmountFen::parse("100000000.00").map(AmountFen::fen), Ok(MAX_FEN));
    }

    #[test]
    fn refuses_three_decimals_negatives_and_too_much() {
        assert_eq!(AmountFen::parse("12.345"), Err(AmountError::TooManyDecimals));
        assert_eq!(AmountFen::parse("-1"), Err(AmountError::Negative));
        assert_eq!(AmountFen::parse("-0.01"), Err(AmountError::Negative));
        assert_eq!(AmountFen::parse("100000000.01"), Err(AmountError::TooLarge));
        assert_eq!(AmountFen::parse("99999999999999999999"), Err(AmountError::TooLarge));
    }

    #[test]
    fn refuses_what_is_not_a_plain_decimal() {
        for input in ["", ".5", "5.", "1,000", "+5", "1e3", "abc", "12.3.4", "¥100"] {
            assert_eq!(AmountFen::parse(input), Err(AmountError::Invalid), "{input}");
        }
    }

    proptest! {
        #[test]
        fn display_round_trips(fen in 0i64..=MAX_FEN) {
            let a = AmountFen::from_fen(fen);
            prop_assert_eq!(AmountFen::parse(&a.to_string()), Ok(a));
        }

        #[test]
        fn never_panics(input in "\\PC{0,20}") {
            let _ = AmountFen::parse(&input);
        }
    }
}
