//! Finding 3: rate limits keyed on the TCP peer only, so behind a reverse proxy every worker
//! shared one counter, while the log believed any `X-Forwarded-For` a client wrote. The client is
//! now the peer, or behind a trusted proxy (`INTAKE_TRUSTED_PROXIES`) the address the proxy
//! names; that one address is used by the limits, the audit log and the request log. Wrong
//! receipt codes are also limited per complaint, whatever the address.

use intake::store::entity::audit_entry;
use intake_tests::staff::{PASSWORD, account};
use intake_tests::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

async fn file_from(app: &TestApp, client: &str) -> Response {
    app.post_json_with("/api/v1/complaints", &anonymous_complaint(), &[("X-Forwarded-For", client)]).await
}

/// The request-log lines that mention this text.
fn log_lines_with(text: &str) -> Vec<String> {
    logs::captured().lines().filter(|l| l.contains(text)).map(str::to_owned).collect()
}

async fn finding3_behind_a_trusted_proxy_each_client_has_its_own_limit(backend: Backend) {
    let app = spawn_app_with(backend, |raw| {
        raw.rate_limit_per_minute = 3;
        raw.trusted_proxies = vec!["127.0.0.1".into()];
    })
    .await;
    for _ in 0..3 {
        assert_eq!(file_from(&app, "198.51.100.1").await.status, 201);
    }
    let limited = file_from(&app, "198.51.100.1").await;
    assert_eq!((limited.status, limited.body["code"].as_str()), (429, Some("rate_limited")));
    assert!(limited.header("retry-after").is_some());
    // Another worker behind the same proxy is not held back; a client cannot pose as another by
    // writing its own address in front of the one the proxy appends.
    let other = file_from(&app, "198.51.100.2").await;
    assert_eq!(other.status, 201, "{}", other.text);
    assert_eq!(file_from(&app, "198.51.100.1, 198.51.100.2").await.status, 201);

    // The request log and the audit log name the client the proxy named.
    let reference = other.body["reference"].as_str().unwrap_or_default().to_owned();
    let lines = log_lines_with(&reference);
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|l| l.contains("client_ip=198.51.100.2")), "{lines:?}");
    account(&app, "admin@example.org", "admin", None).await;
    let signed = app
        .post_json_with(
            "/api/v1/auth/login",
            &json!({"email": "admin@example.org", "password": PASSWORD}),
            &[("X-Forwarded-For", "203.0.113.50")],
        )
        .await;
    assert_eq!(signed.status, 200);
    let last = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("login"))
        .order_by_desc(audit_entry::Column::Id)
        .one(&app.state.db)
        .await
        .ok()
        .flatten();
    assert_eq!(last.and_then(|e| e.ip).as_deref(), Some("203.0.113.50"));
}
db_test!(
    finding3_behind_a_trusted_proxy_each_client_has_its_own_limit,
    finding3_behind_a_trusted_proxy_each_client_has_its_own_limit
);

async fn finding3_without_trusted_proxies_the_header_is_ignored(backend: Backend) {
    let app = spawn_app_with(backend, |raw| raw.rate_limit_per_minute = 3).await;
    let mut references = Vec::new();
    for i in 0..3 {
        let filed = file_from(&app, &format!("198.51.100.{}", 10 + i)).await;
        assert_eq!(filed.status, 201);
        references.push(filed.body["reference"].as_str().unwrap_or_default().to_owned());
    }
    assert_eq!(file_from(&app, "198.51.100.99").await.status, 429, "one peer, one counter");
    for reference in references {
        let lines = log_lines_with(&reference);
        assert!(!lines.is_empty());
        assert!(lines.iter().all(|l| l.contains("client_ip=127.0.0.1") && !l.contains("198.51.100")), "{lines:?}");
    }
}
db_test!(
    finding3_without_trusted_proxies_the_header_is_ignored,
    finding3_without_trusted_proxies_the_header_is_ignored
);

async fn finding3_wrong_codes_are_limited_per_complaint_from_any_address(backend: Backend) {
    let app = spawn_app_with(backend, |raw| {
        raw.rate_limit_per_minute = 5;
        raw.trusted_proxies = vec!["127.0.0.1".into()];
    })
    .await;
    let filed = app.file(&valid_complaint()).await;
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    let path = format!("/api/v1/complaints/{reference}");
    // Five guesses from five addresses: each address is far from its own limit.
    for i in 0..5 {
        let client = format!("203.0.113.{i}");
        let guess = app.get_with(&path, &[("X-Receipt-Code", "1111222233334444"), ("X-Forwarded-For", &client)]).await;
        assert_eq!(guess.status, 404);
    }
    let sixth =
        app.get_with(&path, &[("X-Receipt-Code", "1111222233334445"), ("X-Forwarded-For", "203.0.113.77")]).await;
    assert_eq!((sixth.status, sixth.body["code"].as_str()), (429, Some("rate_limited")));
    // Until the minute is over, even the right code waits: a guess that happened to be right
    // would tell nothing either.
    let right = app.get_with(&path, &[("X-Receipt-Code", &code), ("X-Forwarded-For", "203.0.113.88")]).await;
    assert_eq!(right.status, 429);
    app.clock.advance(chrono::Duration::seconds(61));
    let later = app.get_with(&path, &[("X-Receipt-Code", &code), ("X-Forwarded-For", "203.0.113.88")]).await;
    assert_eq!(later.status, 200, "{}", later.text);
}
db_test!(
    finding3_wrong_codes_are_limited_per_complaint_from_any_address,
    finding3_wrong_codes_are_limited_per_complaint_from_any_address
);
