//! From a request body to domain values: the declarative rules (validator), the custom rules
//! built on the domain parsers, and the checks against the directory, all reported together.

use crate::domain::amount::AmountFen;
use crate::domain::credit_code::UnifiedCreditCode;
use crate::domain::employment_mode::EmploymentMode;
use crate::domain::field_error::FieldError;
use crate::domain::id_number::ResidentId;
use crate::domain::language::Language;
use crate::domain::phone::MobilePhone;
use crate::domain::region::{RegionCode, RegionLevel};
use crate::domain::tags::TagSet;
use crate::service::complaint::input::{ComplaintRequest, ContactInput, RoutingPreviewRequest};
use crate::service::directory::Directory;
use crate::service::text::{Lines, free_text};
use chrono::NaiveDate;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

/// Replaces a field of a request body by its [`free_text`] form before the declarative rules
/// run, so that they measure what is kept; a text that [`free_text`] refuses stays as it is for
/// its rule to report.
fn clean_in_place(value: &mut Option<String>, lines: Lines) {
    if let Some(v) = value.as_mut()
        && let Ok(cleaned) = free_text(v, lines)
    {
        *v = cleaned;
    }
}

/// The order in which fields appear in the form: errors are listed in it.
const FIELD_ORDER: &[&str] = &[
    "category",
    "region_code",
    "description",
    "platform",
    "employment_mode",
    "employer",
    "employer_credit_code",
    "occurred_on",
    "amount_owed",
    "affected_workers",
    "tags",
    "anonymous",
    "contact",
    "contact.name",
    "contact.phone",
    "contact.email",
    "contact.id_number",
    "language",
    "notify_by_email",
    "email_receipt",
    "consent",
    "consent.processing",
    "consent.forwarding",
];

pub fn sort_errors(errors: &mut [FieldError]) {
    errors.sort_by_key(|e| FIELD_ORDER.iter().position(|f| *f == e.field).unwrap_or(FIELD_ORDER.len()));
}

/// Stable codes are `&'static str`; validator hands back owned text, mapped here.
fn intern(code: &str) -> &'static str {
    crate::i18n::field_codes().find(|c| *c == code).unwrap_or("invalid_type")
}

fn flatten(errors: &ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            ValidationErrorsKind::Field(list) => {
                // One message per field is enough to fix it; the first rule that failed speaks.
                if let Some(e) = list.first() {
                    let mut fe = FieldError::new(path, intern(&e.code));
                    for name in ["min", "max"] {
                        if let Some(v) = e.params.get(name) {
                            fe = fe.with(name, v);
                        }
                    }
                    out.push(fe);
                }
            }
            ValidationErrorsKind::Struct(inner) => flatten(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    flatten(inner, &format!("{path}[{index}]"), out);
                }
            }
        }
    }
}

pub fn field_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    flatten(errors, "", &mut out);
    out
}

/// An empty optional text field is the same as an absent one (forms send empty strings).
fn blank_to_none(value: &mut Option<String>) {
    if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
        *value = None;
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub phone: MobilePhone,
    pub email: Option<String>,
    pub id_number: Option<ResidentId>,
}

/// A complaint that passed every rule.
#[derive(Clone, Debug)]
pub struct ComplaintDraft {
    pub category: String,
    pub region: RegionCode,
    pub description: String,
    pub platform: Option<String>,
    pub employer: Option<String>,
    pub employment_mode: Option<EmploymentMode>,
    pub employer_credit_code: Option<UnifiedCreditCode>,
    pub occurred_on: Option<NaiveDate>,
    pub amount_owed: Option<AmountFen>,
    pub affected_workers: u32,
    pub tags: TagSet,
    pub contact: Option<Contact>,
    pub language: Language,
    pub notify_by_email: bool,
    /// The worker asked for the receipt code by email too.
    pub email_receipt: bool,
}

/// What routing needs, from either a complaint or a preview request.
#[derive(Clone, Debug)]
pub struct RoutingQuery {
    pub category: String,
    pub region: RegionCode,
    pub platform: Option<String>,
    pub affected_workers: u32,
    pub tags: TagSet,
}

fn check_category(directory: &Directory, code: Option<&str>, errors: &mut Vec<FieldError>) -> String {
    let code = code.map(str::trim).unwrap_or_default();
    if !code.is_empty() && directory.category(code).is_none() {
        errors.push(FieldError::new("category", "category_unknown"));
    }
    code.to_owned()
}

fn check_region(directory: &Directory, code: Option<&str>, errors: &mut Vec<FieldError>) -> Option<RegionCode> {
    let code = code?;
    match RegionCode::parse(code) {
        Err(_) => errors.push(FieldError::new("region_code", "region_invalid")),
        Ok(region) if directory.region(&region).is_none() => {
            errors.push(FieldError::new("region_code", "region_unknown"))
        }
        Ok(region) if region.level() == RegionLevel::Province => {
            errors.push(FieldError::new("region_code", "region_too_broad"))
        }
        Ok(region) => return Some(region),
    }
    None
}

