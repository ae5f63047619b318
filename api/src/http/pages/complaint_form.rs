//! `GET /` shows the complaint form; `POST /` files it, or shows it again with every error beside
//! its field and every value kept, or (the no-script region buttons) shows the next region level.

use super::form_values::{FormValues, form_field};
use super::{FORM_LIMIT, Page, csrf, errors, session};
use crate::domain::employment_mode::{ALL_EMPLOYMENT_MODES, EmploymentMode};
use crate::domain::language::Language;
use crate::domain::role::StaffRole;
use crate::http::rate_limit::RateLimits;
use crate::http::routes::client_ip;
use crate::i18n;
use crate::secrets::random_bytes;
use crate::service::complaint::input::RoutingPreviewRequest;
use crate::service::complaint::submit::{self, Idempotency};
use crate::service::complaint::views::{ComplaintCreated, RecipientView, RegionView};
use crate::service::directory::catalog;
use crate::service::staff::auth::Caller;
use crate::service::{AppState, ServiceError, routing};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

/// One choice in a list.
pub struct Choice {
    pub code: String,
    pub name: String,
    pub description: String,
}

/// An employment mode as the form offers it: its value, and the catalog keys of its short name
/// and of what it means in riders' words.
pub struct ModeChoice {
    pub code: &'static str,
    pub name: &'static str,
    pub hint: &'static str,
}

/// The catalog keys of an employment mode's name and of its plain-words explanation.
pub fn employment_mode_keys(mode: EmploymentMode) -> (&'static str, &'static str) {
    match mode {
        EmploymentMode::Dedicated => ("employment-mode-dedicated", "employment-mode-dedicated-hint"),
        EmploymentMode::Crowdsourced => ("employment-mode-crowdsourced", "employment-mode-crowdsourced-hint"),
        EmploymentMode::CourierOutlet => ("employment-mode-courier_outlet", "employment-mode-courier_outlet-hint"),
        EmploymentMode::RideHailing => ("employment-mode-ride_hailing", "employment-mode-ride_hailing-hint"),
        EmploymentMode::Other => ("employment-mode-other", "employment-mode-other-hint"),
    }
}

/// The catalog key of an employment mode's short name (the console shows it).
pub fn employment_mode_name(mode: &EmploymentMode) -> &'static str {
    employment_mode_keys(*mode).0
}

/// A message beside a field and in the summary at the top.
pub struct FieldMessage {
    pub field: &'static str,
    pub message: String,
}

#[derive(Template)]
#[template(path = "form.html")]
pub struct FormPage<'a> {
    pub page: &'a Page,
    pub form: FormValues,
    pub categories: Vec<Choice>,
    pub provinces: Vec<RegionView>,
    pub cities: Vec<RegionView>,
    pub counties: Vec<RegionView>,
    pub recipients: Vec<RecipientView>,
    pub errors: Vec<FieldMessage>,
    /// A notice above the form (an expired page, too many attempts).
    pub notice: Option<String>,
}

impl FormPage<'_> {
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    /// `aria-describedby` of a field: its hint and, when there is one, its error.
    pub fn described_by(&self, field: &str, hint: bool) -> String {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{field}-hint"));
        }
        if self.error(field).is_some() {
            ids.push(format!("{field}-error"));
        }
        ids.join(" ")
    }

    pub fn recipient_list(&self) -> &[RecipientView] {
        &self.recipients
    }

    pub fn consent_methods(&self) -> &'static [&'static str] {
        &["verbal", "written", "in_app"]
    }

    pub fn tag_choices(&self) -> &'static [&'static str] {
        &["women", "disability", "minor", "migrant", "injury"]
    }

    pub fn employment_modes(&self) -> Vec<ModeChoice> {
        ALL_EMPLOYMENT_MODES
            .into_iter()
            .map(|mode| {
                let (name, hint) = employment_mode_keys(mode);
                ModeChoice { code: mode.as_str(), name, hint }
            })
            .collect()
    }

    /// The messages the script shows, from the same catalog as the server's (placeholders such
    /// as `{min}` are filled in by the script), and the words of the offline queue.
    pub fn js_messages(&self) -> String {
        let catalog = i18n::catalog(self.page.lang);
        let placeholders: Vec<(&str, String)> =
            ["min", "max", "value"].iter().map(|n| (*n, format!("{{{n}}}"))).collect();
        let mut map = serde_json::Map::new();
        for code in JS_FIELD_CODES {
            if let Some(text) = catalog.get(&format!("field-{code}"), &placeholders) {
                map.insert((*code).to_owned(), text.into());
            }
        }
        for key in JS_TEXTS {
            map.insert((*key).to_owned(), catalog.text(key).into());
        }
        serde_json::Value::Object(map).to_string()
    }
}

