//! The `intake` command line, run as an operator would.

// A test may stop with a message when the binary cannot even be run.
#![allow(clippy::panic)]

use std::process::{Command, Output};

fn intake(args: &[&str], env: &[(&str, &str)]) -> Output {
    let dir =
        std::env::temp_dir().join(format!("intake-cli-{}-{}", std::process::id(), args.join("-").replace('/', "_")));
    let _ = std::fs::remove_dir_all(&dir);
    let mut command = Command::new(env!("CARGO_BIN_EXE_intake"));
    command.args(args).env("INTAKE_DATA_DIR", &dir).env("INTAKE_LOG", "warn").current_dir(std::env::temp_dir());
    for (k, v) in env {
        command.env(k, v);
    }
    match command.output() {
        Ok(output) => output,
        Err(e) => panic!("cannot run intake: {e}"),
    }
}

#[test]
fn routing_explain_names_the_offices_and_the_rules() {
    let out = intake(&["routing", "explain", "--category", "wage_arrears", "--region", "341102"], &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let primary = stdout.lines().find(|l| l.starts_with("primary:")).unwrap_or_default();
    let copy = stdout.lines().find(|l| l.starts_with("copy:")).unwrap_or_default();
    assert!(primary.contains("滁州市琅琊区人力资源和社会保障局") && primary.contains("labour_inspection"), "{stdout}");
    assert!(copy.contains("滁州市琅琊区总工会") && copy.contains("trade_union"), "{stdout}");
    assert!(stdout.contains("安徽省 滁州市 琅琊区"), "the region is named: {stdout}");
    assert!(stdout.contains("chose the primary office") && stdout.contains("copied the office in"), "{stdout}");
}

#[test]
fn routing_explain_refuses_bad_input_clearly() {
    let out = intake(&["routing", "explain", "--category", "nope", "--region", "34"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("category: Choose a problem type from the list."), "{stderr}");
    assert!(stderr.contains("region_code: Choose a city or county"), "{stderr}");
}

#[test]
fn a_bad_setting_stops_start_up_with_one_line_naming_it() {
    for (key, value) in
        [("INTAKE_BIND", "nowhere"), ("INTAKE_RATE_LIMIT_PER_MINUTE", "lots"), ("INTAKE_LOG_FORMAT", "xml")]
    {
        let out = intake(&["serve"], &[(key, value)]);
        assert!(!out.status.success(), "{key}={value} must stop start-up");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "one line: {stderr}");
        assert!(lines[0].contains(key), "{key} is named: {stderr}");
    }
}

#[test]
fn migrate_brings_a_new_database_up_to_date() {
    let out = intake(&["migrate"], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("up to date"));
}

#[test]
fn outbox_commands_report_and_retry() {
    let list = intake(&["outbox", "list"], &[]);
    assert!(list.status.success(), "{}", String::from_utf8_lossy(&list.stderr));
    assert!(String::from_utf8_lossy(&list.stdout).starts_with("pending 0, sent 0, failed 0"));
    let all = intake(&["outbox", "retry", "--all-failed"], &[]);
    assert!(String::from_utf8_lossy(&all.stdout).contains("0 message(s) queued again"));
    let missing = intake(&["outbox", "retry", "4242"], &[]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("outbox_message_not_found"));
    let neither = intake(&["outbox", "retry"], &[]);
    assert_eq!(neither.status.code(), Some(2), "an id or --all-failed is required");
}

#[test]
fn staff_accounts_from_the_command_line() {
    use std::io::Write;
    let dir = std::env::temp_dir().join(format!("intake-cli-staff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let run = |args: &[&str], stdin: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_intake"));
        command.args(args).env("INTAKE_DATA_DIR", &dir).env("INTAKE_LOG", "warn").current_dir(std::env::temp_dir());
        command
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = match command.spawn() {
            Ok(c) => c,
            Err(e) => panic!("cannot run intake: {e}"),
        };
        if let (Some(text), Some(mut input)) = (stdin, child.stdin.take()) {
            let _ = input.write_all(text.as_bytes());
        }
        match child.wait_with_output() {
            Ok(o) => o,
            Err(e) => panic!("{e}"),
        }
    };
    let added = run(&["staff", "add", "--email", "Admin@Example.org", "--role", "admin"], None);
    let stdout = String::from_utf8_lossy(&added.stdout);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    assert!(
        stdout.contains("Created account #1 for Admin@Example.org") && stdout.contains("Password (shown once"),
        "{stdout}"
    );
    let officer = run(
        &["staff", "add", "--email", "o@example.org", "--role", "officer", "--office", "59", "--password-stdin"],
        Some("a long enough password\n"),
    );
    assert!(officer.status.success(), "{}", String::from_utf8_lossy(&officer.stderr));
    assert!(!String::from_utf8_lossy(&officer.stdout).contains("Password"), "a given password is not printed");
    let no_office = run(&["staff", "add", "--email", "x@example.org", "--role", "officer"], None);
    assert!(!no_office.status.success());
    assert!(String::from_utf8_lossy(&no_office.stderr).contains("office_id: An officer must belong to an office."));
    let short =
        run(&["staff", "add", "--email", "y@example.org", "--role", "volunteer", "--password-stdin"], Some("short\n"));
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12 characters"));
    let reset = run(&["staff", "reset-password", "--email", "o@example.org"], None);
    assert!(String::from_utf8_lossy(&reset.stdout).contains("New password (shown once)"));
    let disabled = run(&["staff", "disable", "--email", "o@example.org"], None);
    assert!(String::from_utf8_lossy(&disabled.stdout).contains("o@example.org is disabled"));
    let unknown = run(&["staff", "disable", "--email", "nobody@example.org"], None);
    assert!(!unknown.status.success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn jobs_run_now_and_list_their_periods() {
    let dir = std::env::temp_dir().join(format!("intake-cli-jobs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let run = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_intake"));
        command.args(args).env("INTAKE_DATA_DIR", &dir).env("INTAKE_LOG", "warn").current_dir(std::env::temp_dir());
        match command.output() {
            Ok(output) => output,
            Err(e) => panic!("cannot run intake: {e}"),
        }
    };
    let digest = run(&["jobs", "run", "digest"]);
    assert!(digest.status.success(), "{}", String::from_utf8_lossy(&digest.stderr));
    assert_eq!(String::from_utf8_lossy(&digest.stdout).trim(), "digest: overdue digest queued for 0 office(s)");
    let expiry = run(&["jobs", "run", "idempotency-expiry"]);
    assert!(expiry.status.success(), "{}", String::from_utf8_lossy(&expiry.stderr));
    assert!(String::from_utf8_lossy(&expiry.stdout).contains("expired idempotency record(s) deleted"));

    let unknown = run(&["jobs", "run", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(stderr.contains("nope") && stderr.contains("digest") && stderr.contains("idempotency-expiry"), "{stderr}");

    let list = run(&["jobs", "list"]);
    let stdout = String::from_utf8_lossy(&list.stdout);
    assert!(list.status.success(), "{}", String::from_utf8_lossy(&list.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("digest") && lines[0].contains("daily (China date)"), "{stdout}");
    assert!(lines[1].starts_with("idempotency-expiry") && lines[1].contains("every 10 minutes"), "{stdout}");
    assert!(lines.iter().all(|l| l.contains("never run")), "a run at once claims no period: {stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn calendar_import_and_list_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("intake-cli-calendar-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let run = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_intake"));
        command.args(args).env("INTAKE_DATA_DIR", &dir).env("INTAKE_LOG", "warn").current_dir(std::env::temp_dir());
        match command.output() {
            Ok(output) => output,
            Err(e) => panic!("cannot run intake: {e}"),
        }
    };
    let file = |name: &str, text: &str| {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            panic!("cannot write {}: {e}", path.display());
        }
        path.display().to_string()
    };

    let empty = run(&["calendar", "list"]);
    assert!(empty.status.success(), "{}", String::from_utf8_lossy(&empty.stderr));
    assert_eq!(String::from_utf8_lossy(&empty.stdout), "date,kind\n", "the project ships no calendar");

    let good =
        file("good.csv", "date,kind\n2026-10-01,holiday\n2026-10-02,holiday\n2026-10-10,workday\n2027-01-01,holiday\n");
    let imported = run(&["calendar", "import", &good]);
    let stderr = String::from_utf8_lossy(&imported.stderr);
    assert!(imported.status.success(), "{stderr}");
    assert!(
        stderr.contains("3 holiday(s) and 1 make-up working day(s) loaded: 4 new, 0 changed, 0 unchanged."),
        "{stderr}"
    );
    let listed = run(&["calendar", "list", "--year", "2026"]);
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout),
        "date,kind\n2026-10-01,holiday\n2026-10-02,holiday\n2026-10-10,workday\n",
        "the year's days, in the import's form"
    );

    // A bad file names each problem's row and loads nothing, its good rows included.
    let bad = file("bad.csv", "date,kind\n2027-05-01,holiday\n2027-05-06,workday\n2027-5-7,holiday\n");
    let refused = run(&["calendar", "import", &bad]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("csv: Row 3: 2027-05-06 is a weekday"), "{stderr}");
    assert!(stderr.contains("csv: Row 4: “2027-5-7” is not a date written YYYY-MM-DD."), "{stderr}");
    let next_year = run(&["calendar", "list", "--year", "2027"]);
    assert_eq!(String::from_utf8_lossy(&next_year.stdout), "date,kind\n2027-01-01,holiday\n", "all or nothing");
    let missing = run(&["calendar", "import", &dir.join("nowhere.csv").display().to_string()]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
    assert_eq!(run(&["calendar", "list", "--year", "next"]).status.code(), Some(2), "a year is a number");
    let _ = std::fs::remove_dir_all(&dir);
}
