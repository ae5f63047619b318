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
