//! Finding 7: after an administrator disabled an office, its officers still read and changed its
//! cases. A disabled office's staff are refused at their next request.

use intake_tests::staff::{PASSWORD, account, get, office_id, post};
use intake_tests::*;
use serde_json::json;

async fn finding7_disabling_an_office_ends_its_officers_access(backend: Backend) {
    let app = spawn_app(backend).await;
    let filed = app.file(&valid_complaint()).await;
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let admin = account(&app, "admin@example.org", "admin", None).await;
    let officer = account(&app, "officer@example.org", "officer", Some("341102-labour-inspection")).await;
    assert_eq!(get(&app, &format!("/api/v1/cases/{reference}"), Some(&officer)).await.status, 200);

    let office = office_id(&app, "341102-labour-inspection").await;
    let disabled = app
        .client
        .patch(app.url(&format!("/api/v1/admin/offices/{office}")))
        .header("Authorization", format!("Bearer {admin}"))
        .json(&json!({"active": false}))
        .send()
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(disabled.ok(), Some(200));

    assert_eq!(get(&app, &format!("/api/v1/cases/{reference}"), Some(&officer)).await.status, 401);
    assert_eq!(get(&app, "/api/v1/cases", Some(&officer)).await.status, 401);
    let moved =
        post(&app, &format!("/api/v1/cases/{reference}/transitions"), Some(&officer), &json!({"to": "accepted"})).await;
    assert_eq!(moved.status, 401);
    let again =
        app.post_json("/api/v1/auth/login", &json!({"email": "officer@example.org", "password": PASSWORD})).await;
    assert_eq!((again.status, again.body["code"].as_str()), (401, Some("invalid_credentials")));
    // The administrator, who belongs to no office, carries on.
    assert_eq!(get(&app, &format!("/api/v1/cases/{reference}"), Some(&admin)).await.status, 200);
}
db_test!(finding7_disabling_an_office_ends_its_officers_access, finding7_disabling_an_office_ends_its_officers_access);
