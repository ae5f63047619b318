//! Free text from workers and staff in the one form it is kept (see `domain::text`): every
//! service reads text fields through here.

use crate::domain::field_error::FieldError;
use crate::domain::text::{clean_multiline, clean_text, has_control_chars};

/// Whether a text field holds one line (a name, a platform) or running text (a description, a
/// message, a note, a reason).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// Free text from any request in the form it is kept: without bidirectional or zero-width
/// characters, in NFC, with LF line breaks, trimmed. A control character is refused, never
/// dropped or stored (PostgreSQL refuses NUL): the error is the field code, `control_characters`
/// in one line (a line break or tab included), `text_invalid` in running text (anything but LF,
/// CR and tab). Every service that takes text from workers or staff reads it through here.
pub fn free_text(value: &str, lines: Lines) -> Result<String, &'static str> {
    let cleaned = match lines {
        Lines::One if has_control_chars(value) => return Err("control_characters"),
        Lines::One => clean_text(value),
        Lines::Many => clean_multiline(value).map_err(|_| "text_invalid")?,
    };
    Ok(cleaned.trim().to_owned())
}

/// [`free_text`] with the field's name on the error.
pub fn text_field(field: &'static str, value: &str, lines: Lines) -> Result<String, FieldError> {
    free_text(value, lines).map_err(|code| FieldError::new(field, code))
}

/// An optional text field through [`free_text`]: absent when nothing is left of it.
pub fn optional_text_field(
    field: &'static str,
    value: Option<&str>,
    lines: Lines,
) -> Result<Option<String>, FieldError> {
    let text = value.map(|v| text_field(field, v, lines)).transpose()?;
    Ok(text.filter(|t| !t.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_is_cleaned_trimmed_and_refused_by_kind_of_field() {
        assert_eq!(free_text(" 美团\u{202E}abc\u{200B} ", Lines::One), Ok("美团abc".to_owned()));
        assert_eq!(free_text("caf\u{65}\u{301}", Lines::One), Ok("caf\u{e9}".to_owned()));
        assert_eq!(free_text("美团\n外卖", Lines::One), Err("control_characters"));
        assert_eq!(free_text("美团\u{0}", Lines::One), Err("control_characters"));
        assert_eq!(free_text("一\r\n二\t三\n", Lines::Many), Ok("一\n二\t三".to_owned()));
        assert_eq!(free_text("一\u{0}二", Lines::Many), Err("text_invalid"));
        assert_eq!(optional_text_field("reason", Some("\u{200B} "), Lines::Many), Ok(None));
        assert_eq!(text_field("platform", "a\rb", Lines::One), Err(FieldError::new("platform", "control_characters")));
    }
}
