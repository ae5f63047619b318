//! `/console/admin/offices`: the directory of offices (some 20,000) a page at a time, filtered by
//! province, kind, text, unconfirmed address and state, under a count of the offices whose
//! address is still a placeholder by province; a new office, and one office's edit form (names,
//! kind, region, addresses, language of its emails, disabled or not).

use super::{Form, admin_in, admin_post, done, notice, status_of};
use crate::domain::field_error::FieldError;
use crate::domain::language::Language;
use crate::domain::office::{ALL_OFFICE_KINDS, OfficeKind};
use crate::http::console::{Console, failure};
use crate::http::pages::Page;
use crate::service::admin::{self, NewOfficeInput, OfficePage, OfficePatch, OfficeQuery, OfficeView, UnconfirmedCount};
use crate::service::{AppState, ServiceError};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

const LIST: &str = "/console/admin/offices";

/// What the office pages show of offices and their kinds.
pub struct Names<'a> {
    pub page: &'a Page,
    pub state: &'a AppState,
}

impl Names<'_> {
    pub fn office(&self, o: &OfficeView) -> String {
        match self.page.lang {
            Language::ZhCn => o.name_zh.clone(),
            Language::En => o.name_en.clone(),
        }
    }

    pub fn kind(&self, kind: &OfficeKind) -> String {
        self.page.t(&format!("admin-kind-{kind}"))
    }

    pub fn kinds(&self) -> Vec<(&'static str, String)> {
        ALL_OFFICE_KINDS.iter().map(|k| (k.as_str(), self.kind(k))).collect()
    }

    pub fn region(&self, code: &Option<String>) -> String {
        code.as_deref().map_or_else(|| self.page.t("admin-office-national"), |c| self.state.directory.full_name(c))
    }

    pub fn language(&self, tag: &str) -> String {
        self.page.t(&format!("admin-language-{tag}"))
    }
}

#[derive(Template)]
#[template(path = "console/admin/offices.html")]
struct ListPage<'a> {
    page: &'a Page,
    c: &'a Console,
    names: Names<'a>,
    offices: OfficePage,
    /// The list's filters as typed, with their problems.
    filter: Form,
    /// The provinces, for the filter's list: (code, name).
    provinces: Vec<(String, String)>,
    unconfirmed: Vec<UnconfirmedCount>,
    prev: Option<String>,
    next: Option<String>,
    form: Form,
    notice: Option<String>,
}

impl ListPage<'_> {
    /// The list of one province's offices whose address is unconfirmed.
    pub fn unconfirmed_link(&self, province: &str) -> String {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("region", province)
            .append_pair("unconfirmed", "on")
            .append_pair("state", "active")
            .finish();
        format!("{LIST}?{query}")
    }

    pub fn province_name(&self, province: &Option<String>) -> String {
        self.names.region(province)
    }

    pub fn unconfirmed_total(&self) -> u64 {
        self.unconfirmed.iter().map(|u| u.count).sum()
    }
}

/// The filters of the list page, as the address bar has them.
const FILTERS: [&str; 5] = ["region", "kind", "q", "unconfirmed", "state"];

/// The address of another page of the same list.
fn page_link(filter: &Form, page: u64) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for name in FILTERS {
        let value = filter.value(name).trim();
        if !value.is_empty() {
            query.append_pair(name, value);
        }
    }
    query.append_pair("page", &page.to_string());
    format!("{LIST}?{}", query.finish())
}

/// The query of the use case for the filters typed, with the problems of those that are not
/// values at all (left out of the query; the use case checks the rest). `None`: a page number
/// that is no number.
fn office_query(filter: &Form) -> Option<(OfficeQuery, Vec<FieldError>)> {
    let text = |name: &str| Some(filter.value(name).trim().to_owned()).filter(|v| !v.is_empty());
    let mut errors = Vec::new();
    let active = match filter.value("state") {
        "" => None,
        "active" => Some(true),
        "disabled" => Some(false),
        _ => {
            errors.push(FieldError::new("state", "invalid_type"));
            None
        }
    };
    let unconfirmed = match filter.value("unconfirmed") {
        "" => None,
        "on" => Some(true),
        _ => {
            errors.push(FieldError::new("unconfirmed", "invalid_type"));
            None
        }
    };
    let page = super::number::<u64>(filter.value("page")).ok()?.unwrap_or(1).max(1);
    let query = OfficeQuery {
        region: text("region"),
        kind: text("kind"),
        unconfirmed,
        active,
        q: text("q"),
        page: Some(page),
        per_page: Some(admin::OFFICES_PER_PAGE),
    };
    Some((query, errors))
}

#[derive(Template)]
#[template(path = "console/admin/office.html")]
struct EditPage<'a> {
    page: &'a Page,
    c: &'a Console,
    names: Names<'a>,
    office: OfficeView,
    form: Form,
}

