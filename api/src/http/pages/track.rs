//! `/track`: a worker opens their complaint with the reference and receipt code (sent in a POST
//! body, never in a URL), sees its status and history, adds a message or evidence.

use super::complaint_form::group_digits;
use super::{FORM_LIMIT, Page, csrf, errors};
use crate::http::multipart::{self, UploadLimits};
use crate::http::problem::ApiError;
use crate::http::rate_limit::RateLimits;
use crate::http::routes::client_ip;
use crate::i18n;
use crate::service::ProblemCode;
use crate::service::complaint::messages::WorkerMessageRequest;
use crate::service::complaint::views::ComplaintView;
use crate::service::complaint::{evidence, messages as worker_message, track};
use crate::service::{AppState, ServiceError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, FixedOffset, Utc};

#[derive(Default)]
pub struct Credentials {
    pub reference: String,
    pub receipt_code: String,
    pub csrf: String,
    pub body: String,
}

impl Credentials {
    fn parse(bytes: &[u8]) -> Self {
        Self::from_fields(form_urlencoded::parse(bytes).map(|(n, v)| (n.into_owned(), v.into_owned())))
    }

    fn from_fields(fields: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut out = Self::default();
        for (name, value) in fields {
            match name.as_str() {
                "reference" => out.reference = value.trim().to_owned(),
                "receipt_code" => {
                    out.receipt_code = value.chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
                }
                "csrf" => out.csrf = value,
                "body" => out.body = value,
                _ => {}
            }
        }
        out
    }
}

#[derive(Template)]
#[template(path = "track.html")]
pub struct LookupPage<'a> {
    pub page: &'a Page,
    pub reference: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "tracked.html")]
pub struct TrackedPage<'a> {
    pub page: &'a Page,
    pub view: ComplaintView,
    pub receipt_code: String,
    pub category: String,
    pub region: String,
    pub notice: Option<String>,
    pub message_error: Option<String>,
    pub message: String,
    pub evidence_error: Option<String>,
}

impl TrackedPage<'_> {
    pub fn deadlines(&self) -> Vec<String> {
        let facts = super::deadline_text::DeadlineFacts {
            acknowledge_by: self.view.acknowledge_by,
            acknowledge_basis: Some(self.view.acknowledge_basis),
            result_by: self.view.result_by,
            result_basis: Some(self.view.result_basis),
            extension_reason: self.view.result_extension_reason.as_deref(),
        };
        super::deadline_text::lines(self.page, &facts)
    }

    pub fn status_name(&self) -> String {
        self.page.t(&format!("status-{}", self.view.status.as_str()))
    }

    pub fn grouped_code(&self) -> String {
        group_digits(&self.receipt_code)
    }

    pub fn recipient_list(&self) -> &[crate::service::complaint::views::RecipientView] {
        &self.view.recipients
    }

    pub fn evidence_reference(&self) -> &str {
        &self.view.reference
    }

    pub fn evidence_code(&self) -> &str {
        &self.receipt_code
    }

    pub fn evidence_problem(&self) -> Option<&str> {
        self.evidence_error.as_deref()
    }

    /// Beijing time, which is what the worker's phone shows.
    pub fn when(&self, at: &DateTime<Utc>) -> String {
        FixedOffset::east_opt(8 * 3600).map_or_else(
            || at.format("%Y-%m-%d %H:%M UTC").to_string(),
            |tz| at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string(),
        )
    }

    pub fn event_name(&self, kind: &str) -> String {
        let key = format!("timeline-{kind}");
        i18n::catalog(self.page.lang).get(&key, &[]).unwrap_or_else(|| self.page.t("timeline-other"))
    }
}

pub async fn show(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let page = Page::new(&state, &req);
    let body = LookupPage { page: &page, reference: String::new(), error: None }.render();
    page.respond(StatusCode::OK, body)
}

/// The lookup form again, with one message for a wrong code and an unknown reference alike.
fn not_found(page: Page, reference: String, key: &str, status: StatusCode) -> HttpResponse {
    let error = Some(page.t(key));
    let body = LookupPage { page: &page, reference, error }.render();
    page.respond(status, body)
}

