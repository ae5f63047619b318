//! The directory as CSV

use super::*;
use crate::service::case::export::{FORMULA_STARTS, neutralise};
use std::collections::HashMap;

/// How many changed codes the audit entry of an import names; the rest are counted.
const AUDITED_CODES: usize = 100;

/// The columns of the directory CSV, in order.
pub const CSV_COLUMNS: [&str; 8] = ["code", "name_zh", "name_en", "kind", "region_code", "email", "language", "active"];

/// Takes off the mark that `neutralise` put on a cell a spreadsheet would run as a formula.
fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
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
                    o.kind.as_str().to_owned(),
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
/// Lines are counted forward as the records come: counting from the start of the file for every
/// record made a 20,000-office import quadratic (minutes instead of a second).
pub(super) struct Lines<'a> {
    bytes: &'a [u8],
    counted_to: usize,
    newlines: u64,
}

impl<'a> Lines<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, counted_to: 0, newlines: 0 }
    }

    /// The line of a record at or after every record asked for before (any other is counted
    /// from the start again).
    pub(super) fn line_of(&mut self, position: &csv::Position) -> u64 {
        let end = usize::try_from(position.byte()).unwrap_or(usize::MAX).saturating_add(1).min(self.bytes.len());
        if end < self.counted_to {
            self.counted_to = 0;
            self.newlines = 0;
        }
        let span = self.bytes.get(self.counted_to..end).unwrap_or_default();
        self.newlines += u64::try_from(span.iter().filter(|c| **c == b'\n').count()).unwrap_or(u64::MAX);
        self.counted_to = end;
        self.newlines.saturating_add(1)
    }
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
    let mut lines = Lines::new(bytes);
    for (index, record) in reader.records().enumerate() {
        let fallback = u64::try_from(index).unwrap_or(u64::MAX).saturating_add(2);
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map_or(fallback, |p| lines.line_of(p));
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
        let row = record.position().map_or(fallback, |p| lines.line_of(p));
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
                address_confirmed: false,
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
    // The whole directory once, rather than one query per row: a full import is some 20,000 rows.
    let existing: HashMap<String, office::Model> =
        store::admin::offices(&txn).await?.into_iter().map(|o| (o.code.clone(), o)).collect();
    for (row, code, fields) in checked {
        match existing.get(&code) {
            Some(existing) => {
                let same = OfficeFields {
                    name_zh: existing.name_zh.clone(),
                    name_en: existing.name_en.clone(),
                    kind: existing.kind.as_str().to_owned(),
                    region_code: existing.region_code.clone(),
                    email: existing.email.clone(),
                    language: existing.language.clone(),
                    active: existing.active,
                    address_confirmed: existing.address_confirmed,
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
    let more = changed.len().saturating_sub(AUDITED_CODES);
    let mut named = changed.iter().take(AUDITED_CODES).map(String::as_str).collect::<Vec<_>>().join(", ");
    if more > 0 {
        named.push_str(&format!(" and {more} more"));
    }
    let details =
        format!("created {}, updated {}, unchanged {}: {named}", summary.created, summary.updated, summary.unchanged);
    audit(state, &txn, actor, "directory_imported", "offices".to_owned(), Some(details)).await?;
    txn.commit().await?;
    state.routing.invalidate();
    Ok(summary)
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