fn check_tags(tags: Option<&[String]>, errors: &mut Vec<FieldError>) -> TagSet {
    match TagSet::parse(tags.unwrap_or_default().iter().map(String::as_str)) {
        Ok(set) => set,
        Err(unknown) => {
            errors.push(FieldError::new("tags", "tag_unknown").with("value", unknown));
            TagSet::default()
        }
    }
}

fn check_employment_mode(value: Option<&str>, errors: &mut Vec<FieldError>) -> Option<EmploymentMode> {
    let mode = EmploymentMode::parse(value?);
    if mode.is_none() {
        errors.push(FieldError::new("employment_mode", "employment_mode_unknown"));
    }
    mode
}

fn check_credit_code(value: Option<&str>, errors: &mut Vec<FieldError>) -> Option<UnifiedCreditCode> {
    match UnifiedCreditCode::parse(value?) {
        Ok(code) => Some(code),
        Err(_) => {
            errors.push(FieldError::new("employer_credit_code", "credit_code_invalid"));
            None
        }
    }
}

fn affected(value: Option<i64>) -> u32 {
    value.and_then(|v| u32::try_from(v).ok()).unwrap_or(1)
}

fn finish<T>(mut errors: Vec<FieldError>, value: Option<T>) -> Result<T, Vec<FieldError>> {
    match value {
        Some(v) if errors.is_empty() => Ok(v),
        _ => {
            sort_errors(&mut errors);
            if errors.is_empty() {
                errors.push(FieldError::new("region_code", "required"));
            }
            Err(errors)
        }
    }
}

pub fn parse_routing_query(
    mut req: RoutingPreviewRequest,
    directory: &Directory,
) -> Result<RoutingQuery, Vec<FieldError>> {
    clean_in_place(&mut req.platform, Lines::One);
    blank_to_none(&mut req.category);
    blank_to_none(&mut req.region_code);
    blank_to_none(&mut req.platform);
    let mut errors = req.validate().err().map(|e| field_errors(&e)).unwrap_or_default();
    let category = check_category(directory, req.category.as_deref(), &mut errors);
    let region = check_region(directory, req.region_code.as_deref(), &mut errors);
    let tags = check_tags(req.tags.as_deref(), &mut errors);
    let query = region.map(|region| RoutingQuery {
        category,
        region,
        platform: req.platform.map(|p| p.trim().to_owned()),
        affected_workers: affected(req.affected_workers),
        tags,
    });
    finish(errors, query)
}

fn check_date(value: Option<&str>, today: NaiveDate, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let value = value?.trim();
    let earliest = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN);
    // Exactly YYYY-MM-DD: chrono alone would also take `2026-5-1`.
    let parsed = if value.len() == 10 { NaiveDate::parse_from_str(value, "%Y-%m-%d").ok() } else { None };
    match parsed.ok_or(()) {
        Ok(date) if date > today => errors.push(FieldError::new("occurred_on", "date_in_future")),
        Ok(date) if date < earliest => errors.push(FieldError::new("occurred_on", "date_too_early")),
        Ok(date) => return Some(date),
        Err(_) => errors.push(FieldError::new("occurred_on", "date_invalid")),
    }
    None
}

fn normalise_contact(contact: &mut ContactInput) {
    clean_in_place(&mut contact.name, Lines::One);
    blank_to_none(&mut contact.email);
    blank_to_none(&mut contact.id_number);
    if let Some(email) = contact.email.as_mut() {
        *email = email.trim().to_owned();
    }
}

