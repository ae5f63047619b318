//! `/console`: an office's queue (new, mine, overdue, all; filters, search, pages), or for a
//! volunteer the complaints they filed. `/console/cases.csv`: the current filter as CSV.

use super::{Console, failure, signed_in};
use crate::domain::language::Language;
use crate::domain::status::Status;
use crate::http::auth::client_ip;
use crate::i18n;
use crate::service::AppState;
use crate::service::case;
use crate::service::case::export;
use crate::service::case::list::{CaseList, CaseQuery, MyComplaint};
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;

pub const PER_PAGE: u64 = 25;

/// The queue's address bar: which tab, which filters, which page.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct QueueQuery {
    pub view: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
    pub region: Option<String>,
    pub q: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<u64>,
    /// What was just done, from the redirect after an action that left the case.
    pub done: Option<String>,
}

fn non_empty(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

impl QueueQuery {
    pub fn view(&self) -> &str {
        match self.view.as_deref() {
            Some(v @ ("new" | "mine" | "overdue")) => v,
            _ => "all",
        }
    }

    pub fn to_case_query(&self) -> CaseQuery {
        let view = self.view();
        CaseQuery {
            status: non_empty(&self.status).or_else(|| (view == "new").then(|| "received".to_owned())),
            category: non_empty(&self.category),
            region: non_empty(&self.region),
            from: non_empty(&self.from).and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            to: non_empty(&self.to).and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
            overdue: (view == "overdue").then_some(true),
            q: non_empty(&self.q),
            assigned: (view == "mine").then(|| "me".to_owned()),
            page: Some(self.page.unwrap_or(1).max(1)),
            per_page: Some(PER_PAGE),
            sort: (view == "overdue").then(|| "acknowledge_by".to_owned()),
        }
    }

    /// This query with another tab or page, as a link.
    pub fn link(&self, path: &str, view: Option<&str>, page: Option<u64>) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        let view = view.unwrap_or(self.view());
        out.append_pair("view", view);
        let pairs = [
            ("status", &self.status),
            ("category", &self.category),
            ("region", &self.region),
            ("q", &self.q),
            ("from", &self.from),
            ("to", &self.to),
        ];
        for (name, value) in pairs {
            if let Some(v) = non_empty(value) {
                out.append_pair(name, &v);
            }
        }
        if let Some(p) = page.filter(|p| *p > 1) {
            out.append_pair("page", &p.to_string());
        }
        format!("{path}?{}", out.finish())
    }
}

pub struct Named {
    pub code: String,
    pub name: String,
}

#[derive(Template)]
#[template(path = "console/queue.html")]
pub struct QueuePage<'a> {
    pub page: &'a crate::http::pages::Page,
    pub c: &'a Console,
    pub state: &'a AppState,
    pub list: CaseList,
    pub query: QueueQuery,
    pub categories: Vec<Named>,
    pub statuses: Vec<Named>,
    pub error: Option<String>,
}

/// The queue's tabs, in their order; each has its `console-tab-*` name in the catalogs.
pub const VIEWS: [&str; 4] = ["new", "mine", "overdue", "all"];

impl QueuePage<'_> {
    pub fn done(&self) -> Option<String> {
        (self.query.done.as_deref() == Some("transfer")).then(|| self.page.t("console-done-transfer"))
    }

    pub fn category_name(&self, code: &str) -> String {
        self.state.directory.category(code).map_or_else(|| code.to_owned(), |c| c.name(self.page.lang).to_owned())
    }

    pub fn region_name(&self, code: &str) -> String {
        self.state.directory.full_name(code)
    }

    pub fn status_name(&self, status: &Status) -> String {
        status_name(self.page.lang, *status)
    }

    pub fn tabs(&self) -> Vec<(&'static str, String, String, bool)> {
        VIEWS
            .into_iter()
            .map(|v| {
                (
                    v,
                    self.page.t(&format!("console-tab-{v}")),
                    self.query.link("/console", Some(v), None),
                    self.query.view() == v,
                )
            })
            .collect()
    }

    pub fn pages(&self) -> u64 {
        self.list.total.div_ceil(self.list.per_page.max(1)).max(1)
    }

    pub fn prev_link(&self) -> Option<String> {
        (self.list.page > 1).then(|| self.query.link("/console", None, Some(self.list.page - 1)))
    }

    pub fn next_link(&self) -> Option<String> {
        (self.list.page < self.pages()).then(|| self.query.link("/console", None, Some(self.list.page + 1)))
    }

    pub fn csv_link(&self) -> String {
        self.query.link("/console/cases.csv", None, None)
    }

    pub fn selected(&self, field: &Option<String>, value: &str) -> bool {
        field.as_deref() == Some(value)
    }

    pub fn value<'b>(&self, field: &'b Option<String>) -> &'b str {
        field.as_deref().unwrap_or_default()
    }
}

