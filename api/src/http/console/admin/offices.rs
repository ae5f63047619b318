//! `/console/admin/offices`: the directory of offices, a new office, and one office's edit form
//! (names, kind, region, addresses, language of its emails, disabled or not).

use super::{Done, Form, admin_in, admin_post, done, notice, status_of};
use crate::domain::language::Language;
use crate::http::console::{Console, failure};
use crate::http::pages::Page;
use crate::service::AppState;
use crate::domain::office::{ALL_OFFICE_KINDS, OfficeKind};
use crate::service::admin::{self, NewOfficeInput, OfficePatch, OfficeView};
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
    offices: Vec<OfficeView>,
    form: Form,
    notice: Option<String>,
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
    let offices = match admin::list_offices(state, &console.caller).await {
        Ok(list) => list,
        Err(err) => return failure(req, &err),
    };
    let status = status_of(&form);
    let names = Names { page: &console.page, state };
    let body = ListPage { page: &console.page, c: &console, names, offices, form, notice }.render();
    console.page.respond(status, body)
}

pub async fn list(req: HttpRequest, state: web::Data<AppState>, query: web::Query<Done>) -> HttpResponse {
    match admin_in(&state, &req).await {
        Ok(console) => {
            let notice = notice(&console, query.done.as_deref());
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
    let offices = match admin::list_offices(state, &console.caller).await {
        Ok(list) => list,
        Err(err) => return failure(req, &err),
    };
    let Some(office) = offices.into_iter().find(|o| o.id == id) else {
        return crate::http::pages::errors::render(req, 404);
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

/// The active offices a rule or an account may point at, by code, named in the page's language.
pub fn choices(offices: &[OfficeView], names: &Names) -> Vec<(i64, String)> {
    let mut active: Vec<&OfficeView> = offices.iter().filter(|o| o.active).collect();
    active.sort_by(|a, b| a.code.cmp(&b.code));
    active.into_iter().map(|o| (o.id, format!("{} · {}", o.code, names.office(o)))).collect()
}
