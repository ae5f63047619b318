//! `/console/leads`: the public-interest leads of the officer's office, and one lead with its
//! member cases and the office's decision as CSRF-protected forms that redirect back (PRG).

use super::{Console, Posted, failure, signed_in};
use crate::http::auth::client_ip;
use crate::http::pages::Page;
use crate::i18n;
use crate::service::AppState;
use crate::service::ServiceError;
use crate::service::lead::{self, LeadDecision, LeadDetail, LeadList};
use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "console/leads.html")]
pub struct LeadsPage<'a> {
    pub page: &'a Page,
    pub c: &'a Console,
    pub state: &'a AppState,
    pub list: LeadList,
}

impl LeadsPage<'_> {
    pub fn category_name(&self, code: &str) -> String {
        category_name(self.state, self.page, code)
    }

    pub fn place_name(&self, code: &str) -> String {
        self.state.directory.full_name(code)
    }
}

/// A category's name in the page's language; the code itself if the directory lacks it.
fn category_name(state: &AppState, page: &Page, code: &str) -> String {
    state.directory.category(code).map_or_else(|| code.to_owned(), |c| c.name(page.lang).to_owned())
}

#[derive(Template)]
#[template(path = "console/lead.html")]
pub struct LeadPage<'a> {
    pub page: &'a Page,
    pub c: &'a Console,
    pub state: &'a AppState,
    pub lead: LeadDetail,
    pub done: Option<String>,
    pub problem: Option<String>,
}

impl LeadPage<'_> {
    pub fn category_name(&self, code: &str) -> String {
        category_name(self.state, self.page, code)
    }

    pub fn place_name(&self, code: &str) -> String {
        self.state.directory.full_name(code)
    }

    /// Only an open or accepted lead still awaits a decision.
    pub fn open(&self) -> bool {
        matches!(self.lead.lead.status.as_str(), "open" | "accepted")
    }
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let console = match signed_in(&state, &req).await {
        Ok(c) => c,
        Err(answer) => return *answer,
    };
    match lead::list(&state, &console.caller).await {
        Ok(list) => {
            let body = LeadsPage { page: &console.page, c: &console, state: &state, list }.render();
            console.page.respond(StatusCode::OK, body)
        }
        Err(err) => failure(&req, &err),
    }
}

async fn render(
    state: &AppState,
    req: &HttpRequest,
    console: Console,
    id: i64,
    done: Option<String>,
    problem: Option<String>,
) -> HttpResponse {
    let lead = match lead::show(state, &console.caller, id).await {
        Ok(lead) => lead,
        Err(err) => return failure(req, &err),
    };
    let status = if problem.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let done = done.filter(|d| matches!(d.as_str(), "accepted" | "dismissed" | "linked"));
    let done = done.map(|d| console.page.t(&format!("lead-done-{d}")));
    let body = LeadPage { page: &console.page, c: &console, state, lead, done, problem }.render();
    console.page.respond(status, body)
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    query: web::Query<Done>,
) -> HttpResponse {
    match signed_in(&state, &req).await {
        Ok(console) => render(&state, &req, console, id.into_inner(), query.into_inner().done, None).await,
        Err(answer) => *answer,
    }
}

/// The office's decision; back to the lead, or the lead again with the problem.
/// The decision form: the buttons send `status`, the fields `reason` and `reference`.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    status: String,
    reason: String,
    reference: String,
}

pub async fn decide(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    Posted { console, form }: Posted<DecisionForm>,
) -> HttpResponse {
    let id = id.into_inner();
    let decision = LeadDecision { status: form.status, reason: Some(form.reason), reference: Some(form.reference) };
    let ip = client_ip(&req);
    let lang = console.page.lang;
    let message = match lead::decide(&state, &console.caller, id, decision.clone(), ip.as_deref()).await {
        Ok(_) => {
            let target = format!("/console/leads/{id}?done={}", decision.status.trim());
            return HttpResponse::SeeOther().insert_header((LOCATION, target)).finish();
        }
        Err(ServiceError::Validation(errors)) => {
            errors.first().map(|e| i18n::field_message(e, lang)).unwrap_or_default()
        }
        Err(err @ ServiceError::Conflict(_)) => {
            let problem = crate::http::problem::ApiError::service(err, lang);
            i18n::problem_text(problem.code.as_str(), lang, &problem.params).0
        }
        Err(err) => return failure(&req, &err),
    };
    render(&state, &req, console, id, None, Some(message)).await
}
