//! Every word the service shows, in zh-CN and English, from the Fluent catalogs in
//! web-form/locales (compiled in): the JSON API's field messages and problem texts (`api.ftl`),
//! the pages (`pages.ftl` and the console's files) and the emails (`mail.ftl`). Codes are stable;
//! wording may improve.

use crate::domain::field_error::FieldError;
use crate::domain::language::Language;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::LazyLock;
use unic_langid::LanguageIdentifier;

/// The catalog files of one language, in the order they are added to its bundle.
const ZH_CN: [&str; 11] = [
    include_str!("../../web-form/locales/zh-CN/api.ftl"),
    include_str!("../../web-form/locales/zh-CN/pages.ftl"),
    include_str!("../../web-form/locales/zh-CN/console.ftl"),
    include_str!("../../web-form/locales/zh-CN/admin.ftl"),
    include_str!("../../web-form/locales/zh-CN/dashboard.ftl"),
    include_str!("../../web-form/locales/zh-CN/documents.ftl"),
    include_str!("../../web-form/locales/zh-CN/leads.ftl"),
    include_str!("../../web-form/locales/zh-CN/mail.ftl"),
    include_str!("../../web-form/locales/zh-CN/deadlines.ftl"),
    include_str!("../../web-form/locales/zh-CN/calendar.ftl"),
    include_str!("../../web-form/locales/zh-CN/employment.ftl"),
];
const EN: [&str; 11] = [
    include_str!("../../web-form/locales/en/api.ftl"),
    include_str!("../../web-form/locales/en/pages.ftl"),
    include_str!("../../web-form/locales/en/console.ftl"),
    include_str!("../../web-form/locales/en/admin.ftl"),
    include_str!("../../web-form/locales/en/dashboard.ftl"),
    include_str!("../../web-form/locales/en/documents.ftl"),
    include_str!("../../web-form/locales/en/leads.ftl"),
    include_str!("../../web-form/locales/en/mail.ftl"),
    include_str!("../../web-form/locales/en/deadlines.ftl"),
    include_str!("../../web-form/locales/en/calendar.ftl"),
    include_str!("../../web-form/locales/en/employment.ftl"),
];

pub struct Catalog {
    bundle: FluentBundle<FluentResource>,
    keys: Vec<String>,
}

fn load(tag: &str, sources: &[&str]) -> Catalog {
    let id: LanguageIdentifier = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks around arguments help right-to-left scripts; for zh-CN and English they
    // only add invisible characters to copy-pasted codes and to emails.
    bundle.set_use_isolating(false);
    let mut keys = Vec::new();
    for source in sources {
        // A syntax error keeps the entries that did parse; the catalog tests fail on any error.
        let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(partial, errors)| {
            tracing::error!(language = tag, errors = ?errors, "message catalog has syntax errors");
            partial
        });
        keys.extend(resource.entries().filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        }));
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(language = tag, errors = ?errors, "message catalog has duplicate keys");
        }
    }
    Catalog { bundle, keys }
}

static CATALOGS: LazyLock<[Catalog; 2]> = LazyLock::new(|| [load("zh-CN", &ZH_CN), load("en", &EN)]);

pub fn catalog(lang: Language) -> &'static Catalog {
    match lang {
        Language::ZhCn => &CATALOGS[0],
        Language::En => &CATALOGS[1],
    }
}

impl Catalog {
    /// The message `key` with its arguments filled in; `None` when the catalog lacks it.
    pub fn get(&self, key: &str, params: &[(&str, String)]) -> Option<String> {
        let message = self.bundle.get_message(key)?;
        let pattern = message.value()?;
        let mut args = FluentArgs::new();
        for (name, value) in params {
            args.set(*name, FluentValue::from(value.as_str()));
        }
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, Some(&args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, errors = ?errors, "message formatted with errors");
        }
        Some(text.into_owned())
    }

    /// The message `key`, or the key itself so that a missing message shows up, not a blank.
    pub fn text(&self, key: &str) -> String {
        self.text_with(key, &[])
    }

    /// The message `key` with its arguments, or the key itself (logged: the test in
    /// `keys_used` should have caught it).
    pub fn text_with(&self, key: &str, params: &[(&str, String)]) -> String {
        self.get(key, params).unwrap_or_else(|| {
            tracing::error!(key, "message catalog has no such key");
            key.to_owned()
        })
    }

    /// Every message key, for the tests that keep the languages in step.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }
}

