//! The command line: `intake directory import FILE` / `intake directory export [FILE]`, and
//! `intake calendar import FILE` / `intake calendar list [--year YYYY]`

use super::*;

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

/// `intake calendar …`: the working-day calendar.
#[derive(Debug, clap::Subcommand)]
pub enum CalendarCommand {
    /// Load public holidays and make-up working days from a CSV file with the header `date,kind`
    /// and rows such as `2026-10-01,holiday` or `2026-10-10,workday`; a bad row changes nothing.
    Import { file: std::path::PathBuf },
    /// Write the loaded days as CSV (the import's form) to standard output.
    List {
        /// Only the days of this year.
        #[arg(long)]
        year: Option<i32>,
    },
}

/// Runs a calendar command: what it did on standard error, the days listed on standard output.
pub async fn calendar_command(state: &AppState, command: CalendarCommand) -> std::process::ExitCode {
    use std::io::Write;
    let result = match command {
        CalendarCommand::Import { file } => match std::fs::read(&file) {
            Err(e) => Err(format!("cannot read {}: {e}", file.display())),
            Ok(bytes) => import_calendar(state, None, &bytes).await.map_err(explain).map(|s| {
                format!(
                    "{} holiday(s) and {} make-up working day(s) loaded: {} new, {} changed, {} unchanged.",
                    s.holidays, s.workdays, s.added, s.changed, s.unchanged
                )
            }),
        },
        CalendarCommand::List { year } => match calendar(state, None, year).await {
            Err(e) => Err(explain(e)),
            Ok(list) => {
                let mut out = format!("{}\n", CALENDAR_COLUMNS.join(","));
                for day in &list.days {
                    out.push_str(&format!("{},{}\n", day.date, day.kind.as_str()));
                }
                std::io::stdout()
                    .write_all(out.as_bytes())
                    .map(|()| format!("{} day(s).", list.days.len()))
                    .map_err(|e| e.to_string())
            }
        },
    };
    match result {
        Ok(message) => {
            eprintln!("{message}");
            std::process::ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            std::process::ExitCode::FAILURE
        }
    }
}
