//! The command line: `intake directory import FILE` / `intake directory export [FILE]`

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
