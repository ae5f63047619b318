//! An SMTP sink for fault tests: the test SMTP server of this crate on a given port, appending the
//! Message-ID of every message it receives to a file as it arrives, one a line. A message sent
//! twice (after a crash, a delivery loop may send again what it sent but had not yet recorded)
//! appears twice.
//!
//! cargo run -p intake-tests --bin smtpsink -- --port 2525 --out received.txt
//!
//! Runs until it is stopped.

use intake_tests::smtp::SmtpServer;
use std::io::Write;
use std::time::Duration;

use intake_tests::bench::arg;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port: u16 = arg("--port").map_or(Ok(0), |v| v.parse())?;
    let out = arg("--out").ok_or("--out FILE is required")?;
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&out)?;
    let smtp = SmtpServer::start_on(port).await;
    println!("smtp sink listening on 127.0.0.1:{}, writing Message-IDs to {out}", smtp.port);
    let mut written = 0usize;
    loop {
        let received = smtp.received();
        if received.len() > written {
            let mut lines = String::new();
            for message in &received[written..] {
                let mail = message.parse();
                // An unparsable message still counts, under a name that no outbox row has.
                let id = if mail.message_id.is_empty() { "(no Message-ID)".to_owned() } else { mail.message_id };
                lines.push_str(&id);
                lines.push('\n');
            }
            file.write_all(lines.as_bytes())?;
            file.flush()?;
            written = received.len();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