pub fn field_message(error: &FieldError, lang: Language) -> String {
    let catalog = catalog(lang);
    catalog.get(&format!("field-{}", error.code), &error.params).unwrap_or_else(|| catalog.text("field-fallback"))
}

/// The title and detail of a problem type.
pub fn problem_text(code: &str, lang: Language, params: &[(&str, String)]) -> (String, String) {
    let catalog = catalog(lang);
    let code = if catalog.get(&format!("problem-{code}-title"), &[]).is_some() { code } else { "internal" };
    let title = catalog.text(&format!("problem-{code}-title"));
    let detail = catalog.get(&format!("problem-{code}-detail"), params).unwrap_or_default();
    (title, detail)
}

/// Every problem code, for tests that check each has its status.
pub fn problem_codes() -> impl Iterator<Item = &'static str> {
    catalog(Language::ZhCn).keys.iter().filter_map(|k| k.strip_prefix("problem-")?.strip_suffix("-title"))
}

/// Every field error code that has a message.
pub fn field_codes() -> impl Iterator<Item = &'static str> {
    catalog(Language::ZhCn).keys.iter().filter_map(|k| k.strip_prefix("field-")).filter(|c| *c != "fallback")
}

#[cfg(test)]
mod keys_used;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn messages_fill_their_parameters() {
        let e = FieldError::new("description", "too_short").with("min", 10);
        assert_eq!(field_message(&e, Language::ZhCn), "至少要写 10 个字。");
        assert_eq!(field_message(&e, Language::En), "Write at least 10 characters.");
    }

    #[test]
    fn evidence_problems_name_the_file_and_the_limits_in_force() {
        use crate::domain::evidence::{MAX_FILE_BYTES, MAX_FILES_PER_COMPLAINT};
        use crate::service::complaint::evidence::reencode::MAX_PIXELS;
        // The texts state the limits as numbers: they must be the ones enforced.
        assert_eq!((MAX_FILES_PER_COMPLAINT, MAX_FILE_BYTES, MAX_PIXELS), (5, 10 * 1024 * 1024, 50_000_000));
        let file = [("file", "photo.jpg".to_owned())];
        for code in ["attachment_too_large", "unsupported_file_type", "file_unreadable", "image_too_large"] {
            for lang in [Language::ZhCn, Language::En] {
                let (title, detail) = problem_text(code, lang, &file);
                assert!(!title.is_empty() && detail.contains("“photo.jpg”"), "{code} {detail}");
            }
        }
        let (_, zh) = problem_text("unsupported_file_type", Language::ZhCn, &file);
        assert!(zh.contains("只能上传 JPEG、PNG、WebP 图片或 PDF 文件"));
        let (_, en) = problem_text("unsupported_file_type", Language::En, &file);
        assert!(en.contains("JPEG, PNG or WebP pictures and PDF files"));
    }

    #[test]
    fn every_catalog_parses_without_errors() {
        for source in ZH_CN.iter().chain(EN.iter()) {
            assert!(FluentResource::try_new((*source).to_owned()).is_ok());
        }
    }

    /// A key in one language and not the other would show a raw key to somebody.
    #[test]
    fn both_languages_have_the_same_keys() {
        let zh: BTreeSet<_> = catalog(Language::ZhCn).keys().iter().collect();
        let en: BTreeSet<_> = catalog(Language::En).keys().iter().collect();
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty() && only_en.is_empty(), "only in zh-CN: {only_zh:?}; only in en: {only_en:?}");
        assert_eq!(zh.len(), catalog(Language::ZhCn).keys().len(), "a key is defined twice");
    }

    #[test]
    fn every_message_uses_the_same_arguments_in_both_languages() {
        let arguments = |text: &str| -> BTreeSet<String> {
            text.split("{ $").skip(1).filter_map(|s| s.split(' ').next()).map(str::to_owned).collect()
        };
        let lines = |sources: &[&str]| -> Vec<(String, String)> {
            sources
                .iter()
                .flat_map(|s| s.lines())
                .filter_map(|l| l.split_once(" = ").map(|(k, v)| (k.trim().to_owned(), v.to_owned())))
                .collect()
        };
        let en = lines(&EN);
        for (key, zh_text) in lines(&ZH_CN) {
            let en_text = en.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str()).unwrap_or_default();
            assert_eq!(arguments(&zh_text), arguments(en_text), "{key} has different arguments");
        }
    }

    #[test]
    fn a_missing_problem_falls_back_to_internal() {
        let (title, _) = problem_text("no_such_problem", Language::En, &[]);
        assert_eq!(title, problem_text("internal", Language::En, &[]).0);
    }
}
