//! What the public API answers: only what a worker may see.

use crate::domain::deadline::Basis;
use crate::domain::office::OfficeKind;
use crate::domain::region::RegionLevel;
use crate::domain::routing::Role;
use crate::domain::status::Status;
use crate::service::time_format;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An office that receives (or would receive) a complaint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RecipientView {
    pub id: i64,
    #[schema(example = "安徽省人力资源和社会保障厅劳动保障监察局")]
    pub name: String,
    pub kind: OfficeKind,
    pub role: Role,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RoutingPreview {
    pub recipients: Vec<RecipientView>,
    /// Where an office was taken from a level above the one its rule prefers (the county's was
    /// disabled or missing), one sentence each in the request's language.
    pub notes: Vec<String>,
}

/// The answer to a filed complaint. The receipt code is shown here once and never again.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ComplaintCreated {
    #[schema(example = "7KQ4-M2XH")]
    pub reference: String,
    /// 16 digits: the worker's key to the complaint. Stored only as a keyed hash.
    #[schema(example = "4821093375601194")]
    pub receipt_code: String,
    pub status: Status,
    pub recipients: Vec<RecipientView>,
    #[serde(serialize_with = "time_format::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: DateTime<Utc>,
    /// The date by which the handling office should accept or refuse the complaint (or, for a
    /// procuratorate, reply on how it is handled).
    pub acknowledge_by: NaiveDate,
    /// The date by which the handling office should give a result (or, for a procuratorate, a
    /// reply on progress or result). Absent only in answers replayed from before result dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_by: Option<NaiveDate>,
    /// Whether `acknowledge_by` is a limit the law sets (`legal`) or the office's own service
    /// commitment (`commitment`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledge_basis: Option<Basis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_basis: Option<Basis>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct TimelineItem {
    #[serde(serialize_with = "time_format::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub at: DateTime<Utc>,
    /// `submitted`, `status_changed`, `message`, `note`, `transferred` …
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A complaint as its worker sees it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ComplaintView {
    pub reference: String,
    pub status: Status,
    pub category: String,
    pub region_code: String,
    #[serde(serialize_with = "time_format::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "time_format::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: DateTime<Utc>,
    /// By when the handling office should accept or refuse the complaint, and whether the law
    /// sets that date (`legal`) or the office promised it (`commitment`).
    pub acknowledge_by: NaiveDate,
    pub acknowledge_basis: Basis,
    /// By when the handling office should give a result, and on what basis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_by: Option<NaiveDate>,
    pub result_basis: Basis,
    /// The result date was extended once, for this reason (labour inspection: 劳动保障监察条例
    /// 第十七条).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_extension_reason: Option<String>,
    pub recipients: Vec<RecipientView>,
    pub timeline: Vec<TimelineItem>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CategoryView {
    #[schema(example = "wage_arrears")]
    pub code: String,
    pub name: String,
    pub description: String,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RegionView {
    #[schema(example = "341102")]
    pub code: String,
    #[schema(example = "琅琊区")]
    pub name: String,
    pub level: RegionLevel,
    pub parent: Option<String>,
}
