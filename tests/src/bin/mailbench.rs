//! Benchmark of the mail delivery loop: queues messages in the outbox and measures how fast the
//! loop delivers them to a local SMTP server (the test server of this crate, on 127.0.0.1).
//!
//! cargo run --release -p intake-tests --bin mailbench -- [--messages 5000] [--database-url URL]

use intake::clock::SystemClock;
use intake::config::{Config, RawSettings};
use intake::notify::worker::deliver_due;
use intake::startup::{build_state, mailer};
use intake::store::outbox::{NewMessage, enqueue};
use intake_tests::smtp::SmtpServer;
use std::sync::Arc;
use std::time::Instant;

use intake_tests::bench::arg;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: usize = arg("--messages").map_or(Ok(5000), |v| v.parse())?;
    let dir = std::env::temp_dir().join(format!("intake-mailbench-{}", std::process::id()));
    let smtp = SmtpServer::start().await;
    let raw = RawSettings {
        data_dir: dir.clone(),
        database_url: arg("--database-url"),
        mail_url: Some(smtp.url()),
        mail_worker: false,
        log: "warn".into(),
        ..RawSettings::default()
    };
    let config = Config::check(raw)?;
    let state = build_state(&config, Arc::new(SystemClock)).await?;
    let mut mailer = mailer(&config)?;
    if let Some(n) = arg("--concurrency") {
        mailer.concurrency = n.parse()?;
    }
    let messages: Vec<NewMessage> = (0..count)
        .map(|n| NewMessage {
            kind: "bench",
            complaint_id: None,
            office_id: None,
            to_address: format!("office-{}@example.org", n % 155),
            language: "zh-CN".into(),
            subject: format!("【新投诉】BENCH-{n:05} 拖欠工资/报酬 · 安徽省 滁州市 琅琊区"),
            body_text: "您好：有一份新的劳动者投诉已转交贵单位办理。\n".repeat(8),
            body_html: "<p>您好：有一份新的劳动者投诉已转交贵单位办理。</p>".repeat(8),
            message_id: format!("<bench-{}-{n}@intake.example.org>", std::process::id()),
            secret: None,
        })
        .collect();
    for chunk in messages.chunks(500) {
        enqueue(&state.db, chunk.to_vec(), chrono::Utc::now()).await?;
    }
    let started = Instant::now();
    let mut sent = 0;
    while sent < count {
        let pass = deliver_due(&state, &mailer).await?;
        if pass.claimed == 0 {
            break;
        }
        sent += pass.sent;
    }
    let seconds = started.elapsed().as_secs_f64();
    let received = smtp.received().len();
    let backend = if config.is_postgres() { "PostgreSQL" } else { "SQLite" };
    println!(
        "delivered {sent} of {count} messages ({received} received by the SMTP server) in {seconds:.2} s: {:.0} messages/s ({backend}, batch {}, {} at once over pooled SMTP connections)",
        sent as f64 / seconds,
        mailer.batch,
        mailer.concurrency
    );
    let _ = std::fs::remove_dir_all(dir);
    Ok(())
}
