//! Security review, finding 2: uploads without a CSRF cookie drove the server from 171 MB to
//! 1.65 GB, because the page read the whole multipart body before checking anything. The real
//! binary runs in a process of its own here, so that its peak memory (VmHWM in /proc) is its own:
//! twenty 10 MB uploads at once, without the cookie, must all be refused and grow it by less than
//! 64 MB.

// A test may stop with a message when the server cannot be run.
#![allow(clippy::panic)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const UPLOADS: usize = 20;
const FILE_BYTES: usize = 10 * 1024 * 1024;
const BOUNDARY: &str = "----upload-memory-test";

struct Server {
    child: Child,
    port: u16,
    dir: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(0)
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").ok()?;
    let mut out = String::new();
    stream.read_to_string(&mut out).ok()?;
    Some(out)
}

fn start() -> Server {
    let dir = std::env::temp_dir().join(format!("intake-upload-memory-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_intake"))
        .arg("serve")
        .env("INTAKE_DATA_DIR", &dir)
        .env("INTAKE_BIND", format!("127.0.0.1:{port}"))
        .env("INTAKE_MAIL_URL", "log:")
        .env("INTAKE_LOG", "warn")
        .env("INTAKE_RATE_LIMIT_PER_MINUTE", "0")
        .env("INTAKE_WORKERS", "2")
        .current_dir(std::env::temp_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run intake: {e}"));
    let server = Server { child, port, dir };
    let deadline = Instant::now() + Duration::from_secs(60);
    while get(port, "/healthz").is_none_or(|r| !r.starts_with("HTTP/1.1 200")) {
        if Instant::now() > deadline {
            panic!("the server did not start on port {port}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    server
}

/// A figure of /proc/PID/status, in kB.
fn status_kb(pid: u32, key: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// One 10 MB upload without any cookie; the status line of the answer.
fn upload(port: u16) -> String {
    let head = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n0.0\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
    );
    let tail = format!("\r\n--{BOUNDARY}--\r\n");
    let length = head.len() + FILE_BYTES + tail.len();
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return "no connection".into() };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let request = format!(
        "POST /track/evidence HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {length}\r\n\r\n{head}"
    );
    let chunk = vec![0x5au8; 64 * 1024];
    // The server may answer and close before the body is through: a failed write is expected.
    let sent = stream.write_all(request.as_bytes()).is_ok()
        && (0..FILE_BYTES / chunk.len()).all(|_| stream.write_all(&chunk).is_ok())
        && stream.write_all(tail.as_bytes()).is_ok();
    let mut buf = [0u8; 256];
    match stream.read(&mut buf) {
        Ok(n) if n > 0 => String::from_utf8_lossy(&buf[..n]).lines().next().unwrap_or_default().to_owned(),
        _ if !sent => "closed while sending".into(),
        _ => "no answer".into(),
    }
}

#[test]
fn finding2_twenty_big_uploads_without_a_cookie_are_refused_in_little_memory() {
    let server = start();
    let pid = server.child.id();
    let before = status_kb(pid, "VmRSS:");
    let port = server.port;
    let threads: Vec<_> = (0..UPLOADS).map(|_| std::thread::spawn(move || upload(port))).collect();
    let answers: Vec<String> = threads.into_iter().map(|t| t.join().unwrap_or_else(|_| "panicked".into())).collect();
    let peak = status_kb(pid, "VmHWM:");
    let growth_mb = peak.saturating_sub(before) / 1024;
    eprintln!("upload memory: RSS before {} MB, peak after {UPLOADS} uploads {} MB", before / 1024, peak / 1024);
    for answer in &answers {
        assert!(answer.contains(" 403") || answer == "closed while sending", "refused: {answer}");
    }
    assert!(answers.iter().any(|a| a.contains(" 403")), "at least one refusal was read: {answers:?}");
    assert!(growth_mb < 64, "the server grew by {growth_mb} MB (from {} kB to a peak of {peak} kB)", before);
    assert!(get(port, "/healthz").is_some_and(|r| r.starts_with("HTTP/1.1 200")), "and it still answers");
}
