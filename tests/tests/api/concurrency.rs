//! Many workers at once: every complaint is acknowledged and stored exactly once.

use intake_tests::*;
use std::collections::HashSet;
use std::sync::Arc;

async fn two_hundred_complaints_from_sixty_four_clients(backend: Backend) {
    let app = spawn_app(backend).await;
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut clients = Vec::new();
    for _ in 0..64 {
        let next = next.clone();
        let url = app.url("/api/v1/complaints");
        // A client of its own each: 64 separate connections, as 64 phones would open.
        let client = reqwest::Client::new();
        clients.push(tokio::spawn(async move {
            let mut answers = Vec::new();
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                if n >= 200 {
                    break;
                }
                let mut body = valid_complaint();
                body["description"] = serde_json::json!(format!("第 {n} 份投诉：站点拖欠工资两个月，一直不发。"));
                let sent = client.post(&url).header("Idempotency-Key", format!("load-{n}")).json(&body).send().await;
                let answer = match sent {
                    Ok(r) => {
                        let status = r.status().as_u16();
                        let text = r.text().await.unwrap_or_default();
                        (status, text)
                    }
                    Err(e) => (0, e.to_string()),
                };
                answers.push(answer);
            }
            answers
        }));
    }
    let mut answers = Vec::new();
    for c in clients {
        answers.extend(c.await.unwrap_or_default());
    }
    assert_eq!(answers.len(), 200);
    let failures: Vec<_> = answers.iter().filter(|(s, _)| *s != 201).collect();
    assert!(failures.is_empty(), "every complaint gets 201: {:?}", failures.iter().take(3).collect::<Vec<_>>());
    let references: HashSet<String> = answers
        .iter()
        .filter_map(|(_, text)| serde_json::from_str::<serde_json::Value>(text).ok())
        .filter_map(|v| v["reference"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(references.len(), 200, "200 distinct references");
    assert_eq!(app.total_complaints().await, 200, "stored exactly once each");
    for reference in references.iter().take(20) {
        assert_eq!(app.stored_count(reference).await, 1);
    }
}
db_test!(two_hundred_complaints_from_sixty_four_clients, two_hundred_complaints_from_sixty_four_clients);

/// Filings that arrive together are written together (SQLite commits them in one transaction):
/// complaints that make a lead at once make one lead holding all of them, with one email, and one
/// Idempotency-Key sent by several requests at once files one complaint, which all of them get.
async fn filings_at_once_make_one_lead_and_one_complaint_per_key(backend: Backend) {
    let app = spawn_app(backend).await;
    let url = app.url("/api/v1/complaints");
    let mut sends = Vec::new();
    for n in 0..12 {
        let mut body = valid_complaint();
        body["platform"] = serde_json::json!("美团");
        body["region_code"] = serde_json::json!(if n % 2 == 0 { "341102" } else { "341103" });
        body["employer"] = serde_json::json!(format!("第{n}配送站"));
        sends.push((body, format!("lead-{n}")));
    }
    let mut same = valid_complaint();
    same["description"] = serde_json::json!("同一个请求因为网络不好被手机同时发送了好几次。");
    // Another platform: this one is not part of the lead.
    same["platform"] = serde_json::json!("顺丰");
    for _ in 0..8 {
        sends.push((same.clone(), "one-key-many-sends".to_owned()));
    }
    let mut tasks = Vec::new();
    for (body, key) in sends {
        let (url, client) = (url.clone(), reqwest::Client::new());
        tasks.push(tokio::spawn(async move {
            let r = client.post(&url).header("Idempotency-Key", key.clone()).json(&body).send().await;
            match r {
                Ok(r) => (key, r.status().as_u16(), r.json::<serde_json::Value>().await.unwrap_or_default()),
                Err(e) => (key, 0, serde_json::json!(e.to_string())),
            }
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap_or_else(|e| (String::new(), 0, serde_json::json!(e.to_string()))));
    }
    assert!(answers.iter().all(|(_, s, _)| *s == 201), "{answers:?}");
    let same_key: HashSet<&str> = answers
        .iter()
        .filter(|(k, _, _)| k == "one-key-many-sends")
        .filter_map(|(_, _, v)| v["reference"].as_str())
        .collect();
    assert_eq!(same_key.len(), 1, "one complaint for one key: {same_key:?}");
    assert_eq!(app.total_complaints().await, 13, "twelve about the platform and one for the key");

    use intake::store::entity::{lead, lead_member, outbox_message};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let leads =
        lead::Entity::find().filter(lead::Column::Kind.eq("platform")).all(&app.state.db).await.unwrap_or_default();
    assert_eq!(leads.len(), 1, "{leads:?}");
    let members = lead_member::Entity::find()
        .filter(lead_member::Column::LeadId.eq(leads[0].id))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(members.len(), 12, "every complaint about the platform is in the lead");
    let mails = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("lead_opened"))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(mails.len(), 1, "one email for the lead");
}
db_test!(filings_at_once_make_one_lead, filings_at_once_make_one_lead_and_one_complaint_per_key);
