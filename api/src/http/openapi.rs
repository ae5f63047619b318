//! The OpenAPI 3.1 document, generated from the handlers and types themselves.

use super::problem::{FieldProblem, Problem};
use super::routes;
use crate::domain::region::RegionLevel;
use crate::domain::routing::Role;
use crate::domain::status::Status;
use crate::service::complaint::input::{ComplaintRequest, ConsentInput, ContactInput, RoutingPreviewRequest};
use crate::service::complaint::views::{
    CategoryView, ComplaintCreated, ComplaintView, RecipientView, RegionView, RoutingPreview, TimelineItem,
};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Worker complaint intake",
        version = "1",
        description = "File labour-rights complaints of gig and delivery workers, route them to the office that must handle them, and track them with a receipt code. Errors are RFC 9457 problem details; messages follow Accept-Language (zh-CN by default, or en).",
        license(name = "AGPL-3.0-or-later"),
    ),
    paths(
        routes::health::healthz,
        routes::health::readyz,
        routes::catalog::categories,
        routes::catalog::regions,
        routes::catalog::region,
        routes::routing::preview,
        routes::complaints::file,
        routes::complaints::get,
        routes::complaints::add_message,
        routes::complaints::add_attachment,
        routes::auth::login,
        routes::auth::refresh,
        routes::auth::logout,
        routes::auth::me,
        routes::cases::list,
        routes::cases::detail,
        routes::cases::transition,
        routes::cases::note,
        routes::cases::transfer,
        routes::cases::extension,
        routes::cases::assign,
        routes::cases::attachment,
        routes::cases::mine,
        routes::cases::csv,
        routes::documents::list,
        routes::documents::record,
        routes::documents::refer,
        routes::stats::show,
        routes::leads::list,
        routes::leads::detail,
        routes::leads::decide,
    ),
    modifiers(&BearerAuth),
    components(schemas(
        Problem, FieldProblem, ComplaintRequest, ContactInput, ConsentInput, RoutingPreviewRequest, ComplaintCreated,
        ComplaintView, TimelineItem, RecipientView, RoutingPreview, CategoryView, RegionView, RegionLevel, Role, Status,
        crate::service::complaint::input::OnBehalfInput, crate::service::staff::auth::Session, crate::domain::role::StaffRole,
        routes::auth::LoginRequest, routes::auth::Me, crate::service::case::list::CaseList, crate::service::case::list::CaseSummary,
        crate::service::case::detail::CaseDetail, crate::service::case::detail::ContactView, crate::service::case::detail::StaffTimelineItem,
        crate::service::case::access::Access, crate::service::case::commands::TransitionRequest, crate::service::case::commands::NoteRequest,
        crate::service::case::commands::NoteCreated, crate::service::case::commands::TransferRequest, crate::service::case::commands::AssignRequest, crate::service::case::commands::ExtensionRequest,
        crate::service::case::list::MyComplaint, crate::service::complaint::evidence::AttachmentCreated,
        crate::service::complaint::evidence::AttachmentView, routes::complaints::EvidenceForm, routes::complaints::EvidenceUploaded,
        crate::service::stats::Stats, crate::service::stats::WeekCount,
        crate::service::document::DocumentView, crate::service::document::DocumentRequest,
        crate::service::document::ReferralView,
        crate::service::lead::LeadList, crate::service::lead::LeadSummary, crate::service::lead::LeadDetail,
        crate::service::lead::LeadDecision, crate::domain::office::OfficeKind, crate::domain::deadline::Basis,
        crate::domain::employment_mode::EmploymentMode,
    )),
    tags(
        (name = "complaints", description = "Filing and tracking complaints"),
        (name = "catalog", description = "Categories and regions for pickers"),
        (name = "health", description = "For load balancers and operators"),
        (name = "staff", description = "Staff sign-in: a bearer token from POST /api/v1/auth/login"),
        (name = "cases", description = "Case work of intake officers, and volunteers' own filings"),
        (name = "leads", description = "Public-interest leads: complaints in one city that share a cause"),
    )
)]
pub struct ApiDoc;

/// The bearer token scheme of the staff API.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let scheme =
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build());
        openapi.components.get_or_insert_with(Default::default).add_security_scheme("bearer", scheme);
    }
}

/// The problems the shared extractors answer before a handler runs, added to every operation
/// they can happen to: listing them by hand on each handler is how some went missing.
struct ExtractorProblems;

/// Staff endpoints that every signed-in role may use: no 403 there.
const ANY_ROLE: [&str; 3] = ["/api/v1/me", "/api/v1/auth/refresh", "/api/v1/auth/logout"];

impl ExtractorProblems {
    fn add(op: &mut utoipa::openapi::path::Operation, status: &str, description: &str) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let problem = ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
            )
            .build();
        op.responses.responses.entry(status.to_owned()).or_insert_with(|| problem.into());
    }

    fn operation(path: &str, op: &mut utoipa::openapi::path::Operation) {
        use utoipa::openapi::path::ParameterIn;
        let security = op.security.as_ref().map(|reqs| {
            reqs.iter().map(|r| serde_json::to_value(r).is_ok_and(|v| v.as_object().is_some_and(|o| o.is_empty())))
        });
        let (bearer, required) = match security {
            Some(mut anonymous) => (true, !anonymous.any(|a| a)),
            None => (false, false),
        };
        if bearer {
            Self::add(
                op,
                "401",
                "`unauthorized`: no valid bearer token (a bad one is refused where none is needed too)",
            );
        }
        if required && !ANY_ROLE.contains(&path) {
            Self::add(op, "403", "`forbidden`: the caller's role or office may not do this");
        }
        let params = op.parameters.as_deref().unwrap_or_default();
        let in_query = params.iter().any(|p| matches!(p.parameter_in, ParameterIn::Query));
        let in_path = params.iter().any(|p| matches!(p.parameter_in, ParameterIn::Path));
        if in_query {
            Self::add(op, "400", "`bad_request`: a query parameter of the wrong type");
        }
        if in_path {
            Self::add(op, "404", "no such resource, or a path parameter of the wrong type");
        }
        let json_body = op.request_body.as_ref().is_some_and(|b| b.content.contains_key("application/json"));
        if json_body {
            Self::add(op, "400", "`malformed_json`: the body is not one JSON object");
            Self::add(op, "413", "`payload_too_large`: the body is over 64 KiB");
            Self::add(op, "415", "`unsupported_media_type`: the body is not sent as application/json");
            Self::add(op, "422", "`validation`: a field to fix, named in `errors`");
        }
    }
}

impl utoipa::Modify for ExtractorProblems {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            for op in
                [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
            {
                Self::operation(path, op);
            }
        }
    }
}

/// The whole document: the public and staff API, and administration.
pub fn document() -> utoipa::openapi::OpenApi {
    use utoipa::Modify;
    let mut doc = ApiDoc::openapi();
    doc.merge(routes::admin::AdminDoc::openapi());
    ExtractorProblems.modify(&mut doc);
    doc
}
