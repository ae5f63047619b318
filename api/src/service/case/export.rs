//! Cases as CSV for spreadsheets: UTF-8 with a byte-order mark (so that spreadsheet programs read
//! Chinese correctly), quoted where needed, and cells that a spreadsheet would run as a formula
//! neutralised. No contact data unless an administrator asks for it, which is audited.

use super::list::{CaseQuery, filter_of, summary};
use crate::domain::amount::AmountFen;
use crate::domain::role::StaffRole;
use crate::service::audit::audit_entry;
use crate::service::staff::auth::Caller;
use crate::service::{AppState, ServiceError};
use crate::store;

/// At most this many rows in one export.
pub const MAX_ROWS: u64 = 50_000;

/// A cell starting with = + - @ (or a tab or carriage return) would be run as a formula by a
/// spreadsheet program: a leading apostrophe makes it text.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(FORMULA_STARTS) { format!("'{cell}") } else { cell.to_owned() }
}

/// What a spreadsheet program takes as the start of a formula.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

pub async fn cases_csv(
    state: &AppState,
    caller: &Caller,
    query: CaseQuery,
    include_contact: bool,
    ip: Option<&str>,
) -> Result<Vec<u8>, ServiceError> {
    if include_contact && caller.role != StaffRole::Admin {
        return Err(ServiceError::Forbidden);
    }
    let (filter, sort) = filter_of(state, caller, query)?;
    let (rows, _) = store::cases::list(&state.db, &filter, sort, 1, MAX_ROWS).await?;
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let mut header = vec![
            "reference",
            "status",
            "category",
            "region_code",
            "region",
            "created_at",
            "acknowledge_by",
            "result_by",
            "overdue",
            "affected_workers",
            "platform",
            "employer",
            "amount_owed",
            "tags",
        ];
        if include_contact {
            header.extend(["contact_name", "contact_phone", "contact_email", "contact_id_number"]);
        }
        writer.write_record(&header).map_err(|e| ServiceError::Internal(e.to_string()))?;
        for c in &rows {
            let s = summary(state, c);
            let mut record = vec![
                s.reference,
                s.status.as_str().to_owned(),
                s.category,
                s.region_code.clone(),
                state.directory.full_name(&s.region_code),
                s.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                s.acknowledge_by.to_string(),
                s.result_by.map(|d| d.to_string()).unwrap_or_default(),
                s.overdue.to_string(),
                s.affected_workers.to_string(),
                s.platform.unwrap_or_default(),
                c.employer.clone().unwrap_or_default(),
                c.amount_owed_fen.map(|f| AmountFen::from_fen(f).to_string()).unwrap_or_default(),
                c.tags.clone(),
            ];
            if include_contact {
                record.extend([
                    c.contact_name.clone().unwrap_or_default(),
                    c.contact_phone.clone().unwrap_or_default(),
                    c.contact_email.clone().unwrap_or_default(),
                    c.contact_id_number.clone().unwrap_or_default(),
                ]);
            }
            let record: Vec<String> = record.iter().map(|cell| neutralise(cell)).collect();
            writer.write_record(&record).map_err(|e| ServiceError::Internal(e.to_string()))?;
        }
        writer.flush().map_err(|e| ServiceError::Internal(e.to_string()))?;
    }
    let details = format!("{} rows{}", rows.len(), if include_contact { ", with contact data" } else { "" });
    let action = if include_contact { "cases_exported_with_contact" } else { "cases_exported" };
    store::audit::append(
        &state.db,
        audit_entry(caller, action, None, "cases.csv", Some(details), ip),
        state.clock.now(),
    )
    .await?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_cells_are_made_text() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+86"), "'+86");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@sum"), "'@sum");
        assert_eq!(neutralise("美团"), "美团");
    }
}
