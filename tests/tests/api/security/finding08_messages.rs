//! Finding 8: a worker's messages had no limit, and each one mailed the office (30 in a minute gave
//! 30 emails). A complaint takes ten messages an hour, and the office hears of new messages at most
//! once a quarter hour per case.

use chrono::Duration;
use intake::clock::Clock;
use intake::store::entity::outbox_message;
use intake_tests::*;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;

async fn message_mails(app: &TestApp) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("worker_message"))
        .order_by_asc(outbox_message::Column::Id)
        .all(&app.state.db)
        .await
        .unwrap_or_default()
}

async fn finding8_messages_are_limited_and_their_mail_coalesced(backend: Backend) {
    let app = spawn_app(backend).await;
    let filed = app.file(&valid_complaint()).await;
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    let path = format!("/api/v1/complaints/{reference}/messages");
    let send = |n: usize| {
        let body = json!({"body": format!("第 {n} 条补充：三月份的工资条找到了。")});
        let headers = [("X-Receipt-Code", code.clone())];
        let app = &app;
        let path = path.clone();
        async move {
            let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_json_with(&path, &body, &headers).await
        }
    };

    for n in 1..=5 {
        assert_eq!(send(n).await.status, 201);
    }
    let mails = message_mails(&app).await;
    let per_address = mails.len();
    assert!(per_address >= 1, "the office is told");
    assert!(mails.iter().all(|m| m.next_attempt_at == mails[0].next_attempt_at));

    // The mail goes out; the next message is announced a quarter hour after it, not before.
    let sent_at = app.clock.now();
    for m in &mails {
        let mut row: outbox_message::ActiveModel = m.clone().into();
        row.status = Set("sent".into());
        row.sent_at = Set(Some(sent_at));
        let _ = row.update(&app.state.db).await;
    }
    app.clock.advance(Duration::minutes(2));
    assert_eq!(send(6).await.status, 201);
    let mails = message_mails(&app).await;
    assert_eq!(mails.len(), per_address * 2);
    assert!(mails[per_address..].iter().all(|m| m.next_attempt_at == sent_at + Duration::minutes(15)));
    for n in 7..=10 {
        assert_eq!(send(n).await.status, 201);
    }
    assert_eq!(message_mails(&app).await.len(), per_address * 2, "a waiting mail tells of these too");

    // The eleventh within the hour waits.
    let eleventh = send(11).await;
    assert_eq!((eleventh.status, eleventh.body["code"].as_str()), (429, Some("message_limit_reached")));
    let wait: i64 = eleventh.header("retry-after").and_then(|v| v.parse().ok()).unwrap_or_default();
    assert!(wait > 0 && wait <= 3600, "{wait}");
    assert!(eleventh.body["detail"].as_str().is_some_and(|d| d.contains("一小时")));
    app.clock.advance(Duration::hours(1));
    assert_eq!(send(12).await.status, 201);
}
db_test!(
    finding8_messages_are_limited_and_their_mail_coalesced,
    finding8_messages_are_limited_and_their_mail_coalesced
);
