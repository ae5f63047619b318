//! The receipt code is the worker's only key: it must never reach a log.

use intake_tests::*;

async fn receipt_codes_never_reach_the_log(backend: Backend) {
    let app = spawn_app(backend).await;
    let filed =
        app.post_json_with("/api/v1/complaints", &valid_complaint(), &[("Idempotency-Key", "log-test-key")]).await;
    assert_eq!(filed.status, 201);
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    // A replay, a look-up with the right code and one with a wrong code.
    let _ = app.post_json_with("/api/v1/complaints", &valid_complaint(), &[("Idempotency-Key", "log-test-key")]).await;
    assert_eq!(app.track(&reference, &code).await.status, 200);
    let _ = app.track(&reference, "1111222233334444").await;
    let logs = logs::captured();
    assert!(logs.contains(&reference), "the capture works: the reference is logged");
    assert!(!logs.contains(&code), "the receipt code appears nowhere in the log");
    let grouped = format!("{} {} {} {}", &code[..4], &code[4..8], &code[8..12], &code[12..]);
    assert!(!logs.contains(&grouped));
    assert!(!logs.contains("13800138000") && !logs.contains("王师傅"), "nor the worker's phone or name");
}
db_test!(receipt_codes_never_reach_the_log, receipt_codes_never_reach_the_log);
