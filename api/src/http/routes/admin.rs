//! Administration (`/api/v1/admin/…`): offices, routing rules, staff accounts, the directory as
//! CSV, failed notifications, the audit log. Administrators only.

use crate::http::json_body::JsonBody;
use crate::http::lang::Lang;
use crate::http::problem::ApiError;
use crate::service::AppState;
use crate::service::ProblemCode;
use crate::service::admin::{
    self, AuditItem, AuditList, AuditQuery, CalendarDayView, CalendarImported, CalendarList, CalendarQuery,
    DeadlinesInput, ImportSummary, KindDeadlinesView, NewOfficeInput, NewRuleInput, OfficePatch, OfficeQuery,
    OfficeView, OutboxItem, OutboxQuery, OutboxSummary, Retried, RulePatch, RuleView, StaffPatch, StaffView,
};
use crate::service::staff::accounts::{CreatedStaff, NewStaffInput};
use crate::service::staff::auth::Caller;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::OpenApi;

const PROBLEM: &str = "application/problem+json";

/// The largest directory CSV accepted: the default directory's export (some 20,000 offices at
/// every level) is about 5 MiB.
pub const CSV_LIMIT: usize = 16 * 1024 * 1024;

/// `CSV_LIMIT` in words, for the 413 answer.
pub const CSV_LIMIT_TEXT: &str = "16 MiB";

/// The administration endpoints' part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        list_offices,
        create_office,
        update_office,
        list_rules,
        create_rule,
        update_rule,
        list_staff,
        create_staff,
        update_staff,
        outbox_list,
        outbox_summary,
        outbox_retry,
        outbox_retry_failed,
        audit_log,
        export_directory,
        import_directory,
        list_deadlines,
        update_deadlines,
        list_calendar,
        import_calendar,
    ),
    components(schemas(
        OfficeView, NewOfficeInput, OfficePatch, RuleView, NewRuleInput, RulePatch, StaffView, StaffPatch,
        NewStaffInput, CreatedStaff, OutboxItem, OutboxSummary, Retried, AuditItem, AuditList, ImportSummary,
        KindDeadlinesView, DeadlinesInput, CalendarList, CalendarDayView, CalendarImported,
        crate::domain::deadline::TermUnit, crate::domain::deadline::ResultFrom, crate::domain::deadline::DayKind,
    )),
    tags((name = "admin", description = "Administration: offices, routing rules, staff accounts, the directory as CSV, the outbox, the audit log, the deadlines of each office kind and the working-day calendar. Administrators only."))
)]
pub struct AdminDoc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/api/v1/admin/offices").get(list_offices).post(create_office))
        .service(web::resource("/api/v1/admin/offices/{id}").patch(update_office))
        .service(web::resource("/api/v1/admin/routing-rules").get(list_rules).post(create_rule))
        .service(web::resource("/api/v1/admin/routing-rules/{id}").patch(update_rule))
        .service(web::resource("/api/v1/admin/staff").get(list_staff).post(create_staff))
        .service(web::resource("/api/v1/admin/staff/{id}").patch(update_staff))
        .service(web::resource("/api/v1/admin/outbox").get(outbox_list))
        .service(web::resource("/api/v1/admin/outbox/summary").get(outbox_summary))
        .service(web::resource("/api/v1/admin/outbox/retry-failed").post(outbox_retry_failed))
        .service(web::resource("/api/v1/admin/outbox/{id}/retry").post(outbox_retry))
        .service(web::resource("/api/v1/admin/audit").get(audit_log))
        .service(
            web::resource("/api/v1/admin/directory.csv")
                .app_data(web::PayloadConfig::new(CSV_LIMIT))
                .get(export_directory)
                .post(import_directory),
        )
        .service(web::resource("/api/v1/admin/deadlines").get(list_deadlines))
        .service(web::resource("/api/v1/admin/deadlines/{kind}").put(update_deadlines))
        .service(
            web::resource("/api/v1/admin/calendar")
                .app_data(web::PayloadConfig::new(admin::CALENDAR_CSV_LIMIT))
                .get(list_calendar)
                .post(import_calendar),
        );
}

/// Whether a request's body is declared `text/csv`.
fn is_csv(req: &HttpRequest) -> bool {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("text/csv"))
}

