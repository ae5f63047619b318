//! multipart/form-data bodies built by hand, so that a test controls every byte: the names, the
//! declared types and the sizes of the parts.

use crate::{Response, TestApp};

pub const BOUNDARY: &str = "----intake-test-7MA4YWxkTrZu0gW";

/// One part: a text field (`filename` None) or a file.
pub struct Part<'a> {
    pub name: &'a str,
    pub filename: Option<&'a str>,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
}

impl<'a> Part<'a> {
    /// A file part named `file`, as the evidence form sends it.
    pub fn file(filename: &'a str, content_type: &'a str, bytes: &'a [u8]) -> Self {
        Self { name: "file", filename: Some(filename), content_type, bytes }
    }

    pub fn text(name: &'a str, value: &'a str) -> Self {
        Self { name, filename: None, content_type: "", bytes: value.as_bytes() }
    }
}

pub fn content_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

pub fn body(parts: &[Part<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    for part in parts {
        out.extend(format!("--{BOUNDARY}\r\n").bytes());
        match part.filename {
            Some(filename) => out.extend(
                format!(
                    "Content-Disposition: form-data; name=\"{}\"; filename=\"{filename}\"\r\nContent-Type: {}\r\n\r\n",
                    part.name, part.content_type
                )
                .bytes(),
            ),
            None => out.extend(format!("Content-Disposition: form-data; name=\"{}\"\r\n\r\n", part.name).bytes()),
        }
        out.extend(part.bytes);
        out.extend(b"\r\n");
    }
    out.extend(format!("--{BOUNDARY}--\r\n").bytes());
    out
}

/// A raw answer, for downloads whose bytes are not text.
pub struct RawResponse {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl TestApp {
    /// Posts the parts to a complaint's attachments with the given headers (receipt code, token,
    /// language).
    pub async fn upload(&self, reference: &str, headers: &[(&str, &str)], parts: &[Part<'_>]) -> Response {
        let path = format!("/api/v1/complaints/{reference}/attachments");
        self.post_raw(&path, body(parts), &content_type(), headers).await
    }

    #[allow(clippy::panic, reason = "a request that gets no answer fails the test that sent it")]
    pub async fn get_raw(&self, path: &str, headers: &[(&str, &str)]) -> RawResponse {
        let mut request = self.client.get(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
        RawResponse { status, headers, bytes }
    }
}
