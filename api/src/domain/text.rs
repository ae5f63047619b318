//! Small text normalisations shared by the parsers.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

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

/// Invisible characters that change how text is shown without being seen themselves: the
/// bidirectional embeddings, overrides, isolates and marks (U+202A–U+202E, U+2066–U+2069,
/// U+200E, U+200F, U+061C), which can make `exe.jpg` read as `gpj.exe` or reorder a sum of
/// money, and the zero-width and soft-hyphen characters (U+200B–U+200D, U+2060–U+2064, U+FEFF,
/// U+00AD), which make two texts that look the same compare differently.
pub fn is_hidden_format_char(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Any text as it is kept: the hidden formatting characters removed and the rest in Unicode NFC,
/// so that what an officer reads is what was stored and equal-looking texts compare equal.
/// Control characters are left for the caller to refuse (see [`has_control_chars`] and
/// [`clean_multiline`]). Idempotent.
pub fn clean_text(input: &str) -> String {
    // Most text is clean already, and a complaint's text is cleaned before its rules run and again
    // by the rules that measure it: a check that needs no allocation answers those.
    if !input.chars().any(is_hidden_format_char) && is_nfc_quick(input.chars()) == IsNormalized::Yes {
        return input.to_owned();
    }
    // NFC never produces a hidden character from visible ones, so one pass of each is enough.
    input.chars().filter(|c| !is_hidden_format_char(*c)).nfc().collect()
}

/// Whether a one-line text (a name, a platform, an employer) contains a control character or a
/// line break: NUL, CR, LF, tab, and the Unicode line and paragraph separators (U+2028, U+2029),
/// which are not control characters but break a line wherever the text is shown.
pub fn has_control_chars(input: &str) -> bool {
    input.chars().any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}'))
}

/// The text contains a control character other than a line feed or a tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ControlCharacter;

/// A multi-line text (a description, a message, a note, a reason) as it is kept: cleaned as by
/// [`clean_text`], with CR LF and lone CR made LF. Tabs and line feeds are the only control
/// characters it may hold: any other (NUL above all) is an error, not silently dropped, so that
/// the sender learns that the text is not what they meant.
pub fn clean_multiline(input: &str) -> Result<String, ControlCharacter> {
    let text = clean_text(input).replace("\r\n", "\n").replace(['\r', '\u{2028}', '\u{2029}'], "\n");
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')) {
        return Err(ControlCharacter);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::is_nfc;

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

    #[test]
    fn cleaning_strips_bidi_and_zero_width_characters() {
        assert_eq!(clean_text("美团\u{202E}abc"), "美团abc");
        assert_eq!(clean_text("\u{2066}a\u{2069}\u{200E}b\u{200F}c\u{061C}"), "abc");
        assert_eq!(clean_text("\u{FEFF}工\u{200B}资\u{200C}\u{200D}\u{2060}条\u{00AD}"), "工资条");
    }

    #[test]
    fn cleaning_composes_to_nfc() {
        assert_eq!(clean_text("e\u{0301}"), "\u{00E9}");
        // A hidden character between a letter and its accent no longer keeps them apart.
        assert_eq!(clean_text("e\u{200B}\u{0301}"), "\u{00E9}");
        assert_eq!(clean_text("饿了么 Ele.me"), "饿了么 Ele.me");
    }

    #[test]
    fn cleaning_leaves_control_characters_for_the_caller() {
        assert_eq!(clean_text("a\u{0}b\nc"), "a\u{0}b\nc");
    }

    #[test]
    fn one_line_text_has_no_control_characters() {
        for bad in ["美团\u{0}", "美团\n外卖", "a\rb", "a\tb", "a\u{7F}", "a\u{85}b", "a\u{2028}b", "a\u{2029}b"]
        {
            assert!(has_control_chars(bad), "{bad:?}");
        }
        assert!(!has_control_chars("美团 外卖 (Meituan)"));
    }

    #[test]
    fn multiline_text_keeps_line_feeds_and_tabs_only() {
        assert_eq!(clean_multiline("一\r\n二\r三\n四\t五"), Ok("一\n二\n三\n四\t五".to_owned()));
        assert_eq!(clean_multiline("x\u{202E}y"), Ok("xy".to_owned()));
        assert_eq!(clean_multiline("一\u{2028}二\u{2029}三"), Ok("一\n二\n三".to_owned()));
        for bad in ["a\u{0}b", "a\u{7}", "a\u{1B}[31m", "a\u{7F}", "a\u{85}b", "a\u{2028}b\u{0}"] {
            assert_eq!(clean_multiline(bad), Err(ControlCharacter), "{bad:?}");
        }
    }

    fn is_hidden_free(s: &str) -> bool {
        !s.chars().any(is_hidden_format_char)
    }

    proptest! {
        #[test]
        fn cleaning_is_idempotent_nfc_and_hidden_free(input in "(\\PC|[\u{00AD}\u{061C}\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2060}-\u{2069}\u{FEFF}\u{0300}-\u{036F}])*") {
            let once = clean_text(&input);
            prop_assert!(is_hidden_free(&once));
            prop_assert!(is_nfc(&once));
            prop_assert_eq!(clean_text(&once), once.clone());
        }

        #[test]
        fn multiline_cleaning_is_idempotent_and_leaves_only_lf_and_tab(input in "(\\PC|[\r\n\t\u{202E}\u{200B}\u{0301}])*") {
            let once = clean_multiline(&input);
            prop_assert!(once.is_ok());
            let once = once.unwrap_or_default();
            prop_assert!(is_hidden_free(&once) && is_nfc(&once) && !once.contains('\r'));
            prop_assert_eq!(clean_multiline(&once), Ok(once.clone()));
        }

        #[test]
        fn any_other_control_character_is_refused(before in "\\PC{0,10}", c in "[\u{0}-\u{8}\u{B}\u{C}\u{E}-\u{1F}\u{7F}-\u{9F}]", after in "\\PC{0,10}") {
            let text = format!("{before}{c}{after}");
            prop_assert_eq!(clean_multiline(&text), Err(ControlCharacter));
            prop_assert!(has_control_chars(&text));
        }
    }
}
