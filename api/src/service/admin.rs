//! Administration: the office directory (also as CSV, for the API and the command line), routing
//! rules, staff accounts, failed notifications and the audit log. Administrators only; every
//! change is written to the audit log.

use super::auth::Caller;
use super::staff::{CreatedStaff, NewStaffInput};
use super::{AppState, ServiceError};
use crate::domain::field_error::FieldError;
use crate::domain::language::Language;
use crate::domain::region::RegionCode;
use crate::domain::role::StaffRole;
use crate::domain::routing::Role;
use crate::domain::tags::Tag;
use crate::store;
use crate::store::admin::{OfficeFields, RuleFields};
use crate::store::audit::{AuditFilter, Entry};
use crate::store::entity::{audit_entry, office, outbox_message, routing_rule, staff};
use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::HashSet;
use utoipa::{IntoParams, ToSchema};

/// The kinds of office.
pub const OFFICE_KINDS: [&str; 6] = [
    "procuratorate",
    "trade_union",
    "labour_inspection",
    "womens_federation",
    "disabled_persons_federation",
    "intake_desk",
];

/// The largest `min_affected_workers` a rule may ask for: above it no complaint could match.
pub const MAX_AFFECTED_WORKERS: i32 = 100_000;

fn time(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// For PATCH bodies: an absent field stays as it is, `null` clears it.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Only administrators administer.
pub fn require_admin(caller: &Caller) -> Result<(), ServiceError> {
    if caller.role == StaffRole::Admin { Ok(()) } else { Err(ServiceError::Forbidden) }
}

async fn audit(
    state: &AppState,
    db: &impl sea_orm::ConnectionTrait,
    actor: Option<&Caller>,
    action: &'static str,
    target: String,
    details: Option<String>,
) -> Result<(), ServiceError> {
    let entry = Entry {
        actor_staff_id: actor.map(|c| c.staff_id),
        actor_role: actor.map_or_else(|| "command_line".to_owned(), |c| c.role.as_str().to_owned()),
        action,
        target: Some(target),
        details,
        ..Entry::default()
    };
    store::audit::append(db, entry, state.clock.now()).await?;
    Ok(())
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

// ---------------------------------------------------------------------------------------------
// Offices

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OfficeView {
    pub id: i64,
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: String,
    pub region_code: Option<String>,
    /// One address, or several separated by commas.
    pub email: String,
    pub language: String,
    pub active: bool,
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<office::Model> for OfficeView {
    fn from(o: office::Model) -> Self {
        Self {
            id: o.id,
            created_at: time(&o.created_at),
            code: o.code,
            name_zh: o.name_zh,
            name_en: o.name_en,
            kind: o.kind,
            region_code: o.region_code,
            email: o.email,
            language: o.language,
            active: o.active,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct NewOfficeInput {
    /// Unique, e.g. `34-labour-inspection`.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// `procuratorate`, `trade_union`, `labour_inspection`, `womens_federation`,
    /// `disabled_persons_federation` or `intake_desk`.
    pub kind: String,
    pub region_code: Option<String>,
    /// One address, or several separated by commas.
    pub email: String,
    /// `zh-CN` (default) or `en`: the language of the office's emails.
    pub language: Option<String>,
    /// Default true.
    pub active: Option<bool>,
}

/// Only the fields given change; `region_code: null` clears the region.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct OfficePatch {
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub region_code: Option<Option<String>>,
    pub email: Option<String>,
    pub language: Option<String>,
    /// false disables the office: its rules stop taking part in routing.
    pub active: Option<bool>,
}

/// Checks an office's fields and puts them in their stored form.
fn check_office(state: &AppState, mut f: OfficeFields, errors: &mut Vec<FieldError>) -> OfficeFields {
    f.name_zh = f.name_zh.trim().to_owned();
    f.name_en = f.name_en.trim().to_owned();
    f.kind = f.kind.trim().to_owned();
    for (field, value) in [("name_zh", &f.name_zh), ("name_en", &f.name_en)] {
        if value.is_empty() {
            errors.push(FieldError::new(field, "required"));
        } else if value.chars().count() > 200 {
            errors.push(FieldError::new(field, "too_long").with("max", 200));
        }
    }
    if !OFFICE_KINDS.contains(&f.kind.as_str()) {
        errors.push(FieldError::new("kind", "kind_invalid"));
    }
    f.region_code = non_empty(f.region_code.take());
    if let Some(code) = &f.region_code {
        match RegionCode::parse(code) {
            Ok(region) if state.directory.region(&region).is_some() => f.region_code = Some(region.as_str().to_owned()),
            _ => errors.push(FieldError::new("region_code", "region_unknown")),
        }
    }
    let addresses: Vec<String> =
        f.email.split([',', ';']).map(|a| a.trim().to_lowercase()).filter(|a| !a.is_empty()).collect();
    if addresses.is_empty() {
        errors.push(FieldError::new("email", "required"));
    } else if !addresses.iter().all(validator::ValidateEmail::validate_email) {
        errors.push(FieldError::new("email", "email_invalid"));
    }
    f.email = addresses.join(",");
    match Language::parse(&f.language) {
        Ok(lang) => f.language = lang.tag().to_owned(),
        Err(_) => errors.push(FieldError::new("language", "language_unsupported")),
    }
    f
}

fn check_code(code: &str, errors: &mut Vec<FieldError>) -> String {
    let code = code.trim().to_owned();
    if code.is_empty() {
        errors.push(FieldError::new("code", "required"));
    } else if code.len() > 64 || !code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        errors.push(FieldError::new("code", "office_code_invalid"));
    }
    code
}

pub async fn list_offices(state: &AppState, caller: &Caller) -> Result<Vec<OfficeView>, ServiceError> {
    require_admin(caller)?;
    Ok(store::admin::offices(&state.db).await?.into_iter().map(OfficeView::from).collect())
}

pub async fn create_office(
    state: &AppState,
    caller: &Caller,
    input: NewOfficeInput,
) -> Result<OfficeView, ServiceError> {
    require_admin(caller)?;
    let mut errors = Vec::new();
    let code = check_code(&input.code, &mut errors);
    if !code.is_empty() && store::admin::office_by_code(&state.db, &code).await?.is_some() {
        errors.push(FieldError::new("code", "code_taken"));
    }
    let fields = check_office(
        state,
        OfficeFields {
            name_zh: input.name_zh,
            name_en: input.name_en,
            kind: input.kind,
            region_code: input.region_code,
            email: input.email,
            language: input.language.unwrap_or_else(|| "zh-CN".into()),
            active: input.active.unwrap_or(true),
        },
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(ServiceError::Validation(errors));
    }
    let txn = store::begin_write(&state.db).await?;
    let id = match store::admin::insert_office(&txn, &code, fields, state.clock.now()).await {
        Ok(id) => id,
        Err(e) if store::is_unique_violation(&e) => {
            return Err(ServiceError::Validation(vec![FieldError::new("code", "code_taken")]));
        }
        Err(e) => return Err(e.into()),
    };
    audit(state, &txn, Some(caller), "office_created", format!("office #{id} {code}"), None).await?;
    txn.commit().await?;
    store::admin::office(&state.db, id).await?.map(OfficeView::from).ok_or(ServiceError::NotFound("office_not_found"))
}

pub async fn update_office(
    state: &AppState,
    caller: &Caller,
    id: i64,
    patch: OfficePatch,
) -> Result<OfficeView, ServiceError> {
    require_admin(caller)?;
    let current = store::admin::office(&state.db, id).await?.ok_or(ServiceError::NotFound("office_not_found"))?;
    let mut errors = Vec::new();
    let fields = check_office(
        state,
        OfficeFields {
            name_zh: patch.name_zh.unwrap_or_else(|| current.name_zh.clone()),
            name_en: patch.name_en.unwrap_or_else(|| current.name_en.clone()),
            kind: patch.kind.unwrap_or_else(|| current.kind.clone()),
            region_code: patch.region_code.unwrap_or_else(|| current.region_code.clone()),
            email: patch.email.unwrap_or_else(|| current.email.clone()),
            language: patch.language.unwrap_or_else(|| current.language.clone()),
            active: patch.active.unwrap_or(current.active),
        },
        &mut errors,
    );
    if id == state.default_office_id && !fields.active {
        errors.push(FieldError::new("active", "default_office_required"));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Validation(errors));
    }
    let action = match (current.active, fields.active) {
        (true, false) => "office_disabled",
        (false, true) => "office_enabled",
        _ => "office_updated",
    };
    let txn = store::begin_write(&state.db).await?;
    store::admin::update_office(&txn, id, fields).await?;
    audit(state, &txn, Some(caller), action, format!("office #{id} {}", current.code), None).await?;
    txn.commit().await?;
    store::admin::office(&state.db, id).await?.map(OfficeView::from).ok_or(ServiceError::NotFound("office_not_found"))
}

// ---------------------------------------------------------------------------------------------
// The directory as CSV

/// The columns of the directory CSV, in order.
pub const CSV_COLUMNS: [&str; 8] = ["code", "name_zh", "name_en", "kind", "region_code", "email", "language", "active"];

/// Keeps a spreadsheet from running a cell as a formula; `parse_directory_csv` takes the mark off.
fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@']) { format!("'{cell}") } else { cell.to_owned() }
}

fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

/// The offices as CSV: UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese.
pub fn render_directory_csv(offices: &[office::Model]) -> Result<Vec<u8>, ServiceError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut out);
        let internal = |e: csv::Error| ServiceError::Internal(e.to_string());
        writer.write_record(CSV_COLUMNS).map_err(internal)?;
        for o in offices {
            let active = if o.active { "true" } else { "false" };
            writer
                .write_record([
                    neutralise(&o.code),
                    neutralise(&o.name_zh),
                    neutralise(&o.name_en),
                    o.kind.clone(),
                    o.region_code.clone().unwrap_or_default(),
                    neutralise(&o.email),
                    o.language.clone(),
                    active.to_owned(),
                ])
                .map_err(internal)?;
        }
        writer.flush().map_err(|e| ServiceError::Internal(e.to_string()))?;
    }
    Ok(out)
}

