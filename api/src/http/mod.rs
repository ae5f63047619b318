//! actix-web: routes, extractors, problem details, security headers.

pub mod auth;
pub mod client_addr;
pub mod console;
pub mod form;
pub mod json_body;
pub mod lang;
pub mod multipart;
pub mod openapi;
pub mod pages;
pub mod problem;
pub mod rate_limit;
pub mod routes;

use crate::domain::language::Language;
use crate::service::ProblemCode;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::{self, CONTENT_TYPE};
use actix_web::middleware::{DefaultHeaders, ErrorHandlerResponse};
use actix_web::{HttpRequest, ResponseError, web};
use problem::{ApiError, PROBLEM_JSON};

/// The routes of the service.
pub fn configure(cfg: &mut web::ServiceConfig) {
    use routes::*;
    // Resources (not bare routes) so that a known path with another method answers 405.
    cfg.service(web::resource("/healthz").get(health::healthz))
        .service(web::resource("/readyz").get(health::readyz))
        .service(web::resource("/api/v1/openapi.json").get(docs::openapi_json))
        .service(web::resource("/api/docs").get(docs::page))
        .service(web::resource("/api/v1/categories").get(catalog::categories))
        .service(web::resource("/api/v1/regions").get(catalog::regions))
        .service(web::resource("/api/v1/regions/{code}").get(catalog::region))
        .service(web::resource("/api/v1/routing/preview").post(routing::preview))
        .service(web::resource("/api/v1/complaints").post(complaints::file))
        .service(web::resource("/api/v1/complaints/{reference}").get(complaints::get))
        .service(web::resource("/api/v1/complaints/{reference}/messages").post(complaints::add_message))
        .service(web::resource("/api/v1/complaints/{reference}/attachments").post(complaints::add_attachment))
        .service(web::resource("/api/v1/auth/login").post(auth::login))
        .service(web::resource("/api/v1/auth/refresh").post(auth::refresh))
        .service(web::resource("/api/v1/auth/logout").post(auth::logout))
        .service(web::resource("/api/v1/me").get(auth::me))
        .service(web::resource("/api/v1/cases").get(cases::list))
        .service(web::resource("/api/v1/cases.csv").get(cases::csv))
        .service(web::resource("/api/v1/cases/{reference}").get(cases::detail))
        .service(web::resource("/api/v1/cases/{reference}/transitions").post(cases::transition))
        .service(web::resource("/api/v1/cases/{reference}/notes").post(cases::note))
        .service(web::resource("/api/v1/cases/{reference}/transfer").post(cases::transfer))
        .service(web::resource("/api/v1/cases/{reference}/extension").post(cases::extension))
        .service(web::resource("/api/v1/cases/{reference}/assign").post(cases::assign))
        .service(web::resource("/api/v1/cases/{reference}/documents").get(documents::list).post(documents::record))
        .service(web::resource("/api/v1/cases/{reference}/referral").post(documents::refer))
        .service(web::resource("/api/v1/cases/{reference}/attachments/{id}").get(cases::attachment))
        .service(web::resource("/api/v1/my/complaints").get(cases::mine))
        .service(web::resource("/api/v1/stats").get(stats::show))
        .service(web::resource("/api/v1/leads").get(leads::list))
        .service(web::resource("/api/v1/leads/{id}").get(leads::detail).post(leads::decide))
        .configure(admin::configure)
        .configure(pages::configure)
        .configure(console::configure);
}

/// Headers every answer carries unless a handler sets its own. Served over https (the public
/// address says so), browsers are told to use nothing else for a year.
pub fn security_headers(https: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::REFERRER_POLICY, "no-referrer"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((header::CONTENT_SECURITY_POLICY, "default-src 'none'; frame-ancestors 'none'"))
        .add((header::CACHE_CONTROL, "no-store"));
    if https { headers.add((header::STRICT_TRANSPORT_SECURITY, "max-age=31536000")) } else { headers }
}

/// Answers for anything no route matched.
pub async fn not_found(req: HttpRequest) -> actix_web::HttpResponse {
    if pages::errors::is_page_path(req.path()) {
        return pages::errors::render(&req, 404);
    }
    ApiError::new(ProblemCode::NotFound, lang::negotiate(&req)).error_response()
}

fn code_for(status: u16) -> ProblemCode {
    match status {
        404 => ProblemCode::NotFound,
        405 => ProblemCode::MethodNotAllowed,
        413 => ProblemCode::PayloadTooLarge,
        415 => ProblemCode::UnsupportedMediaType,
        429 => ProblemCode::RateLimited,
        503 => ProblemCode::ServiceUnavailable,
        s if s >= 500 => ProblemCode::Internal,
        _ => ProblemCode::BadRequest,
    }
}

/// Turns any error answer that is not yet a problem (actix's own 405, a failed path or query
/// extractor) into one, so that clients see one error format everywhere.
pub fn ensure_problem<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = res.headers().get(CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    if pages::errors::is_page_path(res.request().path()) {
        let is_html = res.headers().get(CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
        if is_html {
            return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
        }
        let status = res.status().as_u16();
        let (req, _) = res.into_parts();
        let response = pages::errors::render(&req, status);
        return Ok(ErrorHandlerResponse::Response(ServiceResponse::new(req, response).map_into_right_body()));
    }
    let lang: Language = lang::negotiate(res.request());
    let code = code_for(res.status().as_u16());
    let mut error = ApiError::new(code, lang);
    if code == ProblemCode::BadRequest {
        error = error.with(
            "reason",
            if lang == Language::ZhCn { "请求的参数不对。" } else { "The request's parameters are not valid." },
        );
    }
    if code == ProblemCode::PayloadTooLarge {
        let csv = res.request().path() == "/api/v1/admin/directory.csv";
        error = error.with("limit", if csv { routes::admin::CSV_LIMIT_TEXT } else { "64 KiB" });
    }
    // A 405 must keep actix's `Allow` list (RFC 9110 §15.5.6): it tells the client what would work.
    let allow = res.headers().get(header::ALLOW).cloned();
    let (req, _) = res.into_parts();
    let mut response = error.error_response();
    if let Some(allow) = allow {
        response.headers_mut().insert(header::ALLOW, allow);
    }
    Ok(ErrorHandlerResponse::Response(ServiceResponse::new(req, response).map_into_right_body()))
}
