//! The case-work API of intake officers and administrators, and volunteers' own filings.

use crate::http::auth::client_ip;
use crate::http::json_body::JsonBody;
use crate::http::lang::Lang;
use crate::http::problem::ApiError;
use crate::service::AppState;
use crate::service::case;
use crate::service::case::commands::{
    AssignRequest, ExtensionRequest, NoteCreated, NoteRequest, TransferRequest, TransitionRequest,
};
use crate::service::case::detail::CaseDetail;
use crate::service::case::list::{CaseList, CaseQuery, MyComplaint};
use crate::service::complaint::evidence;
use crate::service::staff::auth::Caller;
use actix_web::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, Charset, ContentDisposition, DispositionParam,
    DispositionType, ExtendedValue, X_CONTENT_TYPE_OPTIONS,
};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

const PROBLEM: &str = "application/problem+json";

/// The caller's office's cases (every case for an administrator), filtered and paginated.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(CaseQuery), security(("bearer" = [])),
    responses((status = 200, body = CaseList), (status = 401, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 422, body = crate::http::problem::Problem, content_type = PROBLEM, description = "`validation`: an unknown status, a region prefix that is not 2, 4 or 6 digits, or a control character in `q` or `category`")))]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CaseQuery>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let list = case::list::list(&state, &caller, query.into_inner()).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(list))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DetailQuery {
    /// `contact`: show the worker's identity unmasked (written to the audit log).
    pub reveal: Option<String>,
}

/// One case with its timeline, recipients and routing explanation; identity masked unless revealed.
#[utoipa::path(get, path = "/api/v1/cases/{reference}", tag = "cases", params(("reference" = String, Path), DetailQuery), security(("bearer" = [])),
    responses((status = 200, body = CaseDetail), (status = 404, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn detail(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    reference: web::Path<String>,
    query: web::Query<DetailQuery>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let reveal = query.reveal.as_deref() == Some("contact");
    let ip = client_ip(&req);
    let detail = case::detail::detail(&state, &caller, &reference, reveal, ip.as_deref())
        .await
        .map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Move the case to another status; 409 for a move the status machine refuses.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/transitions", tag = "cases", params(("reference" = String, Path)), request_body = TransitionRequest,
    security(("bearer" = [])),
    responses((status = 200, body = CaseDetail), (status = 409, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 422, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn transition(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    reference: web::Path<String>,
    body: JsonBody<TransitionRequest>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let ip = client_ip(&req);
    let detail = case::commands::transition(&state, &caller, &reference, body.value, ip.as_deref())
        .await
        .map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(detail))
}

/// A note: internal, or visible to the worker (who is emailed if they asked).
#[utoipa::path(post, path = "/api/v1/cases/{reference}/notes", tag = "cases", params(("reference" = String, Path)), request_body = NoteRequest,
    security(("bearer" = [])), responses((status = 201, body = NoteCreated)))]
pub async fn note(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    reference: web::Path<String>,
    body: JsonBody<NoteRequest>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let ip = client_ip(&req);
    let created = case::commands::add_note(&state, &caller, &reference, body.value, ip.as_deref())
        .await
        .map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Created().json(created))
}

/// Transfer the case to another office, which is told by email; this office loses access.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/transfer", tag = "cases", params(("reference" = String, Path)), request_body = TransferRequest,
    security(("bearer" = [])),
    responses((status = 200, body = CaseDetail),
        (status = 409, body = crate::http::problem::Problem, content_type = PROBLEM, description = "`office_inactive` or `same_office`")))]
pub async fn transfer(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    reference: web::Path<String>,
    body: JsonBody<TransferRequest>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let ip = client_ip(&req);
    let detail = case::commands::transfer(&state, &caller, &reference, body.value, ip.as_deref())
        .await
        .map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Extend the result date once, with a reason the worker reads: only where the law allows the
/// handling office's kind an extension (labour inspection: 30 working days for a complex case,
/// 劳动保障监察条例 第十七条), on a case accepted or in progress.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/extension", tag = "cases", params(("reference" = String, Path)), request_body = ExtensionRequest,
    security(("bearer" = [])),
    responses((status = 200, body = CaseDetail),
        (status = 409, body = crate::http::problem::Problem, content_type = PROBLEM, description = "`extension_not_allowed` or `already_extended`")))]
pub async fn extension(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    reference: web::Path<String>,
    body: JsonBody<ExtensionRequest>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let ip = client_ip(&req);
    let detail = case::commands::extend_result(&state, &caller, &reference, body.value, ip.as_deref())
        .await
        .map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Assign the case to an officer of the handling office.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/assign", tag = "cases", params(("reference" = String, Path)), request_body = AssignRequest,
    security(("bearer" = [])), responses((status = 200, body = CaseDetail)))]
