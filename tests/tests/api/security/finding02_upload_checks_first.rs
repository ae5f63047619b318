//! Finding 2: `POST /track/evidence` read the whole multipart body (up to 50 MB) before checking
//! the CSRF token, the rate limit and the receipt code. Everything that needs no file is now
//! checked before a byte of the files is read, so these requests are answered while the client
//! is still sending: the tests send only the beginning of a 50 MB body and wait for the answer.
//! (The memory the server keeps under 20 parallel 10 MB uploads is measured on the real binary in
//! `api/tests/upload_memory.rs`.)

use intake_tests::browser::Browser;
use intake_tests::multipart::BOUNDARY;
use intake_tests::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Sends the head of a request that announces 50 MB, and `start` of its body, then waits for the
/// answer without sending the rest. The status line, or what went wrong.
fn answer_to_a_partial_upload(port: u16, cookie: &str, start: &[u8]) -> Result<String, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).map_err(|e| e.to_string())?;
    let head = format!(
        "POST /track/evidence HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n{cookie}\r\n",
        50 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).map_err(|e| e.to_string())?;
    stream.write_all(start).map_err(|e| e.to_string())?;
    let mut buf = [0u8; 512];
    let n = stream.read(&mut buf).map_err(|e| format!("no answer while the body was still coming: {e}"))?;
    let text = String::from_utf8_lossy(&buf[..n]).into_owned();
    Ok(text.lines().next().unwrap_or_default().to_owned())
}

fn start_of_body(csrf: &str, reference: &str, code: &str) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in [("csrf", csrf), ("reference", reference), ("receipt_code", code)] {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
        );
    }
    body.extend(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
        )
        .bytes(),
    );
    body.extend([0xff, 0xd8, 0xff, 0xe0]);
    body.extend(vec![0u8; 64 * 1024]);
    body
}

fn port(app: &TestApp) -> u16 {
    app.address.rsplit(':').next().and_then(|p| p.parse().ok()).unwrap_or_default()
}

async fn finding2_an_upload_without_the_csrf_cookie_is_refused_before_its_body(backend: Backend) {
    let app = spawn_app(backend).await;
    let port = port(&app);
    let start = start_of_body("0.0", "AAAA-AAAA", "1234123412341234");
    let status = tokio::task::spawn_blocking(move || answer_to_a_partial_upload(port, "", &start)).await;
    let status = status.unwrap_or_else(|e| Err(e.to_string()));
    assert!(status.as_deref().is_ok_and(|s| s.contains(" 403")), "{status:?}");
}
db_test!(
    finding2_an_upload_without_the_csrf_cookie_is_refused_before_its_body,
    finding2_an_upload_without_the_csrf_cookie_is_refused_before_its_body
);

async fn finding2_a_wrong_receipt_code_is_refused_before_the_files_are_read(backend: Backend) {
    let app = spawn_app(backend).await;
    let filed = app.file(&valid_complaint()).await;
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let mut browser = Browser::new(&app);
    let csrf = browser.get("/track").await.input("csrf");
    let cookie = format!(
        "Cookie: {}\r\n",
        browser.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    );
    let port = port(&app);
    let start = start_of_body(&csrf, &reference, "1111222233334444");
    let status = tokio::task::spawn_blocking(move || answer_to_a_partial_upload(port, &cookie, &start)).await;
    let status = status.unwrap_or_else(|e| Err(e.to_string()));
    assert!(status.as_deref().is_ok_and(|s| s.contains(" 404")), "{status:?}");
    assert!(fixtures::stored_attachments(&app.data_dir).is_empty());
}
db_test!(
    finding2_a_wrong_receipt_code_is_refused_before_the_files_are_read,
    finding2_a_wrong_receipt_code_is_refused_before_the_files_are_read
);
