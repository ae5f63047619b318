//! The API description: the OpenAPI document, and a page for people built from it (no scripts and
//! nothing from other hosts, like every page of the service).

use crate::http::openapi::document;
use actix_web::HttpResponse;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use utoipa::openapi::path::Operation;

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "health", responses((status = 200, description = "OpenAPI 3.1")))]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().insert_header((CACHE_CONTROL, "public, max-age=300")).json(document())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn location(place: &utoipa::openapi::path::ParameterIn) -> &'static str {
    use utoipa::openapi::path::ParameterIn;
    match place {
        ParameterIn::Path => "path",
        ParameterIn::Query => "query",
        ParameterIn::Header => "header",
        ParameterIn::Cookie => "cookie",
    }
}

fn operation_html(method: &str, path: &str, op: &Operation) -> String {
    let mut html = format!("<section><h3><code>{} {}</code></h3>", method.to_uppercase(), escape(path));
    if let Some(summary) = &op.summary {
        html.push_str(&format!("<p><strong>{}</strong></p>", escape(summary)));
    }
    if let Some(description) = &op.description {
        html.push_str(&format!("<p>{}</p>", escape(description)));
    }
    if let Some(params) = op.parameters.as_ref().filter(|p| !p.is_empty()) {
        html.push_str("<p>Parameters:</p><ul>");
        for p in params {
            let description = p.description.as_deref().map(escape).unwrap_or_default();
            html.push_str(&format!(
                "<li><code>{}</code> ({:?}) {}</li>",
                escape(&p.name),
                location(&p.parameter_in),
                description
            ));
        }
        html.push_str("</ul>");
    }
    html.push_str("<p>Responses:</p><ul>");
    for (status, response) in &op.responses.responses {
        let description = match response {
            utoipa::openapi::RefOr::T(r) => escape(&r.description),
            utoipa::openapi::RefOr::Ref(r) => escape(&r.ref_location),
        };
        html.push_str(&format!("<li><code>{}</code> {}</li>", escape(status), description));
    }
    html.push_str("</ul></section>");
    html
}

/// Human-readable API documentation.
pub async fn page() -> HttpResponse {
    let doc = document();
    let mut body = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Worker complaint intake API</title></head><body><main>",
    );
    body.push_str(&format!("<h1>{} — API v{}</h1>", escape(&doc.info.title), escape(&doc.info.version)));
    if let Some(description) = &doc.info.description {
        body.push_str(&format!("<p>{}</p>", escape(description)));
    }
    body.push_str("<p>Machine-readable: <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a> (OpenAPI 3.1).</p><h2>Endpoints</h2>");
    for (path, item) in &doc.paths.paths {
        for (method, op) in [
            ("get", &item.get),
            ("post", &item.post),
            ("put", &item.put),
            ("patch", &item.patch),
            ("delete", &item.delete),
        ] {
            if let Some(op) = op {
                body.push_str(&operation_html(method, path, op));
            }
        }
    }
    body.push_str("</main></body></html>");
    HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((
            CONTENT_SECURITY_POLICY,
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        ))
        .body(body)
}
