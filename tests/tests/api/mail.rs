//! Every office that must hear of a case hears of it by email, through the outbox, whatever the
//! mail server does; the worker only when they asked; and no staff mail names the worker.

use intake::clock::Clock;
use intake::notify::worker::{Mailer, deliver_due};
use intake::store::entity::{office, outbox_attempt, outbox_message};
use intake_tests::smtp::{SmtpServer, free_port};
use intake_tests::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(15);

fn mailer(app: &TestApp) -> Mailer {
    intake::startup::mailer(&app.config).unwrap_or_else(|e| panic!("{e}"))
}

async fn with_smtp(backend: Backend, url: String, loop_on: bool) -> TestApp {
    spawn_app_with(backend, |s| {
        s.mail_url = Some(url);
        s.mail_worker = loop_on;
        s.public_url = "https://intake.example.org".into();
    })
    .await
}

async fn outbox_rows(app: &TestApp) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find().all(&app.state.db).await.unwrap_or_default()
}

async fn a_new_case_reaches_every_office_and_never_names_the_worker(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let app = with_smtp(backend, smtp.url(), true).await;
    let mut complaint = valid_complaint();
    complaint["tags"] = json!(["women"]);
    complaint["affected_workers"] = json!(12);
    complaint["contact"]["id_number"] = json!("11010519491231002X");
    let filed = app.file(&complaint).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let mails = smtp.wait_for(4, WAIT).await;
    let to = |address: &str| mails.iter().find(|m| m.to.iter().any(|t| t == address)).cloned();

    let primary =
        to("labour-inspection.341102@example.org").unwrap_or_else(|| panic!("the primary office is mailed: {mails:?}"));
    assert_eq!(primary.subject, format!("【新投诉】{reference} 拖欠工资/报酬 · 安徽省 滁州市 琅琊区"));
    let link = format!("https://intake.example.org/console/cases/{reference}");
    assert!(primary.text.contains(&link) && primary.html.contains(&link), "{}", primary.text);
    assert!(primary.text.contains("涉及人数: 12") && primary.text.contains("2026-06-22"), "{}", primary.text);
    for copied in
        ["trade-union.341102@example.org", "womens-federation.341102@example.org", "procuratorate.341102@example.org"]
    {
        let mail = to(copied).unwrap_or_else(|| panic!("{copied} is mailed a copy"));
        assert!(mail.subject.starts_with("【抄送】") && mail.subject.contains(&reference), "{}", mail.subject);
        assert!(mail.text.contains("滁州市琅琊区人力资源和社会保障局主办"), "the copy names who handles it");
    }
    assert_eq!(mails.len(), 4, "one mail per office");
    let ids: std::collections::HashSet<_> = mails.iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(ids.len(), 4, "each mail has its own Message-ID");

    for mail in &mails {
        for secret in [
            "王师傅",
            "13800138000",
            "138-0013-8000",
            "wang@example.com",
            "11010519491231002X",
            "三千五百元",
            "拖欠了我两个月",
        ] {
            assert!(!mail.everything.contains(secret), "a staff mail to {:?} contains {secret}", mail.to);
        }
    }
    assert!(to("wang@example.com").is_none(), "the worker did not ask to be mailed");
}
db_test!(
    a_new_case_reaches_every_office_and_never_names_the_worker,
    a_new_case_reaches_every_office_and_never_names_the_worker
);

async fn the_worker_is_mailed_only_when_asked_in_their_language(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let app = with_smtp(backend, smtp.url(), false).await;
    // The labour inspection office of Anhui reads English.
    office::Entity::update_many()
        .col_expr(office::Column::Language, Expr::value("en"))
        .filter(office::Column::Code.eq("341102-labour-inspection"))
        .exec(&app.state.db)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut complaint = valid_complaint();
    complaint["notify_by_email"] = json!(true);
    complaint["language"] = json!("en");
    let filed = app.file(&complaint).await;
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    let pass = deliver_due(app.state.as_ref(), &mailer(&app)).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((pass.claimed, pass.sent), (3, 3), "primary, copy and worker");
    let mails = smtp.mails();
    let worker =
        mails.iter().find(|m| m.to == vec!["wang@example.com".to_owned()]).unwrap_or_else(|| panic!("{mails:?}"));
    assert_eq!(worker.subject, format!("Your complaint was received: {reference}"));
    assert!(
        worker.text.contains("滁州市琅琊区 Human Resources and Social Security Bureau, Labour Inspection"),
        "{}",
        worker.text
    );
    assert!(worker.text.contains("https://intake.example.org/track"));
    assert!(!worker.everything.contains(&code), "the receipt code is never mailed");
    let office_mail = mails
        .iter()
        .find(|m| m.to == vec!["labour-inspection.341102@example.org".to_owned()])
        .unwrap_or_else(|| panic!("{mails:?}"));
    assert!(office_mail.subject.starts_with("[New complaint]"), "the office's language: {}", office_mail.subject);
    assert!(office_mail.subject.contains("Unpaid or late wages"));
    let union = mails
        .iter()
        .find(|m| m.to == vec!["trade-union.341102@example.org".to_owned()])
        .unwrap_or_else(|| panic!("{mails:?}"));
    assert!(union.subject.starts_with("【抄送】"), "each office in its own language");
}
db_test!(
    the_worker_is_mailed_only_when_asked_in_their_language,
    the_worker_is_mailed_only_when_asked_in_their_language
);

