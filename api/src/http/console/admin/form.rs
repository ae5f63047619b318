//! A form as typed, with the problems found in it: what the templates need to show the form again
//! with each message beside its field and linked to it (`aria-describedby`).

use crate::domain::field_error::FieldError;
use crate::domain::language::Language;
use crate::http::problem::ApiError;
use crate::i18n;
use crate::service::ServiceError;

#[derive(Clone, Debug, Default)]
pub struct Form {
    /// Prepended to the ids of the fields, so two forms on one page do not share ids.
    prefix: &'static str,
    values: Vec<(String, String)>,
    /// (field, message), in the order found.
    errors: Vec<(String, String)>,
}

impl Form {
    pub fn new(prefix: &'static str) -> Self {
        Self { prefix, ..Self::default() }
    }

    pub fn filled(prefix: &'static str, values: Vec<(String, String)>) -> Self {
        Self { prefix, values, errors: Vec::new() }
    }

    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        self.values.retain(|(k, _)| k != name);
        self.values.push((name.to_owned(), value.into()));
    }

    /// The messages of a use case's validation failure, in the page's language.
    pub fn field_errors(&mut self, errors: &[FieldError], lang: Language) {
        for e in errors {
            self.errors.push((e.field.to_string(), i18n::field_message(e, lang)));
        }
    }

    /// A use case's refusal: beside its fields when it is about them, else at the top of the
    /// form. `Err` is a failure that is not the user's to fix here.
    pub fn refusal(&mut self, err: ServiceError, lang: Language) -> Result<(), ServiceError> {
        match err {
            ServiceError::Validation(errors) => self.field_errors(&errors, lang),
            err @ ServiceError::Conflict(_) => {
                let problem = ApiError::service(err, lang);
                let (title, detail) = i18n::problem_text(problem.code.as_str(), lang, &problem.params);
                self.errors.push((String::new(), if detail.is_empty() { title } else { detail }));
            }
            other => return Err(other),
        }
        Ok(())
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Every problem, for the summary above the form: (the id of the field, message).
    pub fn summary(&self) -> Vec<(String, &str)> {
        self.errors.iter().map(|(f, m)| (self.id(f), m.as_str())).collect()
    }

    pub fn id(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    pub fn value(&self, name: &str) -> &str {
        self.values.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default()
    }

    /// For a `<select>` or a radio button.
    pub fn is(&self, name: &str, value: &str) -> bool {
        self.values.iter().any(|(k, v)| k == name && v == value)
    }

    /// For a checkbox: the browser sends `on` when it is ticked.
    pub fn checked(&self, name: &str) -> bool {
        self.is(name, "on")
    }

    pub fn error(&self, name: &str) -> Option<&str> {
        self.errors.iter().find(|(f, _)| f == name).map(|(_, m)| m.as_str())
    }

    /// `aria-describedby` of a field: its hint when it has one, and its error when there is one.
    pub fn described_by(&self, name: &str, hint: bool) -> String {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{}-hint", self.id(name)));
        }
        if self.error(name).is_some() {
            ids.push(format!("{}-error", self.id(name)));
        }
        ids.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_sit_beside_their_fields_and_are_described() {
        let mut form = Form::filled("t-", vec![("category".into(), "x".into()), ("tags".into(), "women".into())]);
        form.field_errors(&[FieldError::new("category", "category_unknown")], Language::En);
        assert_eq!(form.error("category"), Some("Choose a problem type from the list."));
        assert_eq!(form.described_by("category", true), "t-category-hint t-category-error");
        assert_eq!(form.described_by("platform", false), "");
        assert!(form.is("tags", "women") && !form.checked("tags") && form.has_errors());
        assert_eq!(form.summary(), vec![("t-category".to_owned(), "Choose a problem type from the list.")]);
    }
}
