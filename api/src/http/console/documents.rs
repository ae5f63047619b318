//! The documents section of the console's case page: recording a document an office issued,
//! the union's referral to the procuratorate, and the printable drafts of each kind of document.
//! The actions are CSRF-protected POSTs that redirect back to the case (`?done=document`).

use super::case::after;
use super::{Console, Posted, failure, signed_in};
use crate::http::auth::client_ip;
use crate::http::pages::Page;
use crate::service::AppState;
use crate::service::document::draft::{self, Draft};
use crate::service::document::{self, DocumentRequest};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

/// The document form: each field as typed, the use case checks them.
#[derive(Deserialize)]
#[serde(default)]
#[derive(Default)]
pub struct DocumentForm {
    kind: String,
    issued_on: String,
    addressee: String,
    summary: String,
}

pub async fn record(
    req: HttpRequest,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    Posted { console, form }: Posted<DocumentForm>,
) -> HttpResponse {
    let request = DocumentRequest {
        kind: form.kind,
        issued_on: form.issued_on,
        addressee: form.addressee,
        summary: form.summary,
    };
    let ip = client_ip(&req);
    let result = document::record(&state, &console.caller, &reference, request, ip.as_deref()).await;
    after(&state, &req, console, &reference, "document", result).await
}

pub async fn refer(
    req: HttpRequest,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    Posted { console, .. }: Posted<serde::de::IgnoredAny>,
) -> HttpResponse {
    let ip = client_ip(&req);
    let result = document::refer(&state, &console.caller, &reference, ip.as_deref()).await;
    after(&state, &req, console, &reference, "referral", result).await
}

#[derive(Template)]
#[template(path = "console/document_draft.html")]
pub struct DraftPage<'a> {
    pub page: &'a Page,
    pub c: &'a Console,
    pub d: Draft,
}

impl DraftPage<'_> {
    pub fn kind(&self) -> &'static str {
        self.d.kind.as_str()
    }

    /// A message of this kind of document, e.g. `draft-title-opinion`.
    pub fn part(&self, part: &str) -> String {
        self.page.t(&format!("draft-{part}-{}", self.kind()))
    }
}

#[derive(Deserialize)]
pub struct KindQuery {
    kind: Option<String>,
}

/// `GET /console/cases/{reference}/documents/draft?kind=…`: a print view the officer edits and prints.
pub async fn draft(
    req: HttpRequest,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    query: web::Query<KindQuery>,
) -> HttpResponse {
    let console = match signed_in(&state, &req).await {
        Ok(c) => c,
        Err(answer) => return *answer,
    };
    let kind = query.into_inner().kind.unwrap_or_default();
    match draft::draft(&state, &console.caller, &reference, &kind).await {
        Ok(d) => {
            let body = DraftPage { page: &console.page, c: &console, d }.render();
            console.page.respond(StatusCode::OK, body)
        }
        Err(err) => failure(&req, &err),
    }
}
