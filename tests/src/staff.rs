//! Staff accounts and signed-in requests for the tests of the staff and administration APIs.

use crate::{Response, TestApp};
use intake::service::staff::accounts::{NewStaffInput, add};
use serde_json::{Value, json};

pub const PASSWORD: &str = "a long enough password";

#[allow(clippy::panic, reason = "a test without its staff account cannot run")]
pub async fn account(app: &TestApp, email: &str, role: &str, office_code: Option<&str>) -> String {
    let office_id = match office_code {
        Some(code) => intake::store::directory::office_by_code(&app.state.db, code).await.ok().flatten().map(|o| o.id),
        None => None,
    };
    let input = NewStaffInput {
        email: email.into(),
        role: role.into(),
        office_id,
        password: Some(PASSWORD.into()),
        ..NewStaffInput::default()
    };
    add(&app.state, input, None).await.unwrap_or_else(|e| panic!("{e}"));
    login(app, email).await
}

pub async fn login(app: &TestApp, email: &str) -> String {
    let r = app.post_json("/api/v1/auth/login", &json!({"email": email, "password": PASSWORD})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["access_token"].as_str().unwrap_or_default().to_owned()
}

pub async fn office_id(app: &TestApp, code: &str) -> i64 {
    intake::store::directory::office_by_code(&app.state.db, code).await.ok().flatten().map_or(0, |o| o.id)
}

pub async fn get(app: &TestApp, path: &str, token: Option<&str>) -> Response {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.as_deref().map(|a| vec![("Authorization", a)]).unwrap_or_default();
    app.get_with(path, &headers).await
}

pub async fn post(app: &TestApp, path: &str, token: Option<&str>, body: &Value) -> Response {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth.as_deref().map(|a| vec![("Authorization", a)]).unwrap_or_default();
    app.post_json_with(path, body, &headers).await
}
