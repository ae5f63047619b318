//! The complaint form as the browser sends it (`application/x-www-form-urlencoded`), turned into
//! the same request the JSON API takes, and the API's field errors turned back into form fields.

use crate::domain::field_error::FieldError;
use crate::domain::language::Language;
use crate::http::form::{FormError, checkbox, decode, one_or_many};
use crate::service::complaint::input::{AmountInput, ComplaintRequest, ConsentInput, ContactInput, OnBehalfInput};
use serde::{Deserialize, Serialize};

/// Every value the worker entered, kept as typed so that a page with errors shows them again.
/// Decoded by `http::form` as the browser sends it; what is left out is empty or unchecked.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FormValues {
    pub category: String,
    pub province: String,
    pub city: String,
    pub county: String,
    pub description: String,
    pub platform: String,
    pub employer: String,
    pub employment_mode: String,
    pub employer_credit_code: String,
    pub occurred_on: String,
    pub amount_owed: String,
    pub affected_workers: String,
    #[serde(deserialize_with = "one_or_many")]
    pub tags: Vec<String>,
    #[serde(deserialize_with = "checkbox")]
    pub anonymous: bool,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub id_number: String,
    #[serde(deserialize_with = "checkbox")]
    pub notify_by_email: bool,
    #[serde(deserialize_with = "checkbox")]
    pub email_receipt: bool,
    #[serde(deserialize_with = "checkbox")]
    pub consent_processing: bool,
    #[serde(deserialize_with = "checkbox")]
    pub consent_forwarding: bool,
    pub consent_method: String,
    /// Made when the form is first shown: a resubmission (a reload, a retry) files nothing new.
    #[serde(skip_serializing)]
    pub idempotency_key: String,
    #[serde(skip_serializing)]
    pub csrf: String,
    /// Set by the no-script region buttons: show the next level instead of filing.
    #[serde(skip_serializing)]
    pub step: String,
}

impl FormValues {
    pub fn parse(body: &[u8]) -> Result<Self, FormError> {
        let mut form: Self = decode(body)?;
        let mut tags = Vec::new();
        for tag in std::mem::take(&mut form.tags) {
            if !tags.contains(&tag) && tags.len() < 10 {
                tags.push(tag);
            }
        }
        form.tags = tags;
        // A lower level chosen under another parent (the worker went back and changed the
        // province) no longer applies.
        if !form.city.starts_with(&form.province) || form.province.is_empty() {
            form.city.clear();
        }
        if !form.county.starts_with(&form.city) || form.city.is_empty() {
            form.county.clear();
        }
        Ok(form)
    }

    /// The most precise place chosen: county, else city, else province (which the rules refuse
    /// as too broad, with a message that says so).
    pub fn region_code(&self) -> Option<String> {
        [&self.county, &self.city, &self.province]
            .into_iter()
            .find(|c| !c.trim().is_empty())
            .map(|c| c.trim().to_owned())
    }

    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }

    /// What a retry must repeat exactly for its Idempotency-Key to replay the first answer.
    pub fn fingerprint(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    pub fn to_request(&self, lang: Language, volunteer: bool) -> ComplaintRequest {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let contact = ContactInput {
            name: text(&self.name),
            phone: text(&self.phone),
            email: text(&self.email),
            id_number: text(&self.id_number),
        };
        let entered =
            contact.name.is_some() || contact.phone.is_some() || contact.email.is_some() || contact.id_number.is_some();
        // Not anonymous: an empty contact is sent so that name and phone are each reported as
        // required beside their own fields.
        let contact = (entered || !self.anonymous).then_some(contact);
        ComplaintRequest {
            category: text(&self.category),
            region_code: self.region_code(),
            description: Some(self.description.clone()),
            platform: text(&self.platform),
            employer: text(&self.employer),
            employment_mode: text(&self.employment_mode),
            employer_credit_code: text(&self.employer_credit_code),
            occurred_on: text(&self.occurred_on),
            amount_owed: text(&self.amount_owed).map(AmountInput::Text),
            affected_workers: text(&self.affected_workers).map(|n| n.parse::<i64>().unwrap_or(-1)),
            tags: Some(self.tags.clone()),
            anonymous: Some(self.anonymous),
            contact,
            language: Some(lang.tag().to_owned()),
            notify_by_email: Some(self.notify_by_email),
            email_receipt: Some(self.email_receipt),
            consent: Some(ConsentInput {
                processing: Some(self.consent_processing),
                forwarding: Some(self.consent_forwarding),
            }),
            on_behalf: volunteer.then(|| OnBehalfInput { consent_method: text(&self.consent_method) }),
        }
    }
}