pub async fn assign(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    reference: web::Path<String>,
    body: JsonBody<AssignRequest>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let ip = client_ip(&req);
    let detail = case::commands::assign(&state, &caller, &reference, body.value, ip.as_deref())
        .await
        .map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(detail))
}

/// A volunteer's own filings with their statuses.
#[utoipa::path(get, path = "/api/v1/my/complaints", tag = "cases", security(("bearer" = [])),
    responses((status = 200, body = Vec<MyComplaint>), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM)))]
pub async fn mine(state: web::Data<AppState>, caller: Caller, Lang(lang): Lang) -> Result<HttpResponse, ApiError> {
    let list = case::list::my_complaints(&state, &caller).await.map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok().json(list))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `true`: include the workers' contact data (administrators only; audited).
    pub include_contact: Option<bool>,
}

/// The list's filters, as CSV (UTF-8 with BOM).
#[utoipa::path(get, path = "/api/v1/cases.csv", tag = "cases", params(CaseQuery, ExportQuery), security(("bearer" = [])),
    responses((status = 200, content_type = "text/csv", description = "UTF-8 with BOM"), (status = 403, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 422, body = crate::http::problem::Problem, content_type = PROBLEM, description = "`validation`: an unknown status, a region prefix that is not 2, 4 or 6 digits, or a control character in `q` or `category`")))]
pub async fn csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CaseQuery>,
    export: web::Query<ExportQuery>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let ip = client_ip(&req);
    let include_contact = export.include_contact.unwrap_or(false);
    let body =
        crate::service::case::export::cases_csv(&state, &caller, query.into_inner(), include_contact, ip.as_deref())
            .await
            .map_err(|e| ApiError::service(e, lang))?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((actix_web::http::header::CONTENT_DISPOSITION, "attachment; filename=\"cases.csv\""))
        .body(body))
}

/// `Content-Disposition: attachment` with the name in UTF-8 (RFC 5987 `filename*`) and a plain
/// ASCII fallback for old clients.
fn download_disposition(filename: &str) -> ContentDisposition {
    let fallback: String = filename
        .chars()
        .map(|c| if (c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '%' | ';')) || c == ' ' { c } else { '_' })
        .collect();
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(fallback),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".to_owned()),
                language_tag: None,
                value: filename.as_bytes().to_vec(),
            }),
        ],
    }
}

/// One evidence file of the case, as a download; written to the audit log.
///
/// Only for staff who may see the case (404 otherwise, as for the case itself). The file is sent
/// as stored, with its type, as an attachment that browsers neither render inline nor sniff.
#[utoipa::path(get, path = "/api/v1/cases/{reference}/attachments/{id}", tag = "cases",
    params(("reference" = String, Path), ("id" = i64, Path, description = "the attachment's id from the case's `attachments`")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The stored file: image/jpeg, image/png or application/pdf",
            content(("image/jpeg"), ("image/png"), ("application/pdf")),
            headers(("Content-Disposition" = String, description = "attachment; filename=…; filename*=UTF-8''…"))),
        (status = 401, body = crate::http::problem::Problem, content_type = PROBLEM),
        (status = 404, body = crate::http::problem::Problem, content_type = PROBLEM),
    ))]
pub async fn attachment(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, i64)>,
    Lang(lang): Lang,
) -> Result<HttpResponse, ApiError> {
    let (reference, id) = path.into_inner();
    let ip = client_ip(&req);
    let file = evidence::download(&state, &caller, &reference, id, ip.as_deref())
        .await
        .map_err(|e| ApiError::service(e, lang))?;
    Ok(file_response(file))
}

/// An evidence file as a download that browsers neither render inline nor sniff; shared with the
/// console.
pub fn file_response(file: evidence::Download) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, file.content_type))
        .insert_header(download_disposition(&file.filename))
        .insert_header((X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((CACHE_CONTROL, "no-store"))
        .insert_header((CONTENT_SECURITY_POLICY, "sandbox"))
        .body(file.bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_are_sent_in_utf8_with_an_ascii_fallback() {
        let header = download_disposition("工资条 \"3月\".jpg").to_string();
        assert!(header.starts_with("attachment; filename=\"___ _3__.jpg\"; filename*=UTF-8''"), "{header}");
        assert!(header.ends_with("%E5%B7%A5%E8%B5%84%E6%9D%A1%20%223%E6%9C%88%22.jpg"), "{header}");
    }
}
