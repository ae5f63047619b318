//! `/console/admin/rules`: the routing rules with their criteria, a new rule, one rule's edit form,
//! and the tester: which offices would receive a complaint, worked out by the same use case as
//! `POST /api/v1/routing/preview` (the worker sees the same answer before consenting).

use super::offices::{Names, on_office_code};
use super::{Form, admin_in, admin_post, done, notice, number, status_of};
use crate::domain::field_error::FieldError;
use crate::domain::routing::Role;
use crate::domain::tags::ALL_TAGS;
use crate::http::console::{Console, failure};
use crate::http::pages::Page;
use crate::service::admin::{self, NewRuleInput, OfficeView, RulePatch, RuleView};
use crate::service::complaint::input::RoutingPreviewRequest;
use crate::service::complaint::views::RecipientView;
use crate::service::{AppState, ServiceError, routing};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use std::collections::HashMap;

const LIST: &str = "/console/admin/rules";

/// What both rule pages show: the choices of the form and the words of a rule.
pub struct RuleWords<'a> {
    names: Names<'a>,
    office_names: HashMap<i64, String>,
    pub categories: Vec<(String, String)>,
    pub tags: Vec<(&'static str, String)>,
    /// The kinds a rule can name (every kind with an office in each region).
    pub kinds: Vec<(&'static str, String)>,
}

impl<'a> RuleWords<'a> {
    /// `offices`: those the rules shown name.
    fn new(page: &'a Page, state: &'a AppState, offices: &[OfficeView]) -> Self {
        let names = Names { page, state };
        let office_names = offices.iter().map(|o| (o.id, format!("{} · {}", o.code, names.office(o)))).collect();
        let categories =
            state.directory.categories().iter().map(|c| (c.code.clone(), c.name(page.lang).to_owned())).collect();
        let tags = ALL_TAGS.iter().map(|t| (t.as_str(), page.t(&format!("tag-{}", t.as_str())))).collect();
        let kinds = crate::domain::office::ALL_OFFICE_KINDS
            .iter()
            .filter(|k| k.is_territorial())
            .map(|k| (k.as_str(), names.kind(k)))
            .collect();
        Self { names, office_names, categories, tags, kinds }
    }

    pub fn office(&self, id: &i64) -> String {
        self.office_names.get(id).cloned().unwrap_or_else(|| format!("#{id}"))
    }

    /// Whom a rule sends complaints to: its office, or the competent office of a kind.
    pub fn target(&self, r: &RuleView) -> String {
        match (r.office_id, r.target_kind) {
            (Some(id), _) => self.office(&id),
            (None, Some(kind)) => {
                let level = r.target_level.unwrap_or(crate::domain::region::RegionLevel::County);
                self.names.page.t2(
                    "admin-rule-target-kind",
                    ("kind", &self.names.kind(&kind)),
                    ("level", &self.names.page.t(&format!("admin-level-{}", level.as_str()))),
                )
            }
            (None, None) => String::new(),
        }
    }

    pub fn role(&self, role: &Role) -> String {
        self.names.page.t(&format!("admin-role-{}", role.as_str()))
    }

    /// The criteria of a rule in words, e.g. "Problem: Unpaid wages · Region: 3411 (…)".
    pub fn criteria(&self, r: &RuleView) -> Vec<String> {
        let page = self.names.page;
        let state = self.names.state;
        let mut out = Vec::new();
        if let Some(c) = &r.category {
            let name = state.directory.category(c).map_or_else(|| c.clone(), |k| k.name(page.lang).to_owned());
            out.push(page.t1("admin-rule-when-category", "name", &name));
        }
        if let Some(p) = &r.region_prefix {
            out.push(page.t1("admin-rule-when-region", "name", &format!("{p} {}", state.directory.full_name(p))));
        }
        if let Some(p) = &r.platform {
            out.push(page.t1("admin-rule-when-platform", "name", p));
        }
        if let Some(m) = r.min_affected_workers {
            out.push(page.t1("admin-rule-when-workers", "count", &m.to_string()));
        }
        if let Some(t) = &r.required_tag {
            out.push(page.t1("admin-rule-when-tag", "name", &page.t(&format!("tag-{t}"))));
        }
        if out.is_empty() {
            out.push(page.t("admin-rule-when-any"));
        }
        out
    }
}

#[derive(Template)]
#[template(path = "console/admin/rules.html")]
struct ListPage<'a> {
    page: &'a Page,
    c: &'a Console,
    words: RuleWords<'a>,
    rules: Vec<RuleView>,
    /// The list shows the rules whose region prefix starts with this.
    prefix: String,
    form: Form,
    tester: Form,
    /// The tester's answer, once it was asked.
    recipients: Option<Vec<RecipientView>>,
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "console/admin/rule.html")]
struct EditPage<'a> {
    page: &'a Page,
    c: &'a Console,
    words: RuleWords<'a>,
    rule: RuleView,
    form: Form,
}