/// The field rules the script checks before sending; the server checks them all again.
const JS_FIELD_CODES: &[&str] = &[
    "required",
    "too_short",
    "too_long",
    "out_of_range",
    "phone_invalid",
    "email_invalid",
    "id_number_invalid",
    "id_number_checksum",
    "credit_code_invalid",
    "amount_invalid",
    "amount_negative",
    "amount_too_many_decimals",
    "amount_too_large",
    "date_invalid",
    "date_in_future",
    "date_too_early",
    "region_too_broad",
    "consent_required",
    "notify_requires_email",
    "receipt_email_requires_email",
];

const JS_TEXTS: &[&str] = &["js-offline-queued", "js-sending", "js-retrying", "js-draft-restored", "js-server-busy"];

#[derive(Template)]
#[template(path = "filed.html")]
pub struct FiledPage<'a> {
    pub page: &'a Page,
    pub filed: ComplaintCreated,
}

impl FiledPage<'_> {
    pub fn deadlines(&self) -> Vec<String> {
        let facts = super::deadline_text::DeadlineFacts {
            acknowledge_by: self.filed.acknowledge_by,
            acknowledge_basis: self.filed.acknowledge_basis,
            result_by: self.filed.result_by,
            result_basis: self.filed.result_basis,
            extension_reason: None,
        };
        super::deadline_text::lines(self.page, &facts)
    }

    /// `4821 0933 7560 1194`: easier to read out, write down and type back.
    pub fn grouped_code(&self) -> String {
        group_digits(&self.filed.receipt_code)
    }

    pub fn recipient_list(&self) -> &[RecipientView] {
        &self.filed.recipients
    }

    pub fn evidence_reference(&self) -> &str {
        &self.filed.reference
    }

    pub fn evidence_code(&self) -> &str {
        &self.filed.receipt_code
    }

    pub fn evidence_problem(&self) -> Option<&str> {
        None
    }
}

pub fn group_digits(code: &str) -> String {
    code.chars().collect::<Vec<_>>().chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

async fn volunteer(state: &AppState, req: &HttpRequest) -> Option<Caller> {
    session::caller(state, req).await.filter(|c| c.role == StaffRole::Volunteer)
}

fn new_key() -> String {
    random_bytes::<16>().map(hex::encode).unwrap_or_default()
}

fn regions(state: &AppState, parent: &str) -> Vec<RegionView> {
    if parent.is_empty() {
        return Vec::new();
    }
    catalog::regions(&state.directory, Some(parent)).unwrap_or_default()
}

/// Everything the form shows around the values: the lists and, once category and place are
/// known, who would receive the complaint.
async fn form_page<'a>(
    state: &AppState,
    page: &'a Page,
    form: FormValues,
    errors: Vec<FieldMessage>,
    notice: Option<String>,
) -> FormPage<'a> {
    let lang = page.lang;
    let categories = state
        .directory
        .categories()
        .iter()
        .map(|c| Choice {
            code: c.code.clone(),
            name: c.name(lang).to_owned(),
            description: c.description(lang).to_owned(),
        })
        .collect();
    let provinces = catalog::regions(&state.directory, None).unwrap_or_default();
    let cities = regions(state, &form.province);
    let counties = regions(state, &form.city);
    let recipients = match (form.category.is_empty(), form.region_code()) {
        (false, Some(region_code)) => routing::preview(
            state,
            RoutingPreviewRequest {
                category: Some(form.category.clone()),
                region_code: Some(region_code),
                affected_workers: form.affected_workers.trim().parse().ok(),
                tags: Some(form.tags.clone()),
                platform: Some(form.platform.trim().to_owned()).filter(|p| !p.is_empty()),
            },
            lang,
        )
        .await
        .map(|p| p.recipients)
        .unwrap_or_default(),
        _ => Vec::new(),
    };
    FormPage { page, form, categories, provinces, cities, counties, recipients, errors, notice }
}

pub async fn show(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let mut page = Page::new(&state, &req);
    page.volunteer = volunteer(&state, &req).await.map(|c| c.display_name);
    let form = FormValues { idempotency_key: new_key(), ..FormValues::default() };
    let body = form_page(&state, &page, form, Vec::new(), None).await.render();
    page.respond(StatusCode::OK, body)
}

pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<RateLimits>,
    body: web::Bytes,
) -> HttpResponse {
    if body.len() > FORM_LIMIT {
        return errors::render(&req, 413);
    }
    let Ok(mut form) = FormValues::parse(&body) else {
        return errors::render(&req, 400);
    };
    if form.idempotency_key.is_empty() || form.idempotency_key.len() > 64 {
        form.idempotency_key = new_key();
    }
    let caller = volunteer(&state, &req).await;
    let mut page = Page::new(&state, &req);
    page.volunteer = caller.as_ref().map(|c| c.display_name.clone());
    if !csrf::verify(&state, &req, &form.csrf) {
        // Nothing is filed; the worker's values come back with a fresh token to press again.
        let notice = Some(page.t("form-expired"));
        let (status, body) = (StatusCode::FORBIDDEN, form_page(&state, &page, form, Vec::new(), notice).await.render());
        return page.respond(status, body);
    }
    // The region button is the form's first submit button, so Enter in a text field presses it
    // too: once the place is complete, it files like the send button.
    if form.step == "region" && !region_complete(&state, &form) {
        let (status, body) = (StatusCode::OK, form_page(&state, &page, form, Vec::new(), None).await.render());
        return page.respond(status, body);
    }
    if let Err(seconds) = limits.filing.check(client_ip(&req)) {
        let notice = Some(page.t1("form-rate-limited", "seconds", &seconds.to_string()));
        let (status, body) =
            (StatusCode::TOO_MANY_REQUESTS, form_page(&state, &page, form, Vec::new(), notice).await.render());
        return page.respond(status, body);
    }

    let request = form.to_request(page.lang, caller.is_some());
    let fingerprint = form.fingerprint();
    let key = form.idempotency_key.clone();
    // The form's keys belong to this browser: bound to its HttpOnly CSRF cookie (verified above),
    // in a scope apart from the API's.
    let Some(browser) = csrf::browser_id(&req) else {
        return errors::render(&req, 403);
    };
    let binding = format!("/form:{browser}");
    let idempotency = Idempotency { key: &key, body: &fingerprint, binding };
    match submit::submit(&state, request, Some(idempotency), page.lang, caller.as_ref()).await {
        Ok(answer) => filed(page, answer.created),
        Err(ServiceError::Validation(field_errors)) => {
            let errors = messages(&field_errors, page.lang);
            let (status, body) =
                (StatusCode::UNPROCESSABLE_ENTITY, form_page(&state, &page, form, errors, None).await.render());
            page.respond(status, body)
        }
        Err(ServiceError::IdempotencyKeyReused) => {
            // This form was filed already with other values. Its receipt is shown only for the
            // same values; what is shown now is the form, with a new key, to file these values
            // as a complaint of their own if that is what the worker wants.
            let notice = Some(page.t("form-already-filed"));
            let form = FormValues { idempotency_key: new_key(), ..form };
            let (status, body) =
                (StatusCode::UNPROCESSABLE_ENTITY, form_page(&state, &page, form, Vec::new(), notice).await.render());
            page.respond(status, body)
        }
        Err(ServiceError::Forbidden) => errors::render(&req, 403),
        Err(ServiceError::Unavailable(_)) => errors::render(&req, 503),
        Err(err) => {
            tracing::error!(error = %err, "filing from the form failed");
            errors::render(&req, 500)
        }
    }
}

fn region_complete(state: &AppState, form: &FormValues) -> bool {
    !form.county.is_empty() || (!form.city.is_empty() && regions(state, &form.city).is_empty())
}

fn messages(field_errors: &[crate::domain::field_error::FieldError], lang: Language) -> Vec<FieldMessage> {
    let mut out: Vec<FieldMessage> = Vec::new();
    for e in field_errors {
        let field = form_field(e);
        // One message a field: the first is the one to fix first.
        if !out.iter().any(|m| m.field == field) {
            out.push(FieldMessage { field, message: i18n::field_message(e, lang) });
        }
    }
    out
}

fn filed(page: Page, filed: ComplaintCreated) -> HttpResponse {
    let reference = filed.reference.clone();
    let body = FiledPage { page: &page, filed }.render();
    let mut response = page.respond(StatusCode::OK, body);
    // Tells the page script that the complaint is filed, so it can forget its copy.
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&reference) {
        response.headers_mut().insert(actix_web::http::header::HeaderName::from_static("x-complaint-reference"), value);
    }
    response
}