/// One row of the directory CSV, with the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeRow {
    pub row: u64,
    pub code: String,
    pub fields: OfficeFields,
}

fn csv_error(row: u64, reason: impl Into<String>) -> ServiceError {
    ServiceError::Validation(vec![FieldError::new("csv", "csv_invalid").with("row", row).with("reason", reason.into())])
}

fn parse_bool(cell: &str) -> Option<bool> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "y" | "是" => Some(true),
        "false" | "0" | "no" | "n" | "否" => Some(false),
        _ => None,
    }
}

/// The line a record starts on, counted from its byte offset: the csv crate's own line count
/// drifts with CRLF line ends (it reports a record after CRLF as starting on the LF, which is why
/// the byte at the offset counts too).
fn line_of(bytes: &[u8], position: &csv::Position) -> u64 {
    let end = usize::try_from(position.byte()).unwrap_or(usize::MAX).saturating_add(1).min(bytes.len());
    let newlines = bytes.get(..end).map_or(0, |b| b.iter().filter(|c| **c == b'\n').count());
    u64::try_from(newlines).unwrap_or(u64::MAX).saturating_add(1)
}

/// Reads the directory CSV (header row required, columns as `CSV_COLUMNS`); the first bad row
/// refuses the whole file, naming the row (the header is row 1).
pub fn parse_directory_csv(bytes: &[u8]) -> Result<Vec<OfficeRow>, ServiceError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(bytes);
    let header = reader.headers().map_err(|e| csv_error(1, e.to_string()))?.clone();
    let names: Vec<&str> = header.iter().map(str::trim).collect();
    if names != CSV_COLUMNS {
        return Err(csv_error(1, format!("the header must be {}", CSV_COLUMNS.join(","))));
    }
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    for (index, record) in reader.records().enumerate() {
        let fallback = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(2);
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map_or(fallback, |p| line_of(bytes, p));
                let reason = match e.kind() {
                    csv::ErrorKind::UnequalLengths { len, .. } => {
                        format!("{len} columns instead of {}", CSV_COLUMNS.len())
                    }
                    csv::ErrorKind::Utf8 { .. } => "the file is not UTF-8".to_owned(),
                    _ => e.to_string(),
                };
                return Err(csv_error(row, reason));
            }
        };
        let row = record.position().map_or(fallback, |p| line_of(bytes, p));
        let cell = |i: usize| restore(record.get(i).unwrap_or("")).to_owned();
        let code = cell(0).trim().to_owned();
        if !seen.insert(code.clone()) {
            return Err(csv_error(row, format!("the code {code} appears twice")));
        }
        let active = parse_bool(&cell(7)).ok_or_else(|| csv_error(row, "active must be true or false"))?;
        rows.push(OfficeRow {
            row,
            code,
            fields: OfficeFields {
                name_zh: cell(1),
                name_en: cell(2),
                kind: cell(3),
                region_code: Some(cell(4)),
                email: cell(5),
                language: if cell(6).trim().is_empty() { "zh-CN".to_owned() } else { cell(6) },
                active,
            },
        });
    }
    Ok(rows)
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct ImportSummary {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// The directory as CSV. `actor` is the administrator, or `None` on the command line.
pub async fn export_directory(state: &AppState, actor: Option<&Caller>) -> Result<Vec<u8>, ServiceError> {
    if let Some(caller) = actor {
        require_admin(caller)?;
    }
    let offices = store::admin::offices(&state.db).await?;
    let csv = render_directory_csv(&offices)?;
    audit(state, &state.db, actor, "directory_exported", format!("{} offices", offices.len()), None).await?;
    Ok(csv)
}

/// Creates or updates offices by code from the CSV, all in one transaction: a bad row changes
/// nothing. `actor` is the administrator, or `None` on the command line.
pub async fn import_directory(
    state: &AppState,
    actor: Option<&Caller>,
    bytes: &[u8],
) -> Result<ImportSummary, ServiceError> {
    if let Some(caller) = actor {
        require_admin(caller)?;
    }
    let rows = parse_directory_csv(bytes)?;
    let mut checked = Vec::with_capacity(rows.len());
    for row in rows {
        let mut errors = Vec::new();
        let _ = check_code(&row.code, &mut errors);
        let fields = check_office(state, row.fields, &mut errors);
        if let Some(first) = errors.first() {
            return Err(csv_error(row.row, format!("{}: {}", first.field, first.code)));
        }
        checked.push((row.row, row.code, fields));
    }
    let now = state.clock.now();
    let txn = store::begin_write(&state.db).await?;
    let mut summary = ImportSummary::default();
    let mut changed = Vec::new();
    for (row, code, fields) in checked {
        match store::admin::office_by_code(&txn, &code).await? {
            Some(existing) => {
                let same = OfficeFields {
                    name_zh: existing.name_zh.clone(),
                    name_en: existing.name_en.clone(),
                    kind: existing.kind.clone(),
                    region_code: existing.region_code.clone(),
                    email: existing.email.clone(),
                    language: existing.language.clone(),
                    active: existing.active,
                } == fields;
                if same {
                    summary.unchanged += 1;
                    continue;
                }
                if existing.id == state.default_office_id && !fields.active {
                    return Err(csv_error(row, "active: the default office cannot be disabled"));
                }
                store::admin::update_office(&txn, existing.id, fields).await?;
                summary.updated += 1;
                changed.push(code);
            }
            None => {
                store::admin::insert_office(&txn, &code, fields, now).await?;
                summary.created += 1;
                changed.push(code);
            }
        }
    }
    let details = format!(
        "created {}, updated {}, unchanged {}: {}",
        summary.created,
        summary.updated,
        summary.unchanged,
        changed.join(", ")
    );
    audit(state, &txn, actor, "directory_imported", "offices".to_owned(), Some(details)).await?;
    txn.commit().await?;
    Ok(summary)
}

// ---------------------------------------------------------------------------------------------
// Routing rules

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RuleView {
    pub id: i64,
    pub category: Option<String>,
    pub region_prefix: Option<String>,
    pub platform: Option<String>,
    pub min_affected_workers: Option<i32>,
    pub required_tag: Option<String>,
    pub office_id: i64,
    pub role: Role,
    pub priority: i32,
    pub active: bool,
    pub note: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<routing_rule::Model> for RuleView {
    fn from(r: routing_rule::Model) -> Self {
        Self {
            id: r.id,
            created_at: time(&r.created_at),
            role: Role::parse(&r.role).unwrap_or(Role::Copy),
            category: r.category,
            region_prefix: r.region_prefix,
            platform: r.platform,
            min_affected_workers: r.min_affected_workers,
            required_tag: r.required_tag,
            office_id: r.office_id,
            priority: r.priority,
            active: r.active,
            note: r.note,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct NewRuleInput {
    /// A category code; absent matches every category.
    pub category: Option<String>,
    /// 2, 4 or 6 digits of an existing region; absent matches everywhere.
    pub region_prefix: Option<String>,
    pub platform: Option<String>,
    /// From 1 to 100000.
    pub min_affected_workers: Option<i32>,
    /// women, disability, minor, migrant or injury.
    pub required_tag: Option<String>,
    /// An active office.
    pub office_id: i64,
    /// `primary` or `copy`.
    pub role: String,
    /// Default 0; breaks ties between equally specific primary rules.
    pub priority: Option<i32>,
    /// Default true.
    pub active: Option<bool>,
    pub note: Option<String>,
}

/// Only the fields given change; `null` clears a criterion.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct RulePatch {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub category: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub region_prefix: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub platform: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i32>)]
    pub min_affected_workers: Option<Option<i32>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub required_tag: Option<Option<String>>,
    pub office_id: Option<i64>,
    pub role: Option<String>,
    pub priority: Option<i32>,
    pub active: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub note: Option<Option<String>>,
}

/// Checks a rule: the office exists and is active, the prefix exists, and the rule could match
/// some complaint.
async fn check_rule(state: &AppState, mut r: RuleFields) -> Result<RuleFields, ServiceError> {
    let mut errors = Vec::new();
    r.category = non_empty(r.category.take());
    if let Some(category) = &r.category
        && state.directory.category(category).is_none()
    {
        errors.push(FieldError::new("category", "rule_never_matches"));
    }
    r.region_prefix = non_empty(r.region_prefix.take());
    if let Some(prefix) = &r.region_prefix {
        match RegionCode::parse(prefix) {
            Ok(region) if state.directory.region(&region).is_some() => {
                r.region_prefix = Some(region.as_str().to_owned());
            }
            _ => errors.push(FieldError::new("region_prefix", "prefix_unknown")),
        }
    }
    r.platform = non_empty(r.platform.take());
    if r.platform.as_deref().is_some_and(|p| p.chars().count() > 100) {
        errors.push(FieldError::new("platform", "too_long").with("max", 100));
    }
    if let Some(min) = r.min_affected_workers
        && !(1..=MAX_AFFECTED_WORKERS).contains(&min)
    {
        errors.push(FieldError::new("min_affected_workers", "rule_never_matches"));
    }
    r.required_tag = non_empty(r.required_tag.take());
    if let Some(tag) = &r.required_tag {
        match Tag::parse(tag) {
            Some(t) => r.required_tag = Some(t.as_str().to_owned()),
            None => errors.push(FieldError::new("required_tag", "rule_never_matches")),
        }
    }
    match Role::parse(r.role.trim()) {
        Some(role) => r.role = role.as_str().to_owned(),
        None => errors.push(FieldError::new("role", "rule_role_invalid")),
    }
    if !store::directory::offices_by_ids(&state.db, &[r.office_id]).await?.iter().any(|o| o.active) {
        errors.push(FieldError::new("office_id", "office_unknown"));
    }
    r.note = non_empty(r.note.take());
    if r.note.as_deref().is_some_and(|n| n.chars().count() > 500) {
        errors.push(FieldError::new("note", "too_long").with("max", 500));
    }
    if errors.is_empty() { Ok(r) } else { Err(ServiceError::Validation(errors)) }
}

fn rule_details(r: &RuleFields) -> String {
    format!(
        "category={} region={} platform={} min_affected={} tag={} office={} role={} priority={} active={}",
        r.category.as_deref().unwrap_or("-"),
        r.region_prefix.as_deref().unwrap_or("-"),
        r.platform.as_deref().unwrap_or("-"),
        r.min_affected_workers.map_or_else(|| "-".to_owned(), |m| m.to_string()),
        r.required_tag.as_deref().unwrap_or("-"),
        r.office_id,
        r.role,
        r.priority,
        r.active
    )
}

pub async fn list_rules(state: &AppState, caller: &Caller) -> Result<Vec<RuleView>, ServiceError> {
    require_admin(caller)?;
    Ok(store::admin::rules(&state.db).await?.into_iter().map(RuleView::from).collect())
}

pub async fn create_rule(state: &AppState, caller: &Caller, input: NewRuleInput) -> Result<RuleView, ServiceError> {
    require_admin(caller)?;
    let fields = check_rule(
        state,
        RuleFields {
            category: input.category,
            region_prefix: input.region_prefix,
            platform: input.platform,
            min_affected_workers: input.min_affected_workers,
            required_tag: input.required_tag,
            office_id: input.office_id,
            role: input.role,
            priority: input.priority.unwrap_or(0),
            active: input.active.unwrap_or(true),
            note: input.note,
        },
    )
    .await?;
    let details = rule_details(&fields);
    let txn = store::begin_write(&state.db).await?;
    let id = store::admin::insert_rule(&txn, fields, state.clock.now()).await?;
    audit(state, &txn, Some(caller), "routing_rule_created", format!("rule #{id}"), Some(details)).await?;
    txn.commit().await?;
    store::admin::rule(&state.db, id).await?.map(RuleView::from).ok_or(ServiceError::NotFound("rule_not_found"))
}

pub async fn update_rule(
    state: &AppState,
    caller: &Caller,
    id: i64,
    patch: RulePatch,
) -> Result<RuleView, ServiceError> {
    require_admin(caller)?;
    let current = store::admin::rule(&state.db, id).await?.ok_or(ServiceError::NotFound("rule_not_found"))?;
    let fields = check_rule(
        state,
        RuleFields {
            category: patch.category.unwrap_or(current.category),
            region_prefix: patch.region_prefix.unwrap_or(current.region_prefix),
            platform: patch.platform.unwrap_or(current.platform),
            min_affected_workers: patch.min_affected_workers.unwrap_or(current.min_affected_workers),
            required_tag: patch.required_tag.unwrap_or(current.required_tag),
            office_id: patch.office_id.unwrap_or(current.office_id),
            role: patch.role.unwrap_or(current.role),
            priority: patch.priority.unwrap_or(current.priority),
            active: patch.active.unwrap_or(current.active),
            note: patch.note.unwrap_or(current.note),
        },
    )
    .await?;
    let action = match (current.active, fields.active) {
        (true, false) => "routing_rule_disabled",
        (false, true) => "routing_rule_enabled",
        _ => "routing_rule_updated",
    };
    let details = rule_details(&fields);
    let txn = store::begin_write(&state.db).await?;
    store::admin::update_rule(&txn, id, fields).await?;
    audit(state, &txn, Some(caller), action, format!("rule #{id}"), Some(details)).await?;
    txn.commit().await?;
    store::admin::rule(&state.db, id).await?.map(RuleView::from).ok_or(ServiceError::NotFound("rule_not_found"))
}

// ---------------------------------------------------------------------------------------------
// Staff accounts

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct StaffView {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub office_id: Option<i64>,
    pub language: String,
    pub active: bool,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub last_login_at: Option<String>,
}

impl From<staff::Model> for StaffView {
    fn from(s: staff::Model) -> Self {
        Self {
            id: s.id,
            created_at: time(&s.created_at),
            last_login_at: s.last_login_at.as_ref().map(time),
            email: s.email,
            display_name: s.display_name,
            role: s.role,
            office_id: s.office_id,
            language: s.language,
            active: s.active,
        }
    }
}

/// Only the fields given change.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct StaffPatch {
    pub display_name: Option<String>,
    /// `admin`, `officer` (needs an office) or `volunteer`.
    pub role: Option<String>,
    pub office_id: Option<i64>,
    /// false disables the account and signs it out everywhere.
    pub active: Option<bool>,
}

pub async fn list_staff(state: &AppState, caller: &Caller) -> Result<Vec<StaffView>, ServiceError> {
    require_admin(caller)?;
    Ok(store::staff::list(&state.db).await?.into_iter().map(StaffView::from).collect())
}

pub async fn create_staff(
    state: &AppState,
    caller: &Caller,
    input: NewStaffInput,
) -> Result<CreatedStaff, ServiceError> {
    require_admin(caller)?;
    super::staff::add(state, input, Some(caller.staff_id)).await
}

pub async fn update_staff(
    state: &AppState,
    caller: &Caller,
    id: i64,
    patch: StaffPatch,
) -> Result<StaffView, ServiceError> {
    require_admin(caller)?;
    let current = store::staff::by_id(&state.db, id).await?.ok_or(ServiceError::NotFound("staff_not_found"))?;
    let mut errors = Vec::new();
    let display_name = match patch.display_name {
        Some(name) if name.trim().is_empty() => {
            errors.push(FieldError::new("display_name", "required"));
            current.display_name.clone()
        }
        Some(name) => name.trim().to_owned(),
        None => current.display_name.clone(),
    };
    let role = match &patch.role {
        Some(r) => StaffRole::parse(r),
        None => StaffRole::parse(&current.role),
    };
    let office_id = patch.office_id.or(current.office_id);
    let active = patch.active.unwrap_or(current.active);
    match role {
        None => errors.push(FieldError::new("role", "role_invalid")),
        Some(StaffRole::Officer) => match office_id {
            None => errors.push(FieldError::new("office_id", "office_required")),
            Some(office) => {
                if !store::directory::offices_by_ids(&state.db, &[office]).await?.iter().any(|o| o.active) {
                    errors.push(FieldError::new("office_id", "office_unknown"));
                }
            }
        },
        Some(_) => {}
    }
    // An administrator cannot lock themselves out (and so leave nobody to administer).
    if id == caller.staff_id && (!active || role.is_some_and(|r| r != StaffRole::Admin)) {
        errors.push(FieldError::new(if active { "role" } else { "active" }, "own_account"));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Validation(errors));
    }
    let role = role.ok_or(ServiceError::Forbidden)?;
    let office_id = if role == StaffRole::Officer { office_id } else { None };
    let moved = role.as_str() != current.role || office_id != current.office_id;
    let txn = store::begin_write(&state.db).await?;
    store::admin::update_staff(&txn, id, display_name, role.as_str().to_owned(), office_id).await?;
    if active != current.active {
        // Also revokes every token of the account.
        store::staff::set_active(&txn, id, active).await?;
    } else if moved {
        // Tokens issued for the old role or office stop working.
        store::staff::bump_token_version(&txn, id).await?;
    }
    let action = match (current.active, active) {
        (true, false) => "staff_disabled",
        (false, true) => "staff_enabled",
        _ => "staff_updated",
    };
    let details =
        format!("role={} office={}", role.as_str(), office_id.map_or_else(|| "-".to_owned(), |o| o.to_string()));
    audit(state, &txn, Some(caller), action, format!("{} (#{id})", current.email), Some(details)).await?;
    txn.commit().await?;
    store::staff::by_id(&state.db, id).await?.map(StaffView::from).ok_or(ServiceError::NotFound("staff_not_found"))
}

// ---------------------------------------------------------------------------------------------
// The outbox

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
pub struct OutboxQuery {
    /// true: only the messages that failed for good.
    pub failed: Option<bool>,
    /// How many of the latest messages (default 100, at most 500).
    pub limit: Option<u64>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OutboxItem {
    pub id: i64,
    pub kind: String,
    pub complaint_id: Option<i64>,
    pub office_id: Option<i64>,
    pub to_address: String,
    pub subject: String,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    /// Attempts since it was queued (or last retried).
    pub attempts: i32,
    pub last_error: Option<String>,
    #[schema(format = DateTime)]
    pub created_at: String,
    #[schema(format = DateTime)]
    pub next_attempt_at: String,
    #[schema(format = DateTime)]
    pub sent_at: Option<String>,
}

impl From<outbox_message::Model> for OutboxItem {
    fn from(m: outbox_message::Model) -> Self {
        Self {
            id: m.id,
            created_at: time(&m.created_at),
            next_attempt_at: time(&m.next_attempt_at),
            sent_at: m.sent_at.as_ref().map(time),
            kind: m.kind,
            complaint_id: m.complaint_id,
            office_id: m.office_id,
            to_address: m.to_address,
            subject: m.subject,
            status: m.status,
            attempts: m.attempts,
            last_error: m.last_error,
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
pub struct OutboxSummary {
    pub pending: u64,
    pub sent: u64,
    pub failed: u64,
}

#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
pub struct Retried {
    /// How many messages were queued again.
    pub queued: u64,
}

pub async fn outbox_list(
    state: &AppState,
    caller: &Caller,
    query: OutboxQuery,
) -> Result<Vec<OutboxItem>, ServiceError> {
    require_admin(caller)?;
    let limit = query.limit.unwrap_or(100).clamp(1, 500);
    Ok(super::outbox::list(state, query.failed.unwrap_or(false), limit)
        .await?
        .into_iter()
        .map(OutboxItem::from)
        .collect())
}

pub async fn outbox_summary(state: &AppState, caller: &Caller) -> Result<OutboxSummary, ServiceError> {
    require_admin(caller)?;
    let s = super::outbox::summary(state).await?;
    Ok(OutboxSummary { pending: s.pending, sent: s.sent, failed: s.failed })
}

/// Queues a failed message again (`Some(id)`), or every failed message (`None`).
pub async fn outbox_retry(state: &AppState, caller: &Caller, id: Option<i64>) -> Result<Retried, ServiceError> {
    require_admin(caller)?;
    let queued = super::outbox::retry(state, id).await?;
    let target = id.map_or_else(|| "every failed message".to_owned(), |id| format!("outbox #{id}"));
    audit(state, &state.db, Some(caller), "outbox_retried", target, Some(format!("{queued} queued"))).await?;
    Ok(Retried { queued })
}

// ---------------------------------------------------------------------------------------------
// The audit log

#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
pub struct AuditQuery {
    /// A staff account's id or email.
    pub actor: Option<String>,
    /// e.g. `office_created`, `identity_revealed`, `login`.
    pub action: Option<String>,
    /// A case reference.
    pub case: Option<String>,
    /// On or after this day (YYYY-MM-DD, China time).
    pub from: Option<NaiveDate>,
    /// On or before this day (YYYY-MM-DD, China time).
    pub to: Option<NaiveDate>,
    pub page: Option<u64>,
    /// Default 50, at most 500.
    pub per_page: Option<u64>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AuditItem {
    pub id: i64,
    #[schema(format = DateTime)]
    pub at: String,
    pub actor_staff_id: Option<i64>,
    pub actor_role: String,
    pub action: String,
    /// The case's reference when the entry concerns one.
    pub case: Option<String>,
    pub target: Option<String>,
    pub details: Option<String>,
    pub ip: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AuditList {
    /// Newest first.
    pub items: Vec<AuditItem>,
    pub page: u64,
    pub per_page: u64,
    /// Whether a next page has entries.
    pub has_more: bool,
}

fn china_midnight(day: NaiveDate) -> Option<DateTime<Utc>> {
    let offset = FixedOffset::east_opt(8 * 3600)?;
    offset.from_local_datetime(&day.and_hms_opt(0, 0, 0)?).single().map(|t| t.with_timezone(&Utc))
}

pub async fn audit_log(state: &AppState, caller: &Caller, query: AuditQuery) -> Result<AuditList, ServiceError> {
    require_admin(caller)?;
    let page = query.page.unwrap_or(1).max(1);
    let per_page = query.per_page.unwrap_or(50).clamp(1, 500);
    let empty = AuditList { items: Vec::new(), page, per_page, has_more: false };
    let mut filter = AuditFilter {
        action: non_empty(query.action),
        from: query.from.and_then(china_midnight),
        to: query.to.and_then(|d| d.succ_opt()).and_then(china_midnight),
        ..AuditFilter::default()
    };
    if let Some(actor) = non_empty(query.actor) {
        let id = match actor.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => store::staff::by_email(&state.db, &actor.to_lowercase()).await?.map(|s| s.id),
        };
        match id {
            Some(id) => filter.actor_staff_id = Some(id),
            None => return Ok(empty),
        }
    }
    if let Some(reference) = non_empty(query.case) {
        let normalized = crate::domain::reference::Reference::parse(&reference).map(|r| r.as_str().to_owned());
        let found = match normalized {
            Ok(r) => store::complaints::find_by_reference(&state.db, &r).await?,
            Err(_) => None,
        };
        match found {
            Some(c) => filter.complaint_id = Some(c.id),
            None => return Ok(empty),
        }
    }
    let offset = (page - 1).saturating_mul(per_page);
    let mut rows: Vec<audit_entry::Model> = store::audit::query(&state.db, &filter, per_page + 1, offset).await?;
    let has_more = rows.len() as u64 > per_page;
    rows.truncate(usize::try_from(per_page).unwrap_or(usize::MAX));
    let mut ids: Vec<i64> = rows.iter().filter_map(|r| r.complaint_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let references = store::admin::references_of(&state.db, &ids).await?;
    let items = rows
        .into_iter()
        .map(|r| AuditItem {
            id: r.id,
            at: time(&r.at),
            actor_staff_id: r.actor_staff_id,
            actor_role: r.actor_role,
            action: r.action,
            case: r.complaint_id.and_then(|id| references.get(&id).cloned()),
            target: r.target,
            details: r.details,
            ip: r.ip,
        })
        .collect();
    Ok(AuditList { items, page, per_page, has_more })
}

// ---------------------------------------------------------------------------------------------
// The command line: `intake directory import FILE` / `intake directory export [FILE]`

#[derive(Debug, clap::Subcommand)]
pub enum DirectoryCommand {
    /// Create or update offices by code from a CSV file (code,name_zh,name_en,kind,region_code,
    /// email,language,active); a bad row changes nothing.
    Import { file: std::path::PathBuf },
    /// Write the offices as CSV (UTF-8 with BOM) to FILE, or to standard output.
    Export { file: Option<std::path::PathBuf> },
}

fn explain(err: ServiceError) -> String {
    match err {
        ServiceError::Validation(errors) => errors
            .iter()
            .map(|e| format!("{}: {}", e.field, crate::i18n::field_message(e, Language::En)))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}

/// Runs a directory command; returns what to print, or the error to show.
pub async fn directory_command(state: &AppState, command: DirectoryCommand) -> std::process::ExitCode {
    use std::io::Write;
    let result = match command {
        DirectoryCommand::Import { file } => match std::fs::read(&file) {
            Err(e) => Err(format!("cannot read {}: {e}", file.display())),
            Ok(bytes) => import_directory(state, None, &bytes)
                .await
                .map_err(explain)
                .map(|s| format!("{} office(s) created, {} updated, {} unchanged.", s.created, s.updated, s.unchanged)),
        },
        DirectoryCommand::Export { file } => match export_directory(state, None).await {
            Err(e) => Err(explain(e)),
            Ok(csv) => match file {
                Some(path) => std::fs::write(&path, csv)
                    .map(|()| format!("The directory is written to {}.", path.display()))
                    .map_err(|e| format!("cannot write {}: {e}", path.display())),
                None => std::io::stdout().write_all(&csv).map(|()| String::new()).map_err(|e| e.to_string()),
            },
        },
    };
    match result {
        Ok(message) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            std::process::ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(csv: &str) -> Vec<(u64, String, String)> {
        match parse_directory_csv(csv.as_bytes()) {
            Ok(rows) => rows.into_iter().map(|r| (r.row, r.code, r.fields.name_zh)).collect(),
            Err(e) => vec![(0, e.to_string(), String::new())],
        }
    }

    #[test]
    fn rows_are_numbered_by_line_with_either_line_end() {
        let header = CSV_COLUMNS.join(",");
        let body = [
            "a,\"甲,\"\"一\"\"\",A,trade_union,,a@example.org,zh-CN,true",
            "b,\"乙\n二\",B,trade_union,,b@example.org,en,false",
            "c,丙,C,trade_union,,c@example.org,,1",
        ];
        for end in ["\n", "\r\n"] {
            let csv = format!("\u{feff}{header}{end}{}{end}", body.join(end));
            let got = rows(&csv);
            let want = vec![
                (2, "a".to_owned(), "甲,\"一\"".to_owned()),
                (3, "b".to_owned(), "乙\n二".to_owned()),
                (5, "c".to_owned(), "丙".to_owned()),
            ];
            assert_eq!(got, want, "line end {end:?}");
        }
    }

    #[test]
    fn formula_cells_are_neutralised_and_read_back() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(restore("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(restore("'plain"), "'plain");
        assert_eq!(neutralise("工会"), "工会");
    }
}
