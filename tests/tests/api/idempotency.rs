//! A retry on a bad network never files twice, and gets the same receipt code.

use intake_tests::*;
use serde_json::json;

const KEY: (&str, &str) = ("Idempotency-Key", "c8a1f0e2-5b7d-4e0a-9f51-2d3c4b5a6e7f");

async fn a_retry_replays_the_first_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = valid_complaint();
    let first = app.post_json_with("/api/v1/complaints", &body, &[KEY]).await;
    assert_eq!(first.status, 201, "{}", first.text);
    let second = app.post_json_with("/api/v1/complaints", &body, &[KEY]).await;
    assert_eq!(second.status, 201);
    assert_eq!(second.text, first.text, "same status and body, receipt code included");
    assert_eq!(second.header("location"), first.header("location"));
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_eq!(app.total_complaints().await, 1, "stored once");
    // The replayed code works.
    let tracked = app
        .track(
            first.body["reference"].as_str().unwrap_or_default(),
            second.body["receipt_code"].as_str().unwrap_or_default(),
        )
        .await;
    assert_eq!(tracked.status, 200);
}
db_test!(a_retry_replays_the_first_answer, a_retry_replays_the_first_answer);

async fn a_key_reused_with_another_body_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = app.post_json_with("/api/v1/complaints", &valid_complaint(), &[KEY]).await;
    assert_eq!(first.status, 201);
    let mut other = valid_complaint();
    other["description"] = json!("另一个站点也拖欠了工资，情况不同，请单独处理。");
    let reused = app.post_json_with("/api/v1/complaints", &other, &[KEY]).await;
    assert_eq!(reused.status, 422);
    assert_eq!(reused.header("content-type"), Some("application/problem+json"));
    assert_eq!(reused.body["code"], "idempotency_key_reused");
    assert_eq!(app.total_complaints().await, 1);
}
db_test!(a_key_reused_with_another_body_is_refused, a_key_reused_with_another_body_is_refused);

async fn keys_expire_after_a_day(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = app.post_json_with("/api/v1/complaints", &valid_complaint(), &[KEY]).await;
    app.clock.advance(chrono::Duration::hours(23));
    let within = app.post_json_with("/api/v1/complaints", &valid_complaint(), &[KEY]).await;
    assert_eq!(within.text, first.text, "still replayed after 23 hours");
    app.clock.advance(chrono::Duration::hours(2));
    let after = app.post_json_with("/api/v1/complaints", &valid_complaint(), &[KEY]).await;
    assert_eq!(after.status, 201);
    assert_ne!(after.body["reference"], first.body["reference"], "after 24 hours the key files anew");
    assert_eq!(app.total_complaints().await, 2);
}
db_test!(keys_expire_after_a_day, keys_expire_after_a_day);

async fn the_stored_record_reveals_no_receipt_code(backend: Backend) {
    use intake::store::entity::idempotency_key;
    use sea_orm::EntityTrait;
    let app = spawn_app(backend).await;
    let first = app.post_json_with("/api/v1/complaints", &valid_complaint(), &[KEY]).await;
    let code = first.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    let rows = idempotency_key::Entity::find().all(&app.state.db).await.unwrap_or_default();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_ne!(row.key_hash, KEY.1, "the key itself is not stored");
    assert!(!row.key_hash.contains(KEY.1));
    assert!(!row.response.windows(16).any(|w| w == code.as_bytes()), "the answer is stored encrypted");
    assert!(!row.response.windows(9).any(|w| w == first.body["reference"].as_str().unwrap_or("-").as_bytes()));
}
db_test!(the_stored_record_reveals_no_receipt_code, the_stored_record_reveals_no_receipt_code);

async fn concurrent_retries_file_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let body = valid_complaint();
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let client = app.client.clone();
        let url = app.url("/api/v1/complaints");
        let body = body.to_string();
        tasks.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .header("Content-Type", "application/json")
                .header(KEY.0, KEY.1)
                .body(body)
                .send()
                .await;
            match r {
                Ok(r) => (r.status().as_u16(), r.text().await.unwrap_or_default()),
                Err(e) => (0, e.to_string()),
            }
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap_or((0, String::new())));
    }
    assert!(answers.iter().all(|(s, _)| *s == 201), "{answers:?}");
    assert!(answers.windows(2).all(|w| w[0].1 == w[1].1), "every retry gets the same answer");
    assert_eq!(app.total_complaints().await, 1);
}
db_test!(concurrent_retries_file_once, concurrent_retries_file_once);

async fn malformed_keys_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let long = "k".repeat(65);
    for key in [long.as_str(), "has space", ""] {
        let r = app.post_json_with("/api/v1/complaints", &valid_complaint(), &[("Idempotency-Key", key)]).await;
        assert_eq!(r.status, 400, "key {key:?}: {}", r.text);
        assert_eq!(r.body["code"], "idempotency_key_invalid");
    }
    let ok =
        app.post_json_with("/api/v1/complaints", &valid_complaint(), &[("Idempotency-Key", &"k".repeat(64))]).await;
    assert_eq!(ok.status, 201);
    assert_eq!(app.total_complaints().await, 1);
}
db_test!(malformed_keys_are_refused, malformed_keys_are_refused);
