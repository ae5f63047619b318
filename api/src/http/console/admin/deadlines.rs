//! `/console/admin/deadlines`: each office kind's two deadlines (to acknowledge a complaint, to
//! give a result) with their units, bases and sources, the day the result term runs from and the
//! extension allowed; one kind's edit form at `/console/admin/deadlines/{kind}`.

use super::offices::Names;
use super::{Form, admin_in, admin_post, done, notice, status_of};
use crate::domain::deadline::{Basis, ResultFrom, TermUnit};
use crate::domain::field_error::FieldError;
use crate::domain::office::OfficeKind;
use crate::http::console::{Console, failure};
use crate::http::pages::Page;
use crate::service::admin::{self, DeadlinesInput, KindDeadlinesView, MAX_EXTENSION, MAX_TERM_DAYS, MAX_TERM_MONTHS};
use crate::service::{AppState, ServiceError};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

const LIST: &str = "/console/admin/deadlines";

/// The words of deadlines.
pub struct Words<'a> {
    names: Names<'a>,
}

impl Words<'_> {
    pub fn kind(&self, kind: &OfficeKind) -> String {
        self.names.kind(kind)
    }

    pub fn unit(&self, unit: &TermUnit) -> String {
        let key = match unit {
            TermUnit::WorkingDays => "deadlines-unit-working_days",
            TermUnit::CalendarDays => "deadlines-unit-calendar_days",
            TermUnit::Months => "deadlines-unit-months",
        };
        self.names.page.t(key)
    }

    /// "5 working days".
    pub fn term(&self, amount: &u32, unit: &TermUnit) -> String {
        let key = match unit {
            TermUnit::WorkingDays => "deadlines-term-working_days",
            TermUnit::CalendarDays => "deadlines-term-calendar_days",
            TermUnit::Months => "deadlines-term-months",
        };
        self.names.page.t1(key, "amount", &amount.to_string())
    }

    pub fn basis(&self, basis: &Basis) -> String {
        self.names.page.t(&format!("deadline-basis-{}", basis.as_str()))
    }

    pub fn from(&self, from: &ResultFrom) -> String {
        let key = match from {
            ResultFrom::Filing => "deadlines-from-filing",
            ResultFrom::Acceptance => "deadlines-from-acceptance",
        };
        self.names.page.t(key)
    }

    pub fn extension(&self, d: &KindDeadlinesView) -> String {
        match d.extension {
            Some(n) => self.term(&n, &d.result_unit),
            None => self.names.page.t("deadlines-extension-none"),
        }
    }

    pub fn source(&self, source: &Option<String>) -> String {
        source.clone().unwrap_or_else(|| self.names.page.t("deadlines-source-none"))
    }

    pub fn units(&self) -> Vec<(&'static str, String)> {
        TermUnit::ALL.iter().map(|u| (u.as_str(), self.unit(u))).collect()
    }

    pub fn bases(&self) -> Vec<(&'static str, String)> {
        Basis::ALL.iter().map(|b| (b.as_str(), self.basis(b))).collect()
    }

    pub fn froms(&self) -> Vec<(&'static str, String)> {
        ResultFrom::ALL.iter().map(|f| (f.as_str(), self.from(f))).collect()
    }
}

#[derive(Template)]
#[template(path = "console/admin/deadlines.html")]
struct ListPage<'a> {
    page: &'a Page,
    c: &'a Console,
    words: Words<'a>,
    kinds: Vec<KindDeadlinesView>,
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "console/admin/deadline.html")]
struct EditPage<'a> {
    page: &'a Page,
    c: &'a Console,
    words: Words<'a>,
    deadlines: KindDeadlinesView,
    form: Form,
}

pub async fn list(req: HttpRequest, state: web::Data<AppState>, query: web::Query<super::Done>) -> HttpResponse {
    let console = match admin_in(&state, &req).await {
        Ok(c) => c,
        Err(answer) => return *answer,
    };
    let kinds = match admin::list_deadlines(&state, &console.caller).await {
        Ok(kinds) => kinds,
        Err(err) => return failure(&req, &err),
    };
    let notice = notice(&console, query.done.as_deref());
    let words = Words { names: Names { page: &console.page, state: &state } };
    let body = ListPage { page: &console.page, c: &console, words, kinds, notice }.render();
    console.page.respond(actix_web::http::StatusCode::OK, body)
}

