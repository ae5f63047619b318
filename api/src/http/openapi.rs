//! The OpenAPI 3.1 document, generated from the handlers and types themselves.

use super::problem::{FieldProblem, Problem};
use super::routes;
use crate::domain::region::RegionLevel;
use crate::domain::routing::Role;
use crate::domain::status::Status;
use crate::service::complaint_input::{ComplaintRequest, ConsentInput, ContactInput, RoutingPreviewRequest};
use crate::service::views::{
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
    ),
    components(schemas(
        Problem, FieldProblem, ComplaintRequest, ContactInput, ConsentInput, RoutingPreviewRequest, ComplaintCreated,
        ComplaintView, TimelineItem, RecipientView, RoutingPreview, CategoryView, RegionView, RegionLevel, Role, Status,
    )),
    tags(
        (name = "complaints", description = "Filing and tracking complaints"),
        (name = "catalog", description = "Categories and regions for pickers"),
        (name = "health", description = "For load balancers and operators"),
    )
)]
pub struct ApiDoc;