/// The list page's address bar: a notice, the list's filter, and the tester's question.
struct Query {
    fields: Vec<(String, String)>,
}

impl Query {
    fn of(req: &HttpRequest) -> Self {
        Self { fields: form_urlencoded::parse(req.query_string().as_bytes()).into_owned().collect() }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Asks the routing use case, as the worker's page does, and keeps its problems for the tester.
async fn test_routing(state: &AppState, page: &Page, tester: &mut Form) -> Result<Vec<RecipientView>, ServiceError> {
    let affected_workers = match number::<i64>(tester.value("affected_workers")) {
        Ok(n) => n,
        Err(_) => {
            let error = FieldError::new("affected_workers", "out_of_range").with("min", 1).with("max", 100_000);
            tester.field_errors(&[error], page.lang);
            return Ok(Vec::new());
        }
    };
    let optional = |name: &str| Some(tester.value(name).trim().to_owned()).filter(|v| !v.is_empty());
    let tags: Vec<String> =
        ALL_TAGS.iter().map(|t| t.as_str()).filter(|t| tester.is("tags", t)).map(str::to_owned).collect();
    let request = RoutingPreviewRequest {
        category: optional("category"),
        region_code: optional("region_code"),
        affected_workers,
        tags: Some(tags),
        platform: optional("platform"),
    };
    match routing::preview(state, request, page.lang).await {
        Ok(preview) => Ok(preview.recipients),
        Err(err) => tester.refusal(err, page.lang).map(|()| Vec::new()),
    }
}

async fn render_list(state: &AppState, req: &HttpRequest, console: Console, form: Form) -> HttpResponse {
    let query = Query::of(req);
    let notice = notice(&console, query.get("done"));
    let prefix: String = query.get("prefix").unwrap_or_default().trim().chars().filter(char::is_ascii_digit).collect();
    let mut tester = Form::filled("test-", if query.get("test").is_some() { query.fields.clone() } else { Vec::new() });
    let recipients = if query.get("test").is_some() {
        match test_routing(state, &console.page, &mut tester).await {
            Ok(found) if !tester.has_errors() => Some(found),
            Ok(_) => None,
            Err(err) => return failure(req, &err),
        }
    } else {
        None
    };
    let loaded = async {
        let mut rules = admin::list_rules(state, &console.caller).await?;
        if !prefix.is_empty() {
            rules.retain(|r| r.region_prefix.as_deref().is_some_and(|p| p.starts_with(&prefix)));
        }
        let offices = rule_offices(state, &console, &rules).await?;
        Ok::<_, ServiceError>((rules, offices))
    };
    let (rules, offices) = match loaded.await {
        Ok(x) => x,
        Err(err) => return failure(req, &err),
    };
    let status = if form.has_errors() { status_of(&form) } else { status_of(&tester) };
    let words = RuleWords::new(&console.page, state, &offices);
    let body =
        ListPage { page: &console.page, c: &console, words, rules, prefix, form, tester, recipients, notice }.render();
    console.page.respond(status, body)
}

pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    match admin_in(&state, &req).await {
        Ok(console) => {
            let mut form = Form::new("");
            form.set("role", "primary");
            render_list(&state, &req, console, form).await
        }
        Err(answer) => *answer,
    }
}

/// The offices the rules name, for their names on the page.
async fn rule_offices(
    state: &AppState,
    console: &Console,
    rules: &[RuleView],
) -> Result<Vec<OfficeView>, ServiceError> {
    let ids: Vec<i64> = rules.iter().filter_map(|r| r.office_id).collect();
    admin::offices_by_ids(state, &console.caller, &ids).await
}

/// The rule's office as typed (its code): its id, none when the field is empty (a rule that
/// names a kind), or the field's problem.
async fn office_of(state: &AppState, console: &Console, form: &Form) -> Result<Option<i64>, ServiceError> {
    Ok(admin::office_by_code(state, &console.caller, "office_code", form.value("office_code")).await?.map(|o| o.id))
}

/// The rule as typed, or the problems a number field has before the use case can look at it.
fn rule_fields(form: &Form) -> Result<(Option<i32>, Option<i32>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let min = number::<i32>(form.value("min_affected_workers")).unwrap_or_else(|_| {
        errors.push(FieldError::new("min_affected_workers", "invalid_type"));
        None
    });
    let priority = number::<i32>(form.value("priority")).unwrap_or_else(|_| {
        errors.push(FieldError::new("priority", "invalid_type"));
        None
    });
    if errors.is_empty() { Ok((min, priority)) } else { Err(errors) }
}

fn optional(form: &Form, name: &str) -> Option<String> {
    Some(form.value(name).trim().to_owned()).filter(|v| !v.is_empty())
}

/// The level preferred for the kind chosen. The form's list of levels always sends one: without
/// a kind (a rule that names an office) it says nothing.
fn target_level(form: &Form) -> Option<String> {
    optional(form, "target_kind").and_then(|_| optional(form, "target_level"))
}

pub async fn create(req: HttpRequest, state: web::Data<AppState>, body: web::Bytes) -> HttpResponse {
    let (console, fields) = match admin_post(&state, &req, &body).await {
        Ok(ok) => ok,
        Err(answer) => return *answer,
    };
    let mut form = Form::filled("", fields);
    let result = match (rule_fields(&form), office_of(&state, &console, &form).await) {
        (Err(mut errors), Err(ServiceError::Validation(more))) => {
            errors.extend(more);
            Err(ServiceError::Validation(errors))
        }
        (_, Err(err)) => Err(err),
        (Ok((min_affected_workers, priority)), Ok(office_id)) => {
            let input = NewRuleInput {
                category: optional(&form, "category"),
                region_prefix: optional(&form, "region_prefix"),
                platform: optional(&form, "platform"),
                min_affected_workers,
                required_tag: optional(&form, "required_tag"),
                office_id,
                target_kind: optional(&form, "target_kind"),
                target_level: target_level(&form),
                role: form.value("role").to_owned(),
                priority,
                active: Some(true),
                note: optional(&form, "note"),
            };
            admin::create_rule(&state, &console.caller, input).await.map(|_| ()).map_err(on_office_code)
        }
        (Err(errors), Ok(_)) => Err(ServiceError::Validation(errors)),
    };
    match result {
        Ok(()) => done(LIST, "rule-created"),
        Err(err) => match form.refusal(err, console.page.lang) {
            Ok(()) => render_list(&state, &req, console, form).await,
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
    let loaded = async {
        let rule = admin::list_rules(state, &console.caller).await?.into_iter().find(|r| r.id == id);
        let offices = rule_offices(state, &console, rule.as_slice()).await?;
        Ok::<_, ServiceError>((rule, offices))
    };
    let (rule, offices) = match loaded.await {
        Ok(x) => x,
        Err(err) => return failure(req, &err),
    };
    let Some(rule) = rule else {
        return crate::http::pages::errors::render(req, 404);
    };
    let form = form.unwrap_or_else(|| {
        let mut f = Form::new("");
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let number = |v: Option<i32>| v.map(|n| n.to_string()).unwrap_or_default();
        f.set("category", text(&rule.category));
        f.set("region_prefix", text(&rule.region_prefix));
        f.set("platform", text(&rule.platform));
        f.set("min_affected_workers", number(rule.min_affected_workers));
        f.set("required_tag", text(&rule.required_tag));
        let code = rule.office_id.and_then(|id| offices.iter().find(|o| o.id == id)).map(|o| o.code.clone());
        f.set("office_code", code.unwrap_or_default());
        f.set("target_kind", rule.target_kind.map(|k| k.as_str()).unwrap_or_default());
        f.set("target_level", rule.target_level.map(|l| l.as_str()).unwrap_or_default());
        f.set("role", rule.role.as_str());
        f.set("priority", rule.priority.to_string());
        f.set("note", text(&rule.note));
        if rule.active {
            f.set("active", "on");
        }
        f
    });
    let status = status_of(&form);
    let words = RuleWords::new(&console.page, state, &offices);
    let body = EditPage { page: &console.page, c: &console, words, rule, form }.render();
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
    let result = match (rule_fields(&form), office_of(&state, &console, &form).await) {
        (Err(mut errors), Err(ServiceError::Validation(more))) => {
            errors.extend(more);
            Err(ServiceError::Validation(errors))
        }
        (_, Err(err)) => Err(err),
        (Ok((min_affected_workers, priority)), Ok(office_id)) => {
            let patch = RulePatch {
                category: Some(optional(&form, "category")),
                region_prefix: Some(optional(&form, "region_prefix")),
                platform: Some(optional(&form, "platform")),
                min_affected_workers: Some(min_affected_workers),
                required_tag: Some(optional(&form, "required_tag")),
                office_id: Some(office_id),
                target_kind: Some(optional(&form, "target_kind")),
                target_level: Some(target_level(&form)),
                role: Some(form.value("role").to_owned()),
                priority: Some(priority.unwrap_or(0)),
                active: Some(form.checked("active")),
                note: Some(optional(&form, "note")),
            };
            admin::update_rule(&state, &console.caller, *id, patch).await.map(|_| ()).map_err(on_office_code)
        }
        (Err(errors), Ok(_)) => Err(ServiceError::Validation(errors)),
    };
    match result {
        Ok(()) => done(LIST, "rule-updated"),
        Err(err) => match form.refusal(err, console.page.lang) {
            Ok(()) => render_edit(&state, &req, console, *id, Some(form)).await,
            Err(err) => failure(&req, &err),
        },
    }
}