async fn render_list(
    state: &AppState,
    req: &HttpRequest,
    console: Console,
    form: Form,
    notice: Option<String>,
) -> HttpResponse {
    let fields: Vec<(String, String)> = form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .filter(|(name, _)| FILTERS.contains(&name.as_str()) || name == "page")
        .collect();
    let mut filter = Form::filled("filter-", fields);
    let Some((query, problems)) = office_query(&filter) else {
        return crate::http::pages::errors::render(req, 400);
    };
    filter.field_errors(&problems, console.page.lang);
    let empty = OfficePage { items: Vec::new(), total: 0, page: 1, per_page: Some(admin::OFFICES_PER_PAGE) };
    // Asked even when a filter is wrong, so that every problem is said at once.
    let found = match admin::find_offices(state, &console.caller, &query, admin::OfficeSort::Code).await {
        Ok(_) if filter.has_errors() => empty,
        Ok(found) => found,
        Err(err) => match filter.refusal(err, console.page.lang) {
            Ok(()) => empty,
            Err(err) => return failure(req, &err),
        },
    };
    let unconfirmed = match admin::unconfirmed_by_province(state, &console.caller).await {
        Ok(counts) => counts,
        Err(err) => return failure(req, &err),
    };
    let provinces = state
        .directory
        .children(None)
        .unwrap_or_default()
        .into_iter()
        .map(|r| (r.code.clone(), r.name.clone()))
        .collect();
    let prev = (found.page > 1).then(|| page_link(&filter, found.page.min(found.pages() + 1) - 1));
    let next = (found.page < found.pages()).then(|| page_link(&filter, found.page + 1));
    let status = if form.has_errors() { status_of(&form) } else { status_of(&filter) };
    let names = Names { page: &console.page, state };
    let body = ListPage {
        page: &console.page,
        c: &console,
        names,
        offices: found,
        filter,
        provinces,
        unconfirmed,
        prev,
        next,
        form,
        notice,
    }
    .render();
    console.page.respond(status, body)
}

pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    match admin_in(&state, &req).await {
        Ok(console) => {
            let done: Option<String> = form_urlencoded::parse(req.query_string().as_bytes())
                .find(|(name, _)| name == "done")
                .map(|(_, value)| value.into_owned());
            let notice = notice(&console, done.as_deref());
            let mut form = Form::new("");
            form.set("language", "zh-CN");
            render_list(&state, &req, console, form, notice).await
        }
        Err(answer) => *answer,
    }
}

fn optional(form: &Form, name: &str) -> Option<String> {
    Some(form.value(name).trim().to_owned()).filter(|v| !v.is_empty())
}

pub async fn create(req: HttpRequest, state: web::Data<AppState>, body: web::Bytes) -> HttpResponse {
    let (console, fields) = match admin_post(&state, &req, &body).await {
        Ok(ok) => ok,
        Err(answer) => return *answer,
    };
    let mut form = Form::filled("", fields);
    let input = NewOfficeInput {
        code: form.value("code").to_owned(),
        name_zh: form.value("name_zh").to_owned(),
        name_en: form.value("name_en").to_owned(),
        kind: form.value("kind").to_owned(),
        region_code: optional(&form, "region_code"),
        email: form.value("email").to_owned(),
        language: optional(&form, "language"),
        active: Some(true),
    };
    match admin::create_office(&state, &console.caller, input).await {
        Ok(_) => done(LIST, "office-created"),
        Err(err) => match form.refusal(err, console.page.lang) {
            Ok(()) => render_list(&state, &req, console, form, None).await,
            Err(err) => failure(&req, &err),
        },
    }
}

async fn render_edit(
    state: &AppState,
    req: &HttpRequest,
    console: Console,
    id: i64,
    form: Option<Form>,
) -> HttpResponse {
    let office = match admin::get_office(state, &console.caller, id).await {
        Ok(office) => office,
        Err(err) => return failure(req, &err),
    };
    let form = form.unwrap_or_else(|| {
        let mut f = Form::new("");
        for (name, value) in [
            ("name_zh", office.name_zh.as_str()),
            ("name_en", &office.name_en),
            ("kind", office.kind.as_str()),
            ("region_code", office.region_code.as_deref().unwrap_or_default()),
            ("email", &office.email),
            ("language", &office.language),
        ] {
            f.set(name, value);
        }
        if office.active {
            f.set("active", "on");
        }
        f
    });
    let status = status_of(&form);
    let names = Names { page: &console.page, state };
    let body = EditPage { page: &console.page, c: &console, names, office, form }.render();
    console.page.respond(status, body)
}

pub async fn edit(req: HttpRequest, state: web::Data<AppState>, id: web::Path<i64>) -> HttpResponse {
    match admin_in(&state, &req).await {
        Ok(console) => render_edit(&state, &req, console, *id, None).await,
        Err(answer) => *answer,
    }
}

pub async fn update(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> HttpResponse {
    let (console, fields) = match admin_post(&state, &req, &body).await {
        Ok(ok) => ok,
        Err(answer) => return *answer,
    };
    let mut form = Form::filled("", fields);
    let patch = OfficePatch {
        name_zh: Some(form.value("name_zh").to_owned()),
        name_en: Some(form.value("name_en").to_owned()),
        kind: Some(form.value("kind").to_owned()),
        region_code: Some(optional(&form, "region_code")),
        email: Some(form.value("email").to_owned()),
        language: Some(form.value("language").to_owned()),
        active: Some(form.checked("active")),
    };
    match admin::update_office(&state, &console.caller, *id, patch).await {
        Ok(_) => done(LIST, "office-updated"),
        Err(err) => match form.refusal(err, console.page.lang) {
            Ok(()) => render_edit(&state, &req, console, *id, Some(form)).await,
            Err(err) => failure(&req, &err),
        },
    }
}

/// A form that names an office by its code (`office_code`) for a use case that takes its id: the
/// use case's problems with `office_id` are shown beside the code.
pub fn on_office_code(err: ServiceError) -> ServiceError {
    match err {
        ServiceError::Validation(errors) => ServiceError::Validation(
            errors
                .into_iter()
                .map(|mut e| {
                    if e.field == "office_id" {
                        e.field = "office_code".into();
                    }
                    e
                })
                .collect(),
        ),
        other => other,
    }
}