pub fn status_name(lang: Language, status: Status) -> String {
    i18n::catalog(lang).text(&format!("status-{}", status.as_str()))
}

#[derive(Template)]
#[template(path = "console/mine.html")]
pub struct MinePage<'a> {
    pub page: &'a crate::http::pages::Page,
    pub c: &'a Console,
    pub state: &'a AppState,
    pub items: Vec<MyComplaint>,
}

impl MinePage<'_> {
    pub fn category_name(&self, code: &str) -> String {
        self.state.directory.category(code).map_or_else(|| code.to_owned(), |c| c.name(self.page.lang).to_owned())
    }

    pub fn status_name(&self, status: &Status) -> String {
        status_name(self.page.lang, *status)
    }
}

pub async fn show(req: HttpRequest, state: web::Data<AppState>, query: web::Query<QueueQuery>) -> HttpResponse {
    let console = match signed_in(&state, &req).await {
        Ok(c) => c,
        Err(answer) => return *answer,
    };
    if console.is_volunteer() {
        return match case::list::my_complaints(&state, &console.caller).await {
            Ok(items) => {
                let body = MinePage { page: &console.page, c: &console, state: &state, items }.render();
                respond(console, StatusCode::OK, body)
            }
            Err(err) => failure(&req, &err),
        };
    }
    let query = query.into_inner();
    let lang = console.page.lang;
    let (list, error, status) = match case::list::list(&state, &console.caller, query.to_case_query()).await {
        Ok(list) => (list, None, StatusCode::OK),
        Err(crate::service::ServiceError::Validation(errors)) => {
            let message = errors.first().map(|e| i18n::field_message(e, lang));
            let empty = CaseList { items: Vec::new(), total: 0, page: 1, per_page: PER_PAGE };
            (empty, message, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(err) => return failure(&req, &err),
    };
    let categories = state
        .directory
        .categories()
        .iter()
        .map(|c| Named { code: c.code.clone(), name: c.name(lang).to_owned() })
        .collect();
    let statuses = [
        Status::Received,
        Status::Accepted,
        Status::InProgress,
        Status::Resolved,
        Status::Referred,
        Status::Closed,
        Status::Rejected,
    ]
    .into_iter()
    .map(|s| Named { code: s.as_str().to_owned(), name: status_name(lang, s) })
    .collect();
    let body = QueuePage { page: &console.page, c: &console, state: &state, list, query, categories, statuses, error }
        .render();
    respond(console, status, body)
}

pub fn respond(console: Console, status: StatusCode, body: Result<String, askama::Error>) -> HttpResponse {
    console.page.respond(status, body)
}

pub async fn csv(req: HttpRequest, state: web::Data<AppState>, query: web::Query<QueueQuery>) -> HttpResponse {
    let console = match signed_in(&state, &req).await {
        Ok(c) => c,
        Err(answer) => return *answer,
    };
    let ip = client_ip(&req);
    match export::cases_csv(&state, &console.caller, query.to_case_query(), false, ip.as_deref()).await {
        Ok(body) => HttpResponse::Ok()
            .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
            .insert_header((CONTENT_DISPOSITION, "attachment; filename=\"cases.csv\""))
            .body(body),
        Err(err) => failure(&req, &err),
    }
}
