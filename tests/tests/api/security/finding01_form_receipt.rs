//! Finding 1: the HTML form handed a complaint's receipt code to anyone who sent the complaint's
//! Idempotency-Key. A stored answer is served again only for the same key, the same body and, on
//! the form, the same browser.

use crate::pages::{complete, pairs};
use intake_tests::browser::Browser;
use intake_tests::*;

async fn finding1_a_known_key_gets_no_receipt_from_the_form(backend: Backend) {
    let app = spawn_app(backend).await;
    let key = "secret-test-key-123";
    let filed = app.post_json_with("/api/v1/complaints", &valid_complaint(), &[("Idempotency-Key", key)]).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    let grouped = format!("{} {} {} {}", &code[..4], &code[4..8], &code[8..12], &code[12..]);

    // A new browser sends only a CSRF token and the key.
    let mut stranger = Browser::new(&app);
    let csrf = stranger.get("/").await.input("csrf");
    let page = stranger.post("/", &[("csrf", csrf.as_str()), ("idempotency_key", key)]).await;
    assert_ne!(page.status, 200);
    assert!(!page.html.contains(&code) && !page.html.contains(&grouped), "no receipt code on the page");
    assert_eq!(app.total_complaints().await, 1, "nothing filed");

    // The same key with a whole form from that browser files the browser's own complaint, in a
    // scope of its own: never the API's answer.
    let form = stranger.get("/").await;
    let csrf = form.input("csrf");
    let mut fields = complete(&form, &csrf);
    fields.retain(|(k, _)| *k != "idempotency_key");
    fields.push(("idempotency_key", key.to_owned()));
    let own = stranger.post("/", &pairs(&fields)).await;
    assert_eq!(own.status, 200, "{}", own.html);
    assert!(!own.html.contains(&code) && !own.html.contains(&grouped));
    assert_eq!(app.total_complaints().await, 2);
}
db_test!(finding1_a_known_key_gets_no_receipt_from_the_form, finding1_a_known_key_gets_no_receipt_from_the_form);

async fn finding1_a_form_key_replays_only_in_its_own_browser(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut worker = Browser::new(&app);
    let form = worker.get("/").await;
    let csrf = form.input("csrf");
    let fields = complete(&form, &csrf);
    let filed = worker.post("/", &pairs(&fields)).await;
    assert_eq!(filed.status, 200, "{}", filed.html);
    let code = filed.text_of("receipt-code");
    assert_eq!(code.len(), 19);

    // A lost answer: the same browser sends the same form again and gets the same receipt.
    let again = worker.post("/", &pairs(&fields)).await;
    assert_eq!((again.status, again.text_of("receipt-code")), (200, code.clone()));

    // Another browser that learnt the key (and copies every value) does not.
    let mut other = Browser::new(&app);
    let other_csrf = other.get("/").await.input("csrf");
    let mut copied = fields.clone();
    copied.retain(|(k, _)| *k != "csrf");
    copied.push(("csrf", other_csrf));
    let theirs = other.post("/", &pairs(&copied)).await;
    assert!(!theirs.html.contains(&code) && !theirs.html.contains(&code.replace(' ', "")));

    // The API with the form's key and any body: the form's answers are not in the API's scope.
    let key = fields.iter().find(|(k, _)| *k == "idempotency_key").map(|(_, v)| v.clone()).unwrap_or_default();
    let api = app.post_json_with("/api/v1/complaints", &valid_complaint(), &[("Idempotency-Key", &key)]).await;
    assert!(!api.text.contains(&code.replace(' ', "")));
}
db_test!(finding1_a_form_key_replays_only_in_its_own_browser, finding1_a_form_key_replays_only_in_its_own_browser);

async fn finding1_the_api_replays_only_the_same_body(backend: Backend) {
    let app = spawn_app(backend).await;
    let key = [("Idempotency-Key", "replay-body-check")];
    let first = app.post_json_with("/api/v1/complaints", &valid_complaint(), &key).await;
    let code = first.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    let mut other = valid_complaint();
    other["platform"] = "饿了么".into();
    let changed = app.post_json_with("/api/v1/complaints", &other, &key).await;
    assert_eq!((changed.status, changed.body["code"].as_str()), (422, Some("idempotency_key_reused")));
    assert!(!changed.text.contains(&code));
}
db_test!(finding1_the_api_replays_only_the_same_body, finding1_the_api_replays_only_the_same_body);
