//! `/console/admin/staff`: the staff accounts, a new account (its temporary password shown once),
//! disabling and enabling an account, and a password reset. A generated password is answered
//! directly, never through a redirect: it must not sit in an address, a log or a later page.

use super::offices::{Names, on_office_code};
use super::{Form, admin_in, admin_post, done, notice, status_of};
use crate::domain::role::StaffRole;
use crate::http::console::{Console, failure};
use crate::http::pages::Page;
use crate::service::admin::{self, OfficeView, StaffPatch, StaffView};
use crate::service::staff::accounts::NewStaffInput;
use crate::service::{AppState, ServiceError};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use std::collections::HashMap;

const LIST: &str = "/console/admin/staff";

/// A password just generated, for whom.
pub struct Secret {
    pub email: String,
    pub password: String,
    /// true for a new account, false for a reset.
    pub created: bool,
}

#[derive(Template)]
#[template(path = "console/admin/staff.html")]
struct ListPage<'a> {
    page: &'a Page,
    c: &'a Console,
    names: Names<'a>,
    accounts: Vec<StaffView>,
    office_names: HashMap<i64, String>,
    form: Form,
    secret: Option<Secret>,
    notice: Option<String>,
}

impl ListPage<'_> {
    pub fn office(&self, id: &Option<i64>) -> String {
        id.and_then(|id| self.office_names.get(&id).cloned()).unwrap_or_default()
    }

    pub fn role_name(&self, role: &str) -> String {
        self.page.t(&format!("admin-staff-role-{role}"))
    }

    pub fn roles(&self) -> Vec<(&'static str, String)> {
        [StaffRole::Officer, StaffRole::Volunteer, StaffRole::Admin]
            .into_iter()
            .map(|r| (r.as_str(), self.role_name(r.as_str())))
            .collect()
    }

    pub fn is_me(&self, id: &i64) -> bool {
        *id == self.c.caller.staff_id
    }

    pub fn last_login(&self, at: &Option<String>) -> String {
        at.as_deref().map_or_else(|| self.page.t("admin-staff-never"), super::china_time)
    }
}

async fn render(
    state: &AppState,
    req: &HttpRequest,
    console: Console,
    form: Form,
    secret: Option<Secret>,
    notice: Option<String>,
) -> HttpResponse {
    let loaded = async {
        let accounts = admin::list_staff(state, &console.caller).await?;
        let ids: Vec<i64> = accounts.iter().filter_map(|a| a.office_id).collect();
        let offices = admin::offices_by_ids(state, &console.caller, &ids).await?;
        Ok::<_, ServiceError>((accounts, offices))
    };
    let (accounts, offices): (Vec<StaffView>, Vec<OfficeView>) = match loaded.await {
        Ok(x) => x,
        Err(err) => return failure(req, &err),
    };
    let names = Names { page: &console.page, state };
    let office_names = offices.iter().map(|o| (o.id, format!("{} · {}", o.code, names.office(o)))).collect();
    let status = status_of(&form);
    let body =
        ListPage { page: &console.page, c: &console, names, accounts, office_names, form, secret, notice }.render();
    console.page.respond(status, body)
}

pub async fn list(req: HttpRequest, state: web::Data<AppState>, query: web::Query<super::Done>) -> HttpResponse {
    match admin_in(&state, &req).await {
        Ok(console) => {
            let notice = notice(&console, query.done.as_deref());
            let mut form = Form::new("");
            form.set("role", "officer");
            form.set("language", "zh-CN");
            render(&state, &req, console, form, None, notice).await
        }
        Err(answer) => *answer,
    }
}

pub async fn create(req: HttpRequest, state: web::Data<AppState>, body: web::Bytes) -> HttpResponse {
    let (console, fields) = match admin_post(&state, &req, &body).await {
        Ok(ok) => ok,
        Err(answer) => return *answer,
    };
    let mut form = Form::filled("", fields);
    let email = form.value("email").trim().to_lowercase();
    let created = async {
        // The office is named by its code; an unknown one is the field's problem.
        let office = admin::office_by_code(&state, &console.caller, "office_code", form.value("office_code")).await?;
        let input = NewStaffInput {
            email: form.value("email").trim().to_owned(),
            display_name: Some(form.value("display_name").trim().to_owned()).filter(|n| !n.is_empty()),
            role: form.value("role").to_owned(),
            office_id: office.map(|o| o.id),
            // None: the use case generates one, returned this once.
            password: None,
            language: Some(form.value("language").to_owned()).filter(|l| matches!(l.as_str(), "zh-CN" | "en")),
        };
        admin::create_staff(&state, &console.caller, input).await.map_err(on_office_code)
    };
    let created = created.await;
    match created {
        Ok(created) => {
            let secret = created.generated_password.map(|password| Secret { email, password, created: true });
            render(&state, &req, console, Form::new(""), secret, None).await
        }
        Err(err) => match form.refusal(err, console.page.lang) {
            Ok(()) => render(&state, &req, console, form, None, None).await,
            Err(err) => failure(&req, &err),
        },
    }
}

/// Disables or enables an account (`active=on` enables). Disabling signs it out everywhere.
pub async fn set_active(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> HttpResponse {
    let (console, fields) = match admin_post(&state, &req, &body).await {
        Ok(ok) => ok,
        Err(answer) => return *answer,
    };
    let active = super::super::field(&fields, "active") == "on";
    let patch = StaffPatch { active: Some(active), ..StaffPatch::default() };
    match admin::update_staff(&state, &console.caller, *id, patch).await {
        Ok(_) => done(LIST, if active { "staff-enabled" } else { "staff-disabled" }),
        Err(err) => {
            let mut form = Form::new("");
            match form.refusal(err, console.page.lang) {
                Ok(()) => render(&state, &req, console, form, None, None).await,
                Err(err) => failure(&req, &err),
            }
        }
    }
}

pub async fn reset_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> HttpResponse {
    let console = match admin_post(&state, &req, &body).await {
        Ok((console, _)) => console,
        Err(answer) => return *answer,
    };
    match admin::reset_staff_password(&state, &console.caller, *id).await {
        Ok(reset) => {
            let secret = Secret { email: reset.email, password: reset.password, created: false };
            render(&state, &req, console, Form::new(""), Some(secret), None).await
        }
        Err(err) => failure(&req, &err),
    }
}
