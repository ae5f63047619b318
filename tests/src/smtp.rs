//! A small real SMTP server for tests, over TCP on 127.0.0.1: it speaks enough of RFC 5321 for
//! lettre (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps what it receives, and can be told to
//! answer 5xx to every message.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[derive(Clone, Debug)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
}

/// A received message, decoded.
#[derive(Clone, Debug)]
pub struct Mail {
    pub to: Vec<String>,
    pub subject: String,
    pub message_id: String,
    pub text: String,
    pub html: String,
    /// Every header and body part, decoded, for "does not contain" checks.
    pub everything: String,
}

impl Received {
    pub fn parse(&self) -> Mail {
        let parsed = mail_parser::MessageParser::default().parse(&self.data);
        let Some(m) = parsed else {
            return Mail {
                to: self.to.clone(),
                subject: String::new(),
                message_id: String::new(),
                text: String::new(),
                html: String::new(),
                everything: String::from_utf8_lossy(&self.data).into_owned(),
            };
        };
        let text = m.body_text(0).map(|t| t.into_owned()).unwrap_or_default();
        let html = m.body_html(0).map(|t| t.into_owned()).unwrap_or_default();
        let subject = m.subject().unwrap_or_default().to_owned();
        let message_id = m.message_id().unwrap_or_default().to_owned();
        let everything = format!("{subject}\n{text}\n{html}\n{}", String::from_utf8_lossy(&self.data));
        Mail { to: self.to.clone(), subject, message_id, text, html, everything }
    }
}

struct Inner {
    received: Mutex<Vec<Received>>,
    reject: AtomicBool,
}

pub struct SmtpServer {
    pub port: u16,
    inner: Arc<Inner>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A port that nothing listens on (yet).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(0)
}

impl SmtpServer {
    pub async fn start() -> Self {
        Self::start_on(0).await
    }

    #[allow(clippy::panic, reason = "a mail test without its SMTP server cannot run")]
    pub async fn start_on(port: u16) -> Self {
        let listener = match TcpListener::bind(("127.0.0.1", port)).await {
            Ok(l) => l,
            Err(e) => panic!("the test SMTP server cannot listen on {port}: {e}"),
        };
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
        let inner = Arc::new(Inner { received: Mutex::new(Vec::new()), reject: AtomicBool::new(false) });
        let shared = inner.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, shared.clone()));
            }
        });
        Self { port, inner, task }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}?tls=none", self.port)
    }

    /// Answer 554 to every message from now on (or accept again).
    pub fn set_rejecting(&self, reject: bool) {
        self.inner.reject.store(reject, Ordering::SeqCst);
    }

    pub fn received(&self) -> Vec<Received> {
        self.inner.received.lock().map(|r| r.clone()).unwrap_or_default()
    }

    pub fn mails(&self) -> Vec<Mail> {
        self.received().iter().map(Received::parse).collect()
    }

    #[allow(clippy::panic, reason = "fails the test that waits, as documented")]
    /// Waits until at least `count` messages arrived, or fails the test after `timeout`.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<Mail> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let received = self.received();
            if received.len() >= count {
                return received.iter().map(Received::parse).collect();
            }
            if tokio::time::Instant::now() > deadline {
                panic!("expected {count} messages within {timeout:?}, got {}", received.len());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn session(stream: TcpStream, inner: Arc<Inner>) {
    let _ = stream.set_nodelay(true);
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let mut from = String::new();
    let mut to = Vec::new();
    if write.write_all(b"220 localhost ESMTP test server\r\n").await.is_err() {
        return;
    }
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let command = String::from_utf8_lossy(&line).trim_end().to_owned();
        let verb = command.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-localhost\r\n250-8BITMIME\r\n250 PIPELINING\r\n",
            "HELO" | "NOOP" => b"250 OK\r\n",
            "RSET" => {
                from.clear();
                to.clear();
                b"250 OK\r\n"
            }
            "MAIL" if inner.reject.load(Ordering::SeqCst) => b"554 5.7.1 Rejected by the test server\r\n",
            "MAIL" => {
                from = command.get(10..).unwrap_or("").trim_matches(['<', '>', ' ']).to_owned();
                b"250 OK\r\n"
            }
            "RCPT" => {
                to.push(command.get(8..).unwrap_or("").trim_matches(['<', '>', ' ']).to_owned());
                b"250 OK\r\n"
            }
            "DATA" => {
                if write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await.is_err() {
                    return;
                }
                let mut data = Vec::new();
                loop {
                    line.clear();
                    match reader.read_until(b'\n', &mut line).await {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    if line == b".\r\n" || line == b".\n" {
                        break;
                    }
                    // Dot-stuffing: a leading dot was doubled by the client.
                    let content = if line.starts_with(b"..") { &line[1..] } else { &line[..] };
                    data.extend_from_slice(content);
                }
                if let Ok(mut received) = inner.received.lock() {
                    received.push(Received { from: from.clone(), to: std::mem::take(&mut to), data });
                }
                b"250 OK queued\r\n"
            }
            "QUIT" => {
                let _ = write.write_all(b"221 Bye\r\n").await;
                return;
            }
            _ => b"502 Command not implemented\r\n",
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}
