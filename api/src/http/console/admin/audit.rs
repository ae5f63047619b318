//! `/console/admin/audit`: the audit log, newest first, filtered by who, what, which case and
//! when, a page at a time.

use super::{Form, admin_in, china_time};
use crate::domain::field_error::FieldError;
use crate::http::console::{Console, failure};
use crate::http::pages::Page;
use crate::service::admin::{self, AuditList, AuditQuery, StaffView};
use crate::service::{AppState, ServiceError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;

const PER_PAGE: u64 = 50;

/// Every action the log records, for the filter's list and their names in the catalogs.
pub const ACTIONS: [&str; 35] = [
    "login",
    "login_failed",
    "login_locked",
    "logout",
    "contact_revealed",
    "status_changed",
    "internal_note",
    "note_to_worker",
    "case_transferred",
    "case_assigned",
    "attachment_uploaded",
    "attachment_downloaded",
    "cases_exported",
    "cases_exported_with_contact",
    "directory_exported",
    "directory_imported",
    "office_created",
    "office_updated",
    "office_disabled",
    "office_enabled",
    "routing_rule_created",
    "routing_rule_updated",
    "routing_rule_disabled",
    "routing_rule_enabled",
    "staff_created",
    "staff_updated",
    "staff_disabled",
    "staff_enabled",
    "password_reset",
    "outbox_retried",
    "lead_decided",
    "document_recorded",
    "referred_to_procuratorate",
    "deadlines_updated",
    "calendar_imported",
];

/// The address bar as typed: kept as text so a wrong date is a message, not a 400.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Filter {
    actor: Option<String>,
    action: Option<String>,
    case: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<String>,
}

impl Filter {
    fn link(&self, page: u64) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("actor", &self.actor),
            ("action", &self.action),
            ("case", &self.case),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                out.append_pair(name, v);
            }
        }
        out.append_pair("page", &page.to_string());
        format!("/console/admin/audit?{}", out.finish())
    }
}

#[derive(Template)]
#[template(path = "console/admin/audit.html")]
struct AuditPage<'a> {
    page: &'a Page,
    c: &'a Console,
    list: AuditList,
    form: Form,
    actors: HashMap<i64, String>,
    prev: Option<String>,
    next: Option<String>,
}

impl AuditPage<'_> {
    pub fn when(&self, at: &str) -> String {
        china_time(at)
    }

    pub fn action_name(&self, action: &str) -> String {
        crate::i18n::catalog(self.page.lang)
            .get(&format!("admin-action-{action}"), &[])
            .unwrap_or_else(|| action.to_owned())
    }

    pub fn actions(&self) -> Vec<(&'static str, String)> {
        ACTIONS.iter().map(|a| (*a, self.action_name(a))).collect()
    }

    pub fn actor(&self, id: &Option<i64>, role: &str) -> String {
        let role_name = self.page.t(&format!("admin-staff-role-{role}"));
        match id.and_then(|id| self.actors.get(&id)) {
            Some(email) => format!("{email} ({role_name})"),
            None => role_name,
        }
    }
}

/// A date of the filter, or the message beside its field.
fn date(form: &mut Form, name: &'static str, lang: crate::domain::language::Language) -> Option<NaiveDate> {
    let text = form.value(name).trim().to_owned();
    if text.is_empty() {
        return None;
    }
    let parsed = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
    if parsed.is_none() {
        form.field_errors(&[FieldError::new(name, "date_invalid")], lang);
    }
    parsed
}

pub async fn show(req: HttpRequest, state: web::Data<AppState>, query: web::Query<Filter>) -> HttpResponse {
    let console = match admin_in(&state, &req).await {
        Ok(c) => c,
        Err(answer) => return *answer,
    };
    let filter = query.into_inner();
    let lang = console.page.lang;
    let mut form = Form::new("");
    for (name, value) in [
        ("actor", &filter.actor),
        ("action", &filter.action),
        ("case", &filter.case),
        ("from", &filter.from),
        ("to", &filter.to),
    ] {
        form.set(name, value.clone().unwrap_or_default());
    }
    let from = date(&mut form, "from", lang);
    let to = date(&mut form, "to", lang);
    let page = filter.page.as_deref().and_then(|p| p.parse::<u64>().ok()).unwrap_or(1).max(1);
    let nonblank = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let audit_query = AuditQuery {
        actor: nonblank(&filter.actor),
        action: nonblank(&filter.action),
        case: nonblank(&filter.case),
        from,
        to,
        page: Some(page),
        per_page: Some(PER_PAGE),
    };
    let loaded = async {
        let list = if form.has_errors() {
            AuditList { items: Vec::new(), page, per_page: PER_PAGE, has_more: false }
        } else {
            admin::audit_log(&state, &console.caller, audit_query).await?
        };
        Ok::<_, ServiceError>((list, admin::list_staff(&state, &console.caller).await?))
    };
    let (list, staff): (AuditList, Vec<StaffView>) = match loaded.await {
        Ok(x) => x,
        Err(err) => return failure(&req, &err),
    };
    let actors = staff.into_iter().map(|s| (s.id, s.email)).collect();
    let prev = (list.page > 1).then(|| filter.link(list.page - 1));
    let next = list.has_more.then(|| filter.link(list.page + 1));
    let status = if form.has_errors() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let body = AuditPage { page: &console.page, c: &console, list, form, actors, prev, next }.render();
    console.page.respond(status, body)
}

#[cfg(test)]
mod tests {
    use super::ACTIONS;
    use crate::domain::language::Language;
    use crate::i18n::catalog;

    /// A recorded action without a name would show its code to the reader.
    #[test]
    fn every_action_has_a_name_in_both_languages() {
        for lang in [Language::ZhCn, Language::En] {
            for action in ACTIONS {
                assert!(catalog(lang).get(&format!("admin-action-{action}"), &[]).is_some(), "{action}");
            }
        }
    }
}