pub(super) async fn tracked(
    state: &AppState,
    page: Page,
    creds: &Credentials,
    notice: Option<String>,
    message_error: Option<String>,
    evidence_error: Option<String>,
) -> HttpResponse {
    match track::track(state, &creds.reference, Some(&creds.receipt_code), page.lang).await {
        Ok(view) => {
            let category = state
                .directory
                .category(&view.category)
                .map_or_else(|| view.category.clone(), |c| c.name(page.lang).to_owned());
            let region = state.directory.full_name(&view.region_code);
            let message = if message_error.is_some() { creds.body.clone() } else { String::new() };
            let body = TrackedPage {
                page: &page,
                view,
                receipt_code: creds.receipt_code.clone(),
                category,
                region,
                notice,
                message_error,
                message,
                evidence_error,
            }
            .render();
            page.respond(StatusCode::OK, body)
        }
        Err(ServiceError::NotFound(_)) => {
            not_found(page, creds.reference.clone(), "track-not-found", StatusCode::NOT_FOUND)
        }
        Err(ServiceError::RateLimited { seconds, .. }) => rate_limited(page, creds.reference.clone(), seconds),
        Err(err) => {
            tracing::error!(error = %err, "tracking failed");
            errors::plain(page.lang, 500)
        }
    }
}

/// Reads a small form, checks its CSRF token and the look-up rate limit. `Err` is the answer.
fn checked(
    req: &HttpRequest,
    state: &AppState,
    limits: &RateLimits,
    body: &[u8],
) -> Result<(Page, Credentials), Box<HttpResponse>> {
    if body.len() > FORM_LIMIT {
        return Err(Box::new(errors::render(req, 413)));
    }
    verified(req, state, limits, Credentials::parse(body))
}

fn verified(
    req: &HttpRequest,
    state: &AppState,
    limits: &RateLimits,
    creds: Credentials,
) -> Result<(Page, Credentials), Box<HttpResponse>> {
    let page = Page::new(state, req);
    if !csrf::verify(state, req, &creds.csrf) {
        return Err(Box::new(not_found(page, creds.reference, "form-expired", StatusCode::FORBIDDEN)));
    }
    if let Err(seconds) = limits.lookup.check(client_ip(req)) {
        return Err(Box::new(rate_limited(page, creds.reference, seconds)));
    }
    Ok((page, creds))
}

/// The lookup form with "too many look-ups, wait this long" (429).
fn rate_limited(page: Page, reference: String, seconds: u64) -> HttpResponse {
    let text = page.t1("track-rate-limited", "seconds", &seconds.to_string());
    let body = LookupPage { page: &page, reference, error: Some(text) }.render();
    page.respond(StatusCode::TOO_MANY_REQUESTS, body)
}

pub async fn lookup(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<RateLimits>,
    body: web::Bytes,
) -> HttpResponse {
    match checked(&req, &state, &limits, &body) {
        Ok((page, creds)) => tracked(&state, page, &creds, None, None, None).await,
        Err(answer) => *answer,
    }
}

pub async fn message(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<RateLimits>,
    body: web::Bytes,
) -> HttpResponse {
    let (page, creds) = match checked(&req, &state, &limits, &body) {
        Ok(ok) => ok,
        Err(answer) => return *answer,
    };
    let request = WorkerMessageRequest { body: Some(creds.body.clone()) };
    match worker_message::add(&state, &creds.reference, Some(&creds.receipt_code), request).await {
        Ok(_) => {
            let notice = Some(page.t("track-message-sent"));
            tracked(&state, page, &creds, notice, None, None).await
        }
        Err(ServiceError::Validation(field_errors)) => {
            let message = field_errors.first().map(|e| i18n::field_message(e, page.lang));
            tracked(&state, page, &creds, None, message, None).await
        }
        Err(ServiceError::NotFound(_)) => {
            not_found(page, creds.reference.clone(), "track-not-found", StatusCode::NOT_FOUND)
        }
        Err(err @ ServiceError::RateLimited { code: ProblemCode::MessageLimitReached, .. }) => {
            let problem = ApiError::service(err, page.lang);
            let (_, detail) = i18n::problem_text(problem.code.as_str(), page.lang, &problem.params);
            tracked(&state, page, &creds, None, Some(detail), None).await
        }
        Err(ServiceError::RateLimited { seconds, .. }) => rate_limited(page, creds.reference.clone(), seconds),
        Err(err) => {
            tracing::error!(error = %err, "adding a message failed");
            errors::render(&req, 500)
        }
    }
}

