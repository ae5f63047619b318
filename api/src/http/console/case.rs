//! `/console/cases/{reference}`: the case with its timeline, routing, evidence and masked
//! identity, and the actions of the handling office. Every action is a POST with a CSRF token that
//! answers with a redirect back to the case (so a reload repeats nothing), or the case page again
//! with the problem beside the action.

use super::queue::status_name;
use super::{Console, Posted, failure, signed_in};
use crate::domain::status::Status;
use crate::http::auth::client_ip;
use crate::http::form::{checkbox, non_empty};
use crate::http::pages::Page;
use crate::http::problem::ApiError;
use crate::i18n;
use crate::service::case;
use crate::service::case::access::Access;
use crate::service::case::commands::{
    AssignRequest, ExtensionRequest, NoteRequest, TransferRequest, TransitionRequest,
};
use crate::service::case::detail::CaseDetail;
use crate::service::case::page::{self, Choice, NamedDecision};
use crate::service::complaint::evidence;
use crate::service::{AppState, ServiceError};
use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{DateTime, FixedOffset, Utc};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "console/case.html")]
pub struct CasePage<'a> {
    pub page: &'a Page,
    pub c: &'a Console,
    pub state: &'a AppState,
    pub case: CaseDetail,
    pub routing: Vec<NamedDecision>,
    pub offices: Vec<Choice>,
    pub colleagues: Vec<Choice>,
    pub documents_panel: super::documents_panel::DocumentsPanel,
    /// What was just done, from the redirect after an action.
    pub done: Option<String>,
    /// The action that failed and why: (form id, message).
    pub problem: Option<(&'static str, String)>,
}

impl CasePage<'_> {
    pub fn may_act(&self) -> bool {
        self.case.access == Access::Act
    }

    pub fn status_name(&self, status: &Status) -> String {
        status_name(self.page.lang, *status)
    }

    pub fn next_statuses(&self) -> Vec<(String, String)> {
        self.case
            .summary
            .status
            .next()
            .iter()
            .map(|s| (s.as_str().to_owned(), status_name(self.page.lang, *s)))
            .collect()
    }

    /// A deadline's basis in words: set by law, or the office's service commitment.
    pub fn basis(&self, basis: &crate::domain::deadline::Basis) -> String {
        self.page.t(&format!("deadline-basis-{}", basis.as_str()))
    }

    pub fn category_name(&self) -> String {
        let code = &self.case.summary.category;
        self.state.directory.category(code).map_or_else(|| code.clone(), |c| c.name(self.page.lang).to_owned())
    }

    pub fn region_name(&self) -> String {
        self.state.directory.full_name(&self.case.summary.region_code)
    }

    pub fn when(&self, at: &DateTime<Utc>) -> String {
        FixedOffset::east_opt(8 * 3600)
            .map_or_else(|| at.to_string(), |tz| at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
    }

    pub fn event_name(&self, kind: &str) -> String {
        i18n::catalog(self.page.lang).get(&format!("console-event-{kind}"), &[]).unwrap_or_else(|| kind.to_owned())
    }

    pub fn problem_for(&self, form: &str) -> Option<&str> {
        self.problem.as_ref().filter(|(f, _)| *f == form).map(|(_, m)| m.as_str())
    }

    pub fn assignee(&self) -> Option<&str> {
        let id = self.case.summary.assigned_staff_id?;
        self.colleagues.iter().find(|c| c.id == id).map(|c| c.name.as_str())
    }

    pub fn is_assigned(&self, id: &i64) -> bool {
        self.case.summary.assigned_staff_id == Some(*id)
    }

    pub fn size_kb(&self, size: &i64) -> String {
        format!("{:.1} KB", *size as f64 / 1024.0)
    }

    pub fn role_name(&self, role: &str) -> String {
        self.page.t(if role == "copy" { "recipient-copy" } else { "console-primary" })
    }
}

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