/// Checks a complaint body against every rule of the v1 contract. `today` is the date in China.
pub fn parse_complaint(
    mut req: ComplaintRequest,
    directory: &Directory,
    today: NaiveDate,
) -> Result<ComplaintDraft, Vec<FieldError>> {
    clean_in_place(&mut req.description, Lines::Many);
    clean_in_place(&mut req.platform, Lines::One);
    clean_in_place(&mut req.employer, Lines::One);
    blank_to_none(&mut req.category);
    blank_to_none(&mut req.region_code);
    blank_to_none(&mut req.platform);
    blank_to_none(&mut req.employer);
    blank_to_none(&mut req.employment_mode);
    blank_to_none(&mut req.employer_credit_code);
    blank_to_none(&mut req.occurred_on);
    blank_to_none(&mut req.language);
    if let Some(contact) = req.contact.as_mut() {
        normalise_contact(contact);
    }
    let mut errors = req.validate().err().map(|e| field_errors(&e)).unwrap_or_default();

    let category = check_category(directory, req.category.as_deref(), &mut errors);
    let region = check_region(directory, req.region_code.as_deref(), &mut errors);
    let tags = check_tags(req.tags.as_deref(), &mut errors);
    let employment_mode = check_employment_mode(req.employment_mode.as_deref(), &mut errors);
    let employer_credit_code = check_credit_code(req.employer_credit_code.as_deref(), &mut errors);
    let occurred_on = check_date(req.occurred_on.as_deref(), today, &mut errors);
    let amount_owed = req.amount_owed.as_ref().and_then(|a| AmountFen::parse(&a.text()).ok());

    let anonymous = req.anonymous.unwrap_or(false);
    match (&req.contact, anonymous) {
        (Some(_), true) => errors.push(FieldError::new("contact", "contact_not_allowed")),
        (None, false) => errors.push(FieldError::new("contact", "contact_required")),
        _ => {}
    }
    let contact = if anonymous {
        None
    } else {
        req.contact.as_ref().and_then(|c| {
            Some(Contact {
                name: c.name.as_deref()?.trim().to_owned(),
                phone: MobilePhone::parse(c.phone.as_deref()?).ok()?,
                email: c.email.clone(),
                id_number: c.id_number.as_deref().and_then(|i| ResidentId::parse(i).ok()),
            })
        })
    };

    let language = match req.language.as_deref().map(Language::parse) {
        None => Language::ZhCn,
        Some(Ok(lang)) => lang,
        Some(Err(_)) => {
            errors.push(FieldError::new("language", "language_unsupported"));
            Language::ZhCn
        }
    };
    let notify_by_email = req.notify_by_email.unwrap_or(false);
    if notify_by_email && req.contact.as_ref().and_then(|c| c.email.as_ref()).is_none() {
        errors.push(FieldError::new("notify_by_email", "notify_requires_email"));
    }
    let email_receipt = req.email_receipt.unwrap_or(false);
    if email_receipt && req.contact.as_ref().and_then(|c| c.email.as_ref()).is_none() {
        errors.push(FieldError::new("email_receipt", "receipt_email_requires_email"));
    }

    match &req.consent {
        None => errors.push(FieldError::new("consent", "consent_required")),
        Some(consent) => {
            if consent.processing != Some(true) {
                errors.push(FieldError::new("consent.processing", "consent_required"));
            }
            if consent.forwarding != Some(true) {
                errors.push(FieldError::new("consent.forwarding", "consent_required"));
            }
        }
    }

    let draft = region.map(|region| ComplaintDraft {
        category,
        region,
        description: req.description.as_deref().map(str::trim).unwrap_or_default().to_owned(),
        platform: req.platform.map(|p| p.trim().to_owned()),
        employer: req.employer.map(|e| e.trim().to_owned()),
        employment_mode,
        employer_credit_code,
        occurred_on,
        amount_owed,
        affected_workers: affected(req.affected_workers),
        tags,
        contact,
        language,
        notify_by_email,
        email_receipt,
    });
    finish(errors, draft)
}

impl ComplaintDraft {
    pub fn routing_query(&self) -> RoutingQuery {
        RoutingQuery {
            category: self.category.clone(),
            region: self.region.clone(),
            platform: self.platform.clone(),
            affected_workers: self.affected_workers,
            tags: self.tags.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::complaint::rules::{name_rule, platform_rule};

    #[test]
    fn a_refused_text_is_left_for_its_rule_to_report() {
        let mut value = Some("王\u{0}\u{202E}".to_owned());
        clean_in_place(&mut value, Lines::One);
        assert_eq!(value.as_deref(), Some("王\u{0}\u{202E}"));
        assert_eq!(name_rule("王\u{0}").map_err(|e| e.code), Err("control_characters".into()));
        assert_eq!(platform_rule(&"美".repeat(101)).map_err(|e| e.code), Err("too_long".into()));
        assert!(platform_rule(&format!("{}\u{200B}", "美".repeat(100))).is_ok());
    }

    #[test]
    fn the_employment_mode_and_the_credit_code_are_parsed_or_reported() {
        let mut errors = Vec::new();
        assert_eq!(check_employment_mode(None, &mut errors), None);
        assert_eq!(check_employment_mode(Some("ride_hailing"), &mut errors), Some(EmploymentMode::RideHailing));
        assert_eq!(check_credit_code(None, &mut errors), None);
        let code = check_credit_code(Some(" ９１１１００００６０００３７３４１ｌ "), &mut errors);
        assert_eq!(code.as_ref().map(UnifiedCreditCode::as_str), Some("91110000600037341L"));
        assert!(errors.is_empty(), "{errors:?}");

        assert_eq!(check_employment_mode(Some("full_time"), &mut errors), None);
        assert_eq!(check_credit_code(Some("91110000600037341N"), &mut errors), None);
        let codes: Vec<(&str, &str)> = errors.iter().map(|e| (&*e.field, e.code)).collect();
        assert_eq!(
            codes,
            [("employment_mode", "employment_mode_unknown"), ("employer_credit_code", "credit_code_invalid")]
        );
    }
}