/// Asked for, the receipt code is mailed; the database never holds it readable, before or after.
async fn the_receipt_code_is_mailed_when_asked_and_never_stored_readable(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let app = with_smtp(backend, smtp.url(), false).await;
    let mut complaint = valid_complaint();
    complaint["email_receipt"] = json!(true);
    let filed = app.file(&complaint).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    let queued = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("worker_confirmation"))
        .one(&app.state.db)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("the worker's mail is queued"));
    assert!(!queued.body_text.contains(&code) && !queued.body_html.contains(&code), "only a placeholder is stored");
    assert!(queued.secret_sealed.as_ref().is_some_and(|s| !s.windows(code.len()).any(|w| w == code.as_bytes())));

    deliver_due(app.state.as_ref(), &mailer(&app)).await.unwrap_or_else(|e| panic!("{e}"));
    let mails = smtp.mails();
    let worker =
        mails.iter().find(|m| m.to == vec!["wang@example.com".to_owned()]).unwrap_or_else(|| panic!("{mails:?}"));
    assert!(worker.text.contains(&format!("回执码: {code}")), "{}", worker.text);
    assert!(!worker.everything.contains("{{receipt-code}}"));
    let offices: Vec<_> = mails.iter().filter(|m| m.to != vec!["wang@example.com".to_owned()]).collect();
    assert!(offices.iter().all(|m| !m.everything.contains(&code)), "offices never get the code");
    let sent = outbox_message::Entity::find_by_id(queued.id).one(&app.state.db).await.ok().flatten();
    let sent = sent.unwrap_or_else(|| panic!("row"));
    assert_eq!(sent.status, "sent");
    assert!(sent.secret_sealed.is_none() && sent.secret_nonce.is_none(), "erased once sent");

    // Without an email address it cannot be asked for.
    let mut no_email = valid_complaint();
    no_email["email_receipt"] = json!(true);
    no_email["contact"]["email"] = serde_json::Value::Null;
    let refused = app.file(&no_email).await;
    assert_eq!(refused.status, 422);
    assert!(refused.field_errors().contains(&("email_receipt".into(), "receipt_email_requires_email".into())));
}
db_test!(
    the_receipt_code_is_mailed_when_asked_and_never_stored_readable,
    the_receipt_code_is_mailed_when_asked_and_never_stored_readable
);

