//! The bodies clients send, as received: every field optional at this stage so that a missing
//! field is reported by name with the others, not as a failure to read the whole body.

use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

use crate::domain::amount::{AmountError, AmountFen};
use crate::service::complaint::rules::{
    description_rule, employer_rule, error, id_number_rule, name_rule, phone_rule, platform_rule,
};
use validator::ValidationError;

/// `amount_owed`: a decimal string such as `"3500.50"`; a JSON number is read the same way.
#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(untagged)]
pub enum AmountInput {
    Text(String),
    Number(serde_json::Number),
}

impl AmountInput {
    pub fn text(&self) -> String {
        match self {
            Self::Text(s) => s.clone(),
            Self::Number(n) => n.to_string(),
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, Validate, ToSchema)]
pub struct ContactInput {
    /// 1 to 50 characters on one line: no control characters.
    #[validate(required, custom(function = "name_rule"))]
    #[schema(example = "王师傅")]
    pub name: Option<String>,
    /// Mainland mobile number; `+86`, spaces and dashes are accepted and normalised.
    #[validate(required, custom(function = "phone_rule"))]
    #[schema(example = "+86 138 0013 8000")]
    pub phone: Option<String>,
    #[validate(email(code = "email_invalid"), length(max = 254, code = "too_long"))]
    pub email: Option<String>,
    /// 18-character resident identity number with a valid check character.
    #[validate(custom(function = "id_number_rule"))]
    pub id_number: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct ConsentInput {
    /// Consent to the processing of the complaint (PIPL art. 13): must be `true`.
    pub processing: Option<bool>,
    /// Separate consent to forwarding it to the recipients shown (PIPL art. 23): must be `true`.
    pub forwarding: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize, Validate, ToSchema)]
pub struct ComplaintRequest {
    /// A code from `/api/v1/categories`.
    #[validate(required)]
    #[schema(example = "wage_arrears")]
    pub category: Option<String>,
    /// Where the work is done: a 6-digit county-level or 4-digit city-level code.
    #[validate(required)]
    #[schema(example = "341102")]
    pub region_code: Option<String>,
    /// 10 to 5,000 characters after trimming; line breaks and tabs are the only control
    /// characters allowed. Bidirectional and zero-width characters are removed and the text is
    /// stored in Unicode NFC, as in every text field.
    #[validate(required, custom(function = "description_rule"))]
    pub description: Option<String>,
    /// At most 100 characters on one line: no control characters.
    #[validate(custom(function = "platform_rule"))]
    #[schema(example = "美团")]
    pub platform: Option<String>,
    /// At most 200 characters on one line: no control characters.
    #[validate(custom(function = "employer_rule"))]
    pub employer: Option<String>,
    /// How the worker works: `dedicated` (专送, a delivery station's rider on its shifts),
    /// `crowdsourced` (众包, orders taken in the app when the worker chooses), `courier_outlet`
    /// (快递网点, a parcel courier of an outlet), `ride_hailing` (网约车) or `other`. An empty
    /// string is the same as leaving it out; any other value is `employment_mode_unknown`.
    #[schema(example = "crowdsourced")]
    pub employment_mode: Option<String>,
    /// The employer's unified social credit code (统一社会信用代码, GB 32100-2015), as printed on
    /// its business licence: 18 digits and capital letters (no I, O, S, V or Z) whose last is a
    /// check character. Spaces around it, full-width characters and lower case are accepted and
    /// stored in upper case; an empty string is the same as leaving it out; a code that is not
    /// one is `credit_code_invalid`.
    #[schema(example = "91110000600037341L")]
    pub employer_credit_code: Option<String>,
    /// `YYYY-MM-DD`, not in the future, not before 2000-01-01.
    #[schema(example = "2026-10-31")]
    pub occurred_on: Option<String>,
    /// CNY as a decimal string, at least 0, at most two decimals, at most 100,000,000.
    #[validate(custom(function = "amount_rule"))]
    #[schema(value_type = Option<String>, example = "3500.00")]
    pub amount_owed: Option<AmountInput>,
    /// 1 to 100,000; 1 when absent.
    #[validate(range(min = 1, max = 100_000, code = "out_of_range"))]
    #[schema(minimum = 1, maximum = 100_000)]
    pub affected_workers: Option<i64>,
    /// Any of `women`, `disability`, `minor`, `migrant`, `injury`.
    pub tags: Option<Vec<String>>,
    /// When true, `contact` must be absent.
    pub anonymous: Option<bool>,
    #[validate(nested)]
    pub contact: Option<ContactInput>,
    /// `zh-CN` or `en`: the language of messages to the worker.
    pub language: Option<String>,
    /// Email the worker on status changes; needs `contact.email`.
    pub notify_by_email: Option<bool>,
    /// Email the receipt code to `contact.email` as well (it is otherwise shown only once).
    /// Whoever reads that mailbox can then open the complaint: only for an address the worker
    /// alone reads.
    pub email_receipt: Option<bool>,
    pub consent: Option<ConsentInput>,
    /// Required when a volunteer files with their token; ignored otherwise.
    pub on_behalf: Option<OnBehalfInput>,
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct OnBehalfInput {
    /// How the worker consented to the filing: `verbal`, `written` or `in_app`.
    pub consent_method: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, Validate, ToSchema)]
pub struct RoutingPreviewRequest {
    #[validate(required)]
    #[schema(example = "wage_arrears")]
    pub category: Option<String>,
    #[validate(required)]
    #[schema(example = "341102")]
    pub region_code: Option<String>,
    #[validate(range(min = 1, max = 100_000, code = "out_of_range"))]
    #[schema(minimum = 1, maximum = 100_000)]
    pub affected_workers: Option<i64>,
    pub tags: Option<Vec<String>>,
    /// As in a complaint: at most 100 characters on one line.
    #[validate(custom(function = "platform_rule"))]
    pub platform: Option<String>,
}

fn amount_code(e: &AmountError) -> &'static str {
    match e {
        AmountError::Invalid => "amount_invalid",
        AmountError::Negative => "amount_negative",
        AmountError::TooManyDecimals => "amount_too_many_decimals",
        AmountError::TooLarge => "amount_too_large",
    }
}

pub fn amount_rule(value: &AmountInput) -> Result<(), ValidationError> {
    AmountFen::parse(&value.text()).map(|_| ()).map_err(|e| error(amount_code(&e)))
}