/// The form field (its element id) that shows an API field error.
pub fn form_field(error: &FieldError) -> &'static str {
    match &*error.field {
        "category" => "category",
        "region_code" => "region",
        "description" => "description",
        "platform" => "platform",
        "employer" => "employer",
        "employment_mode" => "employment_mode",
        "employer_credit_code" => "employer_credit_code",
        "occurred_on" => "occurred_on",
        "amount_owed" => "amount_owed",
        "affected_workers" => "affected_workers",
        "tags" => "tags",
        "contact" | "contact.name" => "name",
        "contact.phone" => "phone",
        "contact.email" | "notify_by_email" | "email_receipt" => "email",
        "contact.id_number" => "id_number",
        "consent" | "consent.processing" => "consent_processing",
        "consent.forwarding" => "consent_forwarding",
        "on_behalf" | "on_behalf.consent_method" => "consent_method",
        _ => "description",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_tags_and_checkboxes_are_read() {
        let form = FormValues::parse(
            b"category=wage_arrears&province=34&city=3411&county=341102&tags=women&tags=injury&anonymous=on&consent_processing=on",
        )
        .unwrap_or_default();
        assert_eq!(form.tags, vec!["women", "injury"]);
        assert!(form.anonymous && form.consent_processing && !form.consent_forwarding);
        assert_eq!(form.region_code().as_deref(), Some("341102"));
    }

    #[test]
    fn a_county_of_another_city_is_dropped() {
        let form = FormValues::parse(b"province=11&city=3411&county=341102").unwrap_or_default();
        assert_eq!(form.region_code().as_deref(), Some("11"));
    }

    #[test]
    fn anonymous_with_no_contact_sends_none() {
        let form = FormValues::parse(b"anonymous=on&name=&phone=").unwrap_or_default();
        assert!(form.to_request(Language::ZhCn, false).contact.is_none());
        let named = FormValues::parse(b"name=%E7%8E%8B&phone=13800138000").unwrap_or_default();
        assert!(named.to_request(Language::ZhCn, false).contact.is_some());
    }

    #[test]
    fn the_employment_mode_and_the_credit_code_are_sent_when_filled_in() {
        let form = FormValues::parse(b"employment_mode=crowdsourced&employer_credit_code=+91110000600037341l+")
            .unwrap_or_default();
        let request = form.to_request(Language::ZhCn, false);
        assert_eq!(request.employment_mode.as_deref(), Some("crowdsourced"));
        assert_eq!(request.employer_credit_code.as_deref(), Some("91110000600037341l"));
        let empty = FormValues::parse(b"employment_mode=&employer_credit_code=").unwrap_or_default();
        let request = empty.to_request(Language::ZhCn, false);
        assert!(request.employment_mode.is_none() && request.employer_credit_code.is_none());
        let wrong = FieldError::new("employer_credit_code", "credit_code_invalid");
        assert_eq!(form_field(&wrong), "employer_credit_code");
        assert_eq!(form_field(&FieldError::new("employment_mode", "employment_mode_unknown")), "employment_mode");
    }

    #[test]
    fn the_fingerprint_ignores_the_csrf_token() {
        let a = FormValues::parse(b"description=x&csrf=aaa&idempotency_key=k").unwrap_or_default();
        let b = FormValues::parse(b"description=x&csrf=bbb&idempotency_key=k").unwrap_or_default();
        assert_eq!(a.fingerprint(), b.fingerprint());
    }
}