/// `POST /track/evidence`: the files of the form's file input, with the same checks and the same
/// limits as the v1 attachments endpoint; a refused file is explained beside the file input.
/// Everything that can be checked is checked before the files are read: the CSRF cookie and the
/// rate limit from the headers, then the CSRF token, the receipt code and the room left from the
/// hidden fields, which the form sends before its files.
pub async fn evidence(
    req: HttpRequest,
    state: web::Data<AppState>,
    limits: web::Data<RateLimits>,
    payload: web::Payload,
) -> HttpResponse {
    let page = Page::new(&state, &req);
    if csrf::browser_id(&req).is_none() {
        return not_found(page, String::new(), "form-expired", StatusCode::FORBIDDEN);
    }
    if let Err(seconds) = limits.lookup.check(client_ip(&req)) {
        return rate_limited(page, String::new(), seconds);
    }
    let upload_refused = |err: multipart::UploadError| {
        let status = crate::http::problem::status_of(err.to_api(super::language::of(&req)).code);
        errors::render(&req, status.as_u16())
    };
    let mut reader = match multipart::Reader::new(req.headers(), payload, &UploadLimits::EVIDENCE) {
        Ok(reader) => reader,
        Err(err) => return upload_refused(err),
    };
    let creds = match reader.fields_before_files().await {
        Ok(fields) => Credentials::from_fields(fields.iter().cloned()),
        Err(err) => return upload_refused(err),
    };
    if !csrf::verify(&state, &req, &creds.csrf) {
        return not_found(page, creds.reference, "form-expired", StatusCode::FORBIDDEN);
    }
    if let Err(err) = evidence::check_worker(&state, &creds.reference, Some(&creds.receipt_code)).await {
        return evidence_refused(&state, &req, page, &creds, err).await;
    }
    let mut upload = match reader.finish().await {
        Ok(upload) => upload,
        Err(err) => return upload_refused(err),
    };
    let files = upload.take_files("file");
    match evidence::add_for_worker(&state, &creds.reference, Some(&creds.receipt_code), files).await {
        Ok(created) => {
            let notice = Some(page.t1("evidence-added", "count", &created.len().to_string()));
            tracked(&state, page, &creds, notice, None, None).await
        }
        Err(err) => evidence_refused(&state, &req, page, &creds, err).await,
    }
}

/// The page for an upload the service refused.
async fn evidence_refused(
    state: &AppState,
    req: &HttpRequest,
    page: Page,
    creds: &Credentials,
    err: ServiceError,
) -> HttpResponse {
    let lang = page.lang;
    match err {
        ServiceError::NotFound(_) => not_found(page, creds.reference.clone(), "track-not-found", StatusCode::NOT_FOUND),
        ServiceError::RateLimited { seconds, .. } => rate_limited(page, creds.reference.clone(), seconds),
        ServiceError::Validation(field_errors) => {
            let message = field_errors.first().map(|e| i18n::field_message(e, lang));
            tracked(state, page, creds, None, None, message).await
        }
        err @ (ServiceError::FileRefused { .. } | ServiceError::Conflict(_)) => {
            let problem = ApiError::service(err, lang);
            let (_, detail) = i18n::problem_text(problem.code.as_str(), lang, &problem.params);
            tracked(state, page, creds, None, None, Some(detail)).await
        }
        ServiceError::Unavailable(_) => errors::render(req, 503),
        err => {
            tracing::error!(error = %err, "adding evidence failed");
            errors::render(req, 500)
        }
    }
}