async fn render(
    state: &AppState,
    req: &HttpRequest,
    console: Console,
    reference: &str,
    reveal: bool,
    done: Option<String>,
    problem: Option<(&'static str, String)>,
) -> HttpResponse {
    let ip = client_ip(req);
    let lang = console.page.lang;
    let case = match case::detail::detail(state, &console.caller, reference, reveal, ip.as_deref()).await {
        Ok(case) => case,
        Err(err) => return failure(req, &err),
    };
    let office_id = state.default_office_id;
    let primary = case.recipients.iter().find(|r| r.role.as_str() == "primary").map_or(office_id, |r| r.id);
    let extras = async {
        Ok::<_, ServiceError>((
            page::named_decisions(state, &case.routing, lang).await?,
            page::transfer_targets(state, &console.caller, &case.summary.region_code, lang).await?,
            page::colleagues(state, &console.caller, primary).await?,
            super::documents_panel::panel(state, &console.caller, case.access, &console.page).await?,
        ))
    };
    let (routing, offices, colleagues, documents_panel) = match extras.await {
        Ok(x) => x,
        Err(err) => return failure(req, &err),
    };
    let status = if problem.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let done = done.filter(|d| {
        matches!(d.as_str(), "transition" | "note" | "transfer" | "assign" | "document" | "referral" | "extension")
    });
    let done = done.map(|d| console.page.t(&format!("console-done-{d}")));
    let body = CasePage {
        page: &console.page,
        c: &console,
        state,
        case,
        routing,
        offices,
        colleagues,
        documents_panel,
        done,
        problem,
    }
    .render();
    console.page.respond(status, body)
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    query: web::Query<Done>,
) -> HttpResponse {
    match signed_in(&state, &req).await {
        Ok(console) => render(&state, &req, console, &reference, false, query.into_inner().done, None).await,
        Err(answer) => *answer,
    }
}

/// Shows the worker's identity: written to the audit log by the use case.
pub async fn reveal(
    req: HttpRequest,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    Posted { console, .. }: Posted<serde::de::IgnoredAny>,
) -> HttpResponse {
    render(&state, &req, console, &reference, true, None, None).await
}

fn back_to_case(reference: &str, done: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((LOCATION, format!("/console/cases/{reference}?done={done}"))).finish()
}

/// After an action: back to the case, or the case with the problem beside the form.
pub(super) async fn after<T>(
    state: &AppState,
    req: &HttpRequest,
    console: Console,
    reference: &str,
    form: &'static str,
    result: Result<T, ServiceError>,
) -> HttpResponse {
    let lang = console.page.lang;
    let message = match result {
        // A transferred case is no longer this office's to see: back to the queue.
        Ok(_) if form == "transfer" => {
            return HttpResponse::SeeOther().insert_header((LOCATION, "/console?done=transfer")).finish();
        }
        Ok(_) => return back_to_case(reference, form),
        Err(ServiceError::Validation(errors)) => {
            errors.first().map(|e| i18n::field_message(e, lang)).unwrap_or_default()
        }
        Err(err @ (ServiceError::Conflict(_) | ServiceError::Forbidden)) => {
            let problem = ApiError::service(err, lang);
            let (title, detail) = i18n::problem_text(problem.code.as_str(), lang, &problem.params);
            if detail.is_empty() { title } else { detail }
        }
        Err(err) => return failure(req, &err),
    };
    render(state, req, console, reference, false, None, Some((form, message))).await
}

#[derive(Deserialize)]
pub struct TransitionForm {
    #[serde(default)]
    to: String,
    #[serde(default, deserialize_with = "non_empty")]
    reason: Option<String>,
}

pub async fn transition(
    req: HttpRequest,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    Posted { console, form }: Posted<TransitionForm>,
) -> HttpResponse {
    let request = TransitionRequest { to: form.to, reason: form.reason };
    let ip = client_ip(&req);
    let result = case::commands::transition(&state, &console.caller, &reference, request, ip.as_deref()).await;
    after(&state, &req, console, &reference, "transition", result).await
}

#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    body: String,
    #[serde(default, deserialize_with = "checkbox")]
    visible_to_worker: bool,
}

pub async fn note(
    req: HttpRequest,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    Posted { console, form }: Posted<NoteForm>,
) -> HttpResponse {
    let request = NoteRequest { body: form.body, visible_to_worker: form.visible_to_worker };
    let ip = client_ip(&req);
    let result = case::commands::add_note(&state, &console.caller, &reference, request, ip.as_deref()).await;
    after(&state, &req, console, &reference, "note", result).await
}

/// A choice of a list: the id of an office or a colleague, or nothing chosen.
fn chosen(id: &str) -> i64 {
    // Nothing chosen is an id no row has: the use case answers as for any unknown one.
    id.trim().parse().unwrap_or(0)
}

#[derive(Deserialize)]
pub struct TransferForm {
    #[serde(default)]
    office_id: String,
    #[serde(default)]
    reason: String,
}

pub async fn transfer(
    req: HttpRequest,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    Posted { console, form }: Posted<TransferForm>,
) -> HttpResponse {
    let request = TransferRequest { office_id: chosen(&form.office_id), reason: form.reason };
    let ip = client_ip(&req);
    let result = case::commands::transfer(&state, &console.caller, &reference, request, ip.as_deref()).await;
    after(&state, &req, console, &reference, "transfer", result).await
}

#[derive(Deserialize)]
pub struct ExtensionForm {
    #[serde(default)]
    reason: String,
}

pub async fn extension(
    req: HttpRequest,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    Posted { console, form }: Posted<ExtensionForm>,
) -> HttpResponse {
    let request = ExtensionRequest { reason: form.reason };
    let ip = client_ip(&req);
    let result = case::commands::extend_result(&state, &console.caller, &reference, request, ip.as_deref()).await;
    after(&state, &req, console, &reference, "extension", result).await
}

#[derive(Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    staff_id: String,
}

pub async fn assign(
    req: HttpRequest,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    Posted { console, form }: Posted<AssignForm>,
) -> HttpResponse {
    let request = AssignRequest { staff_id: chosen(&form.staff_id) };
    let ip = client_ip(&req);
    let result = case::commands::assign(&state, &console.caller, &reference, request, ip.as_deref()).await;
    after(&state, &req, console, &reference, "assign", result).await
}

pub async fn attachment(req: HttpRequest, state: web::Data<AppState>, path: web::Path<(String, i64)>) -> HttpResponse {
    let console = match signed_in(&state, &req).await {
        Ok(c) => c,
        Err(answer) => return *answer,
    };
    let (reference, id) = path.into_inner();
    let ip = client_ip(&req);
    match evidence::download(&state, &console.caller, &reference, id, ip.as_deref()).await {
        Ok(file) => crate::http::routes::cases::file_response(file),
        Err(err) => failure(&req, &err),
    }
}
