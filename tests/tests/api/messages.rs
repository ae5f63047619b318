//! A worker adds information with the reference and receipt code; the office hears of it.

use intake::store::entity::outbox_message;
use intake_tests::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

async fn a_worker_adds_information_and_the_office_is_told(backend: Backend) {
    let app = spawn_app(backend).await;
    let filed = app.file(&valid_complaint()).await;
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    let path = format!("/api/v1/complaints/{reference}/messages");
    let sent = app
        .post_json_with(
            &path,
            &json!({"body": "我找到了三月份的工资条，上面写着应发 4200 元。"}),
            &[("X-Receipt-Code", &code)],
        )
        .await;
    assert_eq!(sent.status, 201, "{}", sent.text);
    assert!(sent.body["id"].is_number() && sent.body["at"].is_string());

    let tracked = app.track(&reference, &code).await;
    let timeline = tracked.body["timeline"].as_array().cloned().unwrap_or_default();
    assert_eq!(timeline.last().map(|e| e["kind"].clone()), Some(json!("message")));
    assert!(tracked.text.contains("应发 4200 元"), "the worker sees their message");

    let mails = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("worker_message"))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(
        mails.iter().map(|m| m.to_address.as_str()).collect::<Vec<_>>(),
        vec!["labour-inspection.341102@example.org"]
    );
    assert!(mails[0].subject.contains(&reference) && mails[0].subject.starts_with("【投诉人补充】"));
    assert!(!mails[0].body_text.contains("4200"), "what the worker wrote stays behind the login");

    // The same answer for a wrong code and an unknown reference; a message needs a body.
    let wrong = app.post_json_with(&path, &json!({"body": "补充"}), &[("X-Receipt-Code", "0000000000000000")]).await;
    let unknown = app
        .post_json_with("/api/v1/complaints/2345-6789/messages", &json!({"body": "补充"}), &[("X-Receipt-Code", &code)])
        .await;
    assert_eq!((wrong.status, unknown.status), (404, 404));
    assert_eq!(wrong.text, unknown.text);
    let empty = app.post_json_with(&path, &json!({"body": "   "}), &[("X-Receipt-Code", &code)]).await;
    assert_eq!(empty.status, 422);
    assert!(empty.field_errors().contains(&("body".into(), "required".into())));
    let long = app.post_json_with(&path, &json!({"body": "长".repeat(5001)}), &[("X-Receipt-Code", &code)]).await;
    assert!(long.field_errors().contains(&("body".into(), "too_long".into())));
}
db_test!(a_worker_adds_information_and_the_office_is_told, a_worker_adds_information_and_the_office_is_told);
