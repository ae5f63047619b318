//! Administration (`/api/v1/admin/…`): offices, routing rules, staff accounts, the directory as
//! CSV, failed notifications, the audit log. Administrators only.

use utoipa::OpenApi;

/// The administration endpoints' part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi()]
pub struct AdminDoc;

pub fn configure(_cfg: &mut actix_web::web::ServiceConfig) {}
