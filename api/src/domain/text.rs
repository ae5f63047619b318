//! Small text normalisations shared by the parsers.

/// Folds full-width ASCII (what Chinese input methods often produce: `１３８`, `－`, `＋`) to
/// half-width, and the ideographic space to a space.
pub fn fold_width(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Trims and returns `None` for what is empty after trimming: an empty optional field is absent.
pub fn non_empty(input: Option<&str>) -> Option<&str> {
    input.map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_digits_and_signs() {
        assert_eq!(fold_width("＋８６ １３８－０"), "+86 138-0");
        assert_eq!(fold_width("a\u{3000}b"), "a b");
    }

    #[test]
    fn empty_is_absent() {
        assert_eq!(non_empty(Some("  ")), None);
        assert_eq!(non_empty(Some(" x ")), Some("x"));
        assert_eq!(non_empty(None), None);
    }
}