/// The offices, disabled ones too, in the order they were created: every office, or those the
/// filters select (region prefix, kind, unconfirmed address, active, text), all of them or one
/// page (`page`, `per_page`). `X-Total-Count` says how many the filters select in all.
#[utoipa::path(get, path = "/api/v1/admin/offices", tag = "admin", params(OfficeQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<OfficeView>,
            headers(("X-Total-Count" = u64, description = "How many offices the filters select, on every page together"))),
        (status = 401, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 422, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn list_offices(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<OfficeQuery>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let found = admin::find_offices(&state, &caller, &query, admin::OfficeSort::Created)
        .await
        .map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().insert_header(("X-Total-Count", found.total.to_string())).json(found.items))
}

/// A new office: the code is unique, the kind known, the region existing, the emails valid.
#[utoipa::path(post, path = "/api/v1/admin/offices", tag = "admin", request_body = NewOfficeInput, security(("bearer" = [])),
    responses((status = 201, body = OfficeView), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 422, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn create_office(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<NewOfficeInput>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let office = admin::create_office(&state, &caller, body.value).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Created().json(office))
}

/// Change an office; `{"active": false}` disables it.
#[utoipa::path(patch, path = "/api/v1/admin/offices/{id}", tag = "admin", params(("id" = i64, Path)), request_body = OfficePatch,
    security(("bearer" = [])),
    responses((status = 200, body = OfficeView), (status = 404, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 422, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn update_office(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: JsonBody<OfficePatch>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let office =
        admin::update_office(&state, &caller, *id, body.value).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(office))
}

/// Every routing rule, inactive ones too.
#[utoipa::path(get, path = "/api/v1/admin/routing-rules", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<RuleView>), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn list_rules(
    state: web::Data<AppState>,
    caller: Caller,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let list = admin::list_rules(&state, &caller).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(list))
}

/// A new rule; refused when the office is unknown or disabled, the prefix unknown, or the rule
/// could never match.
#[utoipa::path(post, path = "/api/v1/admin/routing-rules", tag = "admin", request_body = NewRuleInput, security(("bearer" = [])),
    responses((status = 201, body = RuleView), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 422, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn create_rule(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<NewRuleInput>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let rule = admin::create_rule(&state, &caller, body.value).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Created().json(rule))
}

/// Change a rule; `{"active": false}` takes it out of routing.
#[utoipa::path(patch, path = "/api/v1/admin/routing-rules/{id}", tag = "admin", params(("id" = i64, Path)), request_body = RulePatch,
    security(("bearer" = [])),
    responses((status = 200, body = RuleView), (status = 404, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 422, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn update_rule(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: JsonBody<RulePatch>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let rule = admin::update_rule(&state, &caller, *id, body.value).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(rule))
}

/// Every staff account (no password hashes).
#[utoipa::path(get, path = "/api/v1/admin/staff", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<StaffView>), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn list_staff(
    state: web::Data<AppState>,
    caller: Caller,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let list = admin::list_staff(&state, &caller).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(list))
}

/// A new account; without a password one is generated and shown in this answer only.
#[utoipa::path(post, path = "/api/v1/admin/staff", tag = "admin", request_body = NewStaffInput, security(("bearer" = [])),
    responses((status = 201, body = CreatedStaff), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 422, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn create_staff(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<NewStaffInput>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let created = admin::create_staff(&state, &caller, body.value).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Created().json(created))
}

/// Change an account; `{"active": false}` disables it and revokes its tokens.
#[utoipa::path(patch, path = "/api/v1/admin/staff/{id}", tag = "admin", params(("id" = i64, Path)), request_body = StaffPatch,
    security(("bearer" = [])),
    responses((status = 200, body = StaffView), (status = 404, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 422, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn update_staff(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: JsonBody<StaffPatch>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let account =
        admin::update_staff(&state, &caller, *id, body.value).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(account))
}

/// The latest outgoing emails with their attempts and last error; `?failed=true` for the failed.
#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "admin", params(OutboxQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<OutboxItem>), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn outbox_list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<OutboxQuery>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let list = admin::outbox_list(&state, &caller, query.into_inner()).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(list))
}

/// How many emails are pending, sent and failed.
#[utoipa::path(get, path = "/api/v1/admin/outbox/summary", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = OutboxSummary), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn outbox_summary(
    state: web::Data<AppState>,
    caller: Caller,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let summary = admin::outbox_summary(&state, &caller).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(summary))
}

/// Queue a failed email again.
#[utoipa::path(post, path = "/api/v1/admin/outbox/{id}/retry", tag = "admin", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Retried), (status = 404, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn outbox_retry(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let retried = admin::outbox_retry(&state, &caller, Some(*id)).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(retried))
}