async fn smtp_down_delays_mail_and_never_loses_it(backend: Backend) {
    let port = free_port();
    let app = with_smtp(backend, format!("smtp://127.0.0.1:{port}?tls=none"), true).await;
    let started = std::time::Instant::now();
    let filed = app.file(&valid_complaint()).await;
    assert_eq!(filed.status, 201, "the complaint is taken while the mail server is down");
    assert!(started.elapsed() < Duration::from_secs(5), "and at once");
    // The loop tries, fails and records why.
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let failed = outbox_attempt::Entity::find()
            .filter(outbox_attempt::Column::Ok.eq(false))
            .count(&app.state.db)
            .await
            .unwrap_or(0);
        if failed > 0 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no failed attempt was recorded");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(outbox_rows(&app).await.iter().all(|m| m.status == "pending" && m.last_error.is_some()));
    // The server comes up; time passes beyond the backoff; nobody touches anything.
    let smtp = SmtpServer::start_on(port).await;
    app.clock.advance(chrono::Duration::minutes(5));
    let mails = smtp.wait_for(2, WAIT).await;
    assert_eq!(mails.len(), 2);
    let deadline = std::time::Instant::now() + WAIT;
    while !outbox_rows(&app).await.iter().all(|m| m.status == "sent") {
        assert!(std::time::Instant::now() < deadline, "the outbox records the delivery");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}
db_test!(smtp_down_delays_mail_and_never_loses_it, smtp_down_delays_mail_and_never_loses_it);

async fn a_rejecting_server_fails_the_message_until_it_is_retried(backend: Backend) {
    let smtp = SmtpServer::start().await;
    smtp.set_rejecting(true);
    let app = spawn_app_with(backend, |s| {
        s.mail_url = Some(smtp.url());
        s.mail_max_attempts = 3;
    })
    .await;
    let mailer = mailer(&app);
    assert_eq!(app.file(&valid_complaint()).await.status, 201);
    for attempt in 1..=3 {
        let pass = deliver_due(app.state.as_ref(), &mailer).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((pass.claimed, pass.failed_attempts), (2, 2), "attempt {attempt}");
        let again = deliver_due(app.state.as_ref(), &mailer).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.claimed, 0, "nothing is due before its backoff has passed");
        app.clock.advance(chrono::Duration::hours(8));
    }
    let rows = outbox_rows(&app).await;
    assert!(rows.iter().all(|m| m.status == "failed" && m.attempts == 3), "{rows:?}");
    assert!(rows.iter().all(|m| m.last_error.as_deref().is_some_and(|e| e.contains("554"))), "{rows:?}");
    let attempts = outbox_attempt::Entity::find().all(&app.state.db).await.unwrap_or_default();
    assert_eq!(attempts.len(), 6, "every attempt is recorded");
    assert!(
        attempts.iter().all(|a| !a.ok && a.error.as_deref().is_some_and(|e| e.contains("Rejected by the test server")))
    );
    assert_eq!(
        deliver_due(app.state.as_ref(), &mailer).await.map(|p| p.claimed).unwrap_or(9),
        0,
        "failed messages wait for a person"
    );
    let summary = intake::service::outbox::summary(&app.state).await.unwrap_or_default();
    assert_eq!((summary.pending, summary.failed), (0, 2));

    // The server is fixed; an administrator runs `intake outbox retry --all-failed`.
    smtp.set_rejecting(false);
    let queued = intake::service::outbox::retry(&app.state, None).await.unwrap_or(0);
    assert_eq!(queued, 2);
    let pass = deliver_due(app.state.as_ref(), &mailer).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pass.sent, 2);
    assert_eq!(smtp.received().len(), 2);
    assert!(outbox_rows(&app).await.iter().all(|m| m.status == "sent"));
    assert_eq!(outbox_attempt::Entity::find().count(&app.state.db).await.unwrap_or(0), 8, "the history stays");
}
db_test!(
    a_rejecting_server_fails_the_message_until_it_is_retried,
    a_rejecting_server_fails_the_message_until_it_is_retried
);

async fn two_delivery_loops_deliver_each_message_exactly_once(backend: Backend) {
    use intake::store::outbox::{NewMessage, enqueue};
    let smtp = SmtpServer::start().await;
    let first = with_smtp(backend, smtp.url(), true).await;
    let shared_url = first.config.database_url.clone();
    let second = spawn_app_with(backend, |s| {
        s.database_url = Some(shared_url);
        s.mail_url = Some(smtp.url());
        s.mail_worker = true;
    })
    .await;
    let messages: Vec<NewMessage> = (0..200)
        .map(|n| NewMessage {
            kind: "test",
            complaint_id: None,
            office_id: None,
            to_address: format!("office-{n}@example.org"),
            language: "zh-CN".into(),
            subject: format!("message {n}"),
            body_text: "text".into(),
            body_html: "<p>html</p>".into(),
            message_id: format!("<bulk-{n}@intake.example.org>"),
            secret: None,
        })
        .collect();
    enqueue(&first.state.db, messages, first.clock.now()).await.unwrap_or_else(|e| panic!("{e}"));
    let mails = smtp.wait_for(200, Duration::from_secs(60)).await;
    // Give a duplicate time to show up, had there been one.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let received = smtp.mails();
    assert_eq!(received.len(), 200, "each of the 200 messages once, not more");
    let ids: std::collections::HashSet<_> = received.iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(ids.len(), 200);
    assert!(mails.iter().all(|m| m.message_id.starts_with("bulk-")));
    let sent = outbox_message::Entity::find()
        .filter(outbox_message::Column::Status.eq("sent"))
        .count(&second.state.db)
        .await
        .unwrap_or(0);
    assert_eq!(sent, 200);
}
db_test!(two_delivery_loops_deliver_each_message_exactly_once, two_delivery_loops_deliver_each_message_exactly_once);