async fn render_edit(
    state: &AppState,
    req: &HttpRequest,
    console: Console,
    kind: &str,
    form: Option<Form>,
) -> HttpResponse {
    let deadlines = match admin::kind_deadlines(state, &console.caller, kind).await {
        Ok(d) => d,
        Err(err) => return failure(req, &err),
    };
    let form = form.unwrap_or_else(|| {
        let mut f = Form::new("");
        let amount = |n: u32| n.to_string();
        f.set("ack_amount", amount(deadlines.ack_amount));
        f.set("ack_unit", deadlines.ack_unit.as_str());
        f.set("ack_basis", deadlines.ack_basis.as_str());
        f.set("ack_source", deadlines.ack_source.clone().unwrap_or_default());
        f.set("result_amount", amount(deadlines.result_amount));
        f.set("result_unit", deadlines.result_unit.as_str());
        f.set("result_basis", deadlines.result_basis.as_str());
        f.set("result_source", deadlines.result_source.clone().unwrap_or_default());
        f.set("result_from", deadlines.result_from.as_str());
        f.set("extension", deadlines.extension.map(amount).unwrap_or_default());
        f
    });
    let status = status_of(&form);
    let words = Words { names: Names { page: &console.page, state } };
    let body = EditPage { page: &console.page, c: &console, words, deadlines, form }.render();
    console.page.respond(status, body)
}

pub async fn edit(req: HttpRequest, state: web::Data<AppState>, kind: web::Path<String>) -> HttpResponse {
    match admin_in(&state, &req).await {
        Ok(console) => render_edit(&state, &req, console, &kind, None).await,
        Err(answer) => *answer,
    }
}

/// A whole number typed in the form: `Err` with the field's problem when it is missing or not
/// one (the range the message gives is that of the unit chosen).
fn amount(form: &Form, name: &'static str, unit: &str) -> Result<i64, FieldError> {
    let max = if unit == TermUnit::Months.as_str() { MAX_TERM_MONTHS } else { MAX_TERM_DAYS };
    let text = form.value(name).trim();
    if text.is_empty() {
        return Err(FieldError::new(name, "required"));
    }
    text.parse().map_err(|_| FieldError::new(name, "out_of_range").with("min", 1).with("max", max))
}

/// The form as the use case's input, or the problems of the numbers that are no numbers.
fn input(form: &Form) -> Result<DeadlinesInput, Vec<FieldError>> {
    let text = |name: &str| form.value(name).to_owned();
    let optional = |name: &str| Some(form.value(name).to_owned()).filter(|v| !v.trim().is_empty());
    let mut errors = Vec::new();
    let mut number = |result: Result<i64, FieldError>| {
        result.unwrap_or_else(|e| {
            errors.push(e);
            0
        })
    };
    let ack_amount = number(amount(form, "ack_amount", form.value("ack_unit")));
    let result_amount = number(amount(form, "result_amount", form.value("result_unit")));
    let extension = match super::number::<i64>(form.value("extension")) {
        Ok(n) => n,
        Err(_) => {
            errors.push(FieldError::new("extension", "out_of_range").with("min", 1).with("max", MAX_EXTENSION));
            None
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(DeadlinesInput {
        ack_amount,
        ack_unit: text("ack_unit"),
        ack_basis: text("ack_basis"),
        ack_source: optional("ack_source"),
        result_amount,
        result_unit: text("result_unit"),
        result_basis: text("result_basis"),
        result_source: optional("result_source"),
        result_from: text("result_from"),
        extension,
    })
}

pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    kind: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    let (console, fields) = match admin_post(&state, &req, &body).await {
        Ok(ok) => ok,
        Err(answer) => return *answer,
    };
    let mut form = Form::filled("", fields);
    let result = match input(&form) {
        Ok(input) => admin::update_deadlines(&state, &console.caller, &kind, input).await.map(|_| ()),
        Err(errors) => Err(ServiceError::Validation(errors)),
    };
    match result {
        Ok(()) => done(LIST, "terms-saved"),
        Err(err) => match form.refusal(err, console.page.lang) {
            Ok(()) => render_edit(&state, &req, console, &kind, Some(form)).await,
            Err(err) => failure(&req, &err),
        },
    }
}