/// Queue every failed email again.
#[utoipa::path(post, path = "/api/v1/admin/outbox/retry-failed", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Retried), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn outbox_retry_failed(
    state: web::Data<AppState>,
    caller: Caller,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let retried = admin::outbox_retry(&state, &caller, None).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(retried))
}

/// The audit log, newest first, filtered.
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin", params(AuditQuery), security(("bearer" = [])),
    responses((status = 200, body = AuditList), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn audit_log(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AuditQuery>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let list = admin::audit_log(&state, &caller, query.into_inner()).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(list))
}

/// The offices as CSV (UTF-8 with BOM): code,name_zh,name_en,kind,region_code,email,language,active.
#[utoipa::path(get, path = "/api/v1/admin/directory.csv", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = String, content_type = "text/csv"), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn export_directory(
    state: web::Data<AppState>,
    caller: Caller,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let csv = admin::export_directory(&state, Some(&caller)).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((CONTENT_DISPOSITION, "attachment; filename=\"directory.csv\""))
        .body(csv))
}

/// Create or update offices by code from CSV (the export's columns), in one transaction: a bad
/// row refuses the whole file (422, `csv_invalid` naming the row).
#[utoipa::path(post, path = "/api/v1/admin/directory.csv", tag = "admin", request_body(content = String, content_type = "text/csv"),
    security(("bearer" = [])),
    responses((status = 200, body = ImportSummary), (status = 415, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 422, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn import_directory(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Bytes,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    admin::require_admin(&caller).map_err(|e| ApiError::service(e, lang))?;
    let is_csv = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case("text/csv"));
    if !is_csv {
        return Err(ApiError::new(ProblemCode::UnsupportedMediaType, lang));
    }
    let summary =
        admin::import_directory(&state, Some(&caller), &body).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(summary))
}

/// Each office kind's two deadlines: to acknowledge a complaint and to give a result, each with
/// its unit, its basis (`legal` or `commitment`) and its source; the day the result term runs
/// from and the extension allowed.
#[utoipa::path(get, path = "/api/v1/admin/deadlines", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<KindDeadlinesView>), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn list_deadlines(
    state: web::Data<AppState>,
    caller: Caller,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let list = admin::list_deadlines(&state, &caller).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(list))
}

/// Set one office kind's deadlines (every field; a missing source or extension is none). They
/// apply to complaints filed from then on. Amounts: 1 to 365 days, 1 to 24 months; extension 1 to
/// 365; sources at most 500 characters. 404 for a kind that does not exist.
#[utoipa::path(put, path = "/api/v1/admin/deadlines/{kind}", tag = "admin",
    params(("kind" = String, Path, description = "An office kind, e.g. `labour_inspection`")), request_body = DeadlinesInput,
    security(("bearer" = [])),
    responses((status = 200, body = KindDeadlinesView), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 404, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 422, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn update_deadlines(
    state: web::Data<AppState>,
    caller: Caller,
    kind: web::Path<String>,
    body: JsonBody<DeadlinesInput>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let updated =
        admin::update_deadlines(&state, &caller, &kind, body.value).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(updated))
}

/// The working-day calendar: the public holidays and make-up working days loaded, or those of
/// one year, with the years that have days.
#[utoipa::path(get, path = "/api/v1/admin/calendar", tag = "admin", params(CalendarQuery), security(("bearer" = [])),
    responses((status = 200, body = CalendarList), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn list_calendar(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CalendarQuery>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let list = admin::calendar(&state, Some(&caller), query.year).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(list))
}

/// Load days into the calendar from CSV: the header `date,kind`, then rows such as
/// `2026-10-01,holiday` or `2026-10-10,workday` (a make-up working day is a Saturday or Sunday).
/// All or nothing: any bad row (a date not YYYY-MM-DD, an unknown kind, a date twice, a weekday
/// as `workday`) refuses the file, each problem naming its row (422). A day already loaded takes
/// the kind the file gives it.
#[utoipa::path(post, path = "/api/v1/admin/calendar", tag = "admin", request_body(content = String, content_type = "text/csv"),
    security(("bearer" = [])),
    responses((status = 200, body = CalendarImported), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 413, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 415, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 422, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn import_calendar(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Bytes,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    admin::require_admin(&caller).map_err(|e| ApiError::service(e, lang))?;
    if !is_csv(&req) {
        return Err(ApiError::new(ProblemCode::UnsupportedMediaType, lang));
    }
    let imported =
        admin::import_calendar(&state, Some(&caller), &body).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(imported))
}
