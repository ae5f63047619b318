//! A problem with one field of a request: where, a stable code, and the values a message needs.
//! Messages are chosen later, in the caller's language (see `crate::i18n`).

use std::borrow::Cow;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Dotted path of the field in the request body, e.g. `contact.phone`.
    pub field: Cow<'static, str>,
    /// Stable snake_case code clients may rely on, e.g. `phone_invalid`.
    pub code: &'static str,
    /// Named values for the message, e.g. `("max", "5000")`.
    pub params: Vec<(&'static str, String)>,
}

impl FieldError {
    pub fn new(field: impl Into<Cow<'static, str>>, code: &'static str) -> Self {
        Self { field: field.into(), code, params: Vec::new() }
    }

    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.params.push((name, value.to_string()));
        self
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }
}
