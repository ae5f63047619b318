//! The documents section of the console's case page: recording a document an office issued,
//! the union's referral to the procuratorate, and the printable drafts of each kind of document.
//! The actions are CSRF-protected POSTs that redirect back to the case (`?done=document`).

use super::case::after;
use super::{Console, failure, field, form_post, signed_in};
use crate::http::auth::client_ip;
use crate::http::pages::Page;
use crate::service::auth::Caller;
use crate::service::cases::Access;
use crate::service::document_draft::{self, Draft};
use crate::service::documents::{self, DocumentKind, DocumentRequest};
use crate::service::{AppState, ServiceError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

/// What the documents section offers the signed-in officer on this case.
#[derive(Clone, Debug, Default)]
pub struct DocumentsPanel {
    /// The kinds the officer may record here: (code, name).
    pub record: Vec<(String, String)>,
    /// The kinds the officer's office drafts: (code, name).
    pub drafts: Vec<(String, String)>,
    /// A union officer on a case the union handles may refer it to the procuratorate.
    pub may_refer: bool,
}

/// The panel for the caller; empty for offices that issue no documents, and for administrators.
pub async fn panel(
    state: &AppState,
    caller: &Caller,
    access: Access,
    page: &Page,
) -> Result<DocumentsPanel, ServiceError> {
    let Some(id) = caller.office_id else { return Ok(DocumentsPanel::default()) };
    let office = crate::store::directory::offices_by_ids(&state.db, &[id]).await?.into_iter().next();
    let Some(office) = office else { return Ok(DocumentsPanel::default()) };
    let named = |k: DocumentKind| (k.as_str().to_owned(), page.t(&format!("doc-kind-{}", k.as_str())));
    let kinds = DocumentKind::issued_by(&office.kind);
    Ok(DocumentsPanel {
        record: kinds.iter().copied().filter(|k| documents::may_record(&office.kind, access, *k)).map(named).collect(),
        drafts: kinds.into_iter().map(named).collect(),
        may_refer: office.kind == "trade_union" && access == Access::Act,
    })
}

pub async fn record(
    req: HttpRequest,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    let (console, fields) = match form_post(&state, &req, &body).await {
        Ok(ok) => ok,
        Err(answer) => return *answer,
    };
    let request = DocumentRequest {
        kind: field(&fields, "kind").to_owned(),
        issued_on: field(&fields, "issued_on").to_owned(),
        addressee: field(&fields, "addressee").to_owned(),
        summary: field(&fields, "summary").to_owned(),
    };
    let ip = client_ip(&req);
    let result = documents::record(&state, &console.caller, &reference, request, ip.as_deref()).await;
    after(&state, &req, console, &reference, "document", result).await
}

pub async fn refer(
    req: HttpRequest,
    state: web::Data<AppState>,
    reference: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    let (console, _) = match form_post(&state, &req, &body).await {
        Ok(ok) => ok,
        Err(answer) => return *answer,
    };
    let ip = client_ip(&req);
    let result = documents::refer(&state, &console.caller, &reference, ip.as_deref()).await;
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
    match document_draft::draft(&state, &console.caller, &reference, &kind).await {
        Ok(d) => {
            let body = DraftPage { page: &console.page, c: &console, d }.render();
            console.page.respond(StatusCode::OK, body)
        }
        Err(err) => failure(&req, &err),
    }
}
