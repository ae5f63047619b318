//! Starts the real server and runs the browser tests in tests/e2e (Playwright on Debian's
//! Chromium), then checks in the database what the browser cannot see: every complaint the
//! browser filed is stored exactly once, and no photo kept its EXIF.
//!
//! Needs /usr/bin/chromium (or CHROMIUM) and `npm ci` in tests/e2e. Without them the test says
//! so and passes, unless INTAKE_E2E=required (CI sets it), where it fails.

#![allow(clippy::panic, reason = "a test fails by panicking: `panic!` is how this test says what went wrong")]

use intake_tests::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn e2e_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("e2e")
}

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_in_a_phone_browser() {
    let ready = Path::new(&chromium()).exists() && e2e_dir().join("node_modules/playwright-core").exists();
    if !ready {
        let required = std::env::var("INTAKE_E2E").is_ok_and(|v| v == "required");
        assert!(!required, "INTAKE_E2E=required but Chromium or tests/e2e/node_modules is missing");
        eprintln!("skipped: install chromium and run `npm ci` in tests/e2e to run the browser tests");
        return;
    }
    let app = spawn_app(Backend::Sqlite).await;
    for (email, role, office) in [
        ("admin@example.org", "admin", None),
        ("inspector@example.org", "officer", Some("341102-labour-inspection")),
        ("union@example.org", "officer", Some("341102-trade-union")),
        // The county's procuratorate hears of the union's referral, the city's of a lead.
        ("pil@example.org", "officer", Some("341102-procuratorate")),
        ("citypil@example.org", "officer", Some("3411-procuratorate")),
        ("volunteer@example.org", "volunteer", None),
    ] {
        staff::account(&app, email, role, office).await;
    }
    let photo = app.data_dir.join("photo-with-gps.jpg");
    std::fs::write(&photo, fixtures::photo_with_gps()).unwrap_or_else(|e| panic!("fixture: {e}"));
    let results = app.data_dir.join("e2e-results");
    std::fs::create_dir_all(&results).unwrap_or_else(|e| panic!("results: {e}"));
    // Build output under target/, never in the source tree.
    let screenshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-screenshots");
    std::fs::create_dir_all(&screenshots).unwrap_or_else(|e| panic!("screenshots: {e}"));
    let (address, photo_path, results_path) = (app.address.clone(), photo.clone(), results.clone());
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .args(["--test", "--test-concurrency=1", "pages.test.mjs", "console.test.mjs"])
            .current_dir(e2e_dir())
            .env("BASE_URL", address)
            .env("PHOTO", photo_path)
            .env("RESULTS", results_path)
            .env("SCREENSHOTS", screenshots)
            .env("STAFF_PASSWORD", staff::PASSWORD)
            .env("CHROMIUM", chromium())
            .output()
    })
    .await
    .unwrap_or_else(|e| panic!("join: {e}"))
    .unwrap_or_else(|e| panic!("node: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // The test names and the page weight: shown with --nocapture, and kept in target/ for CI,
    // which prints the weight (cargo hides a passing test's output).
    println!("{stdout}");
    eprintln!("{stderr}");
    let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e-report.txt");
    if let Err(e) = std::fs::write(&report, stdout.as_bytes()) {
        eprintln!("cannot keep the browser test report in {}: {e}", report.display());
    }
    assert!(output.status.success(), "browser tests failed");

    let mut references = Vec::new();
    for (file, expected) in [("pages.json", 7), ("console.json", 6)] {
        let text = std::fs::read_to_string(results.join(file)).unwrap_or_default();
        let filed: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let found: Vec<String> =
            filed["filed"].as_array().into_iter().flatten().filter_map(|r| r.as_str().map(str::to_owned)).collect();
        assert_eq!(found.len(), expected, "every filing test of {file} reported its reference: {text}");
        references.extend(found);
    }
    for reference in &references {
        assert_eq!(app.stored_count(reference).await, 1, "{reference} is stored exactly once");
    }
    assert_eq!(app.total_complaints().await, references.len() as u64, "nothing was filed twice");
    let stored = fixtures::stored_attachments(&app.data_dir);
    assert_eq!(stored.len(), 1, "the photo was stored");
    for bytes in stored {
        assert!(!fixtures::has_exif(&bytes), "no EXIF survives storage");
    }
}
