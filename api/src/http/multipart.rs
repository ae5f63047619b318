//! Reads a `multipart/form-data` body into small text fields and file parts, within limits, as it
//! streams in: text fields are kept in memory up to their small limit, files are spooled to
//! anonymous temporary files and refused as soon as they pass theirs. The JSON API and the HTML
//! form (fields `csrf`, `reference`, `receipt_code` and one or more files named `file`) read
//! uploads the same way.

use super::problem::ApiError;
use crate::domain::evidence::{MAX_FILE_BYTES, MAX_FILES_PER_COMPLAINT, clean_name};
use crate::domain::language::Language;
use crate::service::ProblemCode;
pub use crate::service::complaint::evidence::UploadedFile;
use crate::service::complaint::evidence::spool::Spooled;
use actix_multipart::Multipart;
use actix_web::error::PayloadError;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE, DispositionParam, HeaderMap};
use actix_web::web::Bytes;
use futures_util::{Stream, StreamExt};

/// How much one request may carry.
#[derive(Clone, Copy, Debug)]
pub struct UploadLimits {
    pub max_files: usize,
    pub max_file_bytes: usize,
    pub max_fields: usize,
    pub max_field_bytes: usize,
}

impl UploadLimits {
    /// Evidence: up to 5 files of 10 MiB, and the few text fields of the HTML form.
    pub const EVIDENCE: Self = Self {
        max_files: MAX_FILES_PER_COMPLAINT,
        max_file_bytes: MAX_FILE_BYTES,
        max_fields: 20,
        max_field_bytes: 8 * 1024,
    };

    /// The largest body that can hold what the limits allow, with room for part headers.
    fn max_body(&self) -> usize {
        let parts = self.max_files + self.max_fields;
        self.max_files * self.max_file_bytes + self.max_fields * self.max_field_bytes + parts * 1024 + 4096
    }
}

/// What a multipart body held.
#[derive(Debug, Default)]
pub struct Upload {
    /// Text fields in the order sent.
    pub fields: Vec<(String, String)>,
    /// File parts in the order sent; a file input left empty is not one.
    pub files: Vec<UploadedFile>,
}

impl Upload {
    /// The first text field of this name.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The files sent under this field name.
    pub fn take_files(&mut self, field: &str) -> Vec<UploadedFile> {
        let (wanted, others) = std::mem::take(&mut self.files).into_iter().partition(|f| f.field == field);
        self.files = others;
        wanted
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the body is not multipart/form-data")]
    NotMultipart,
    #[error("the multipart body cannot be read: {0}")]
    Malformed(String),
    #[error("the body is larger than any upload may be")]
    BodyTooLarge,
    #[error("file {filename:?} is larger than the limit")]
    FileTooLarge { filename: String },
    #[error("more files than one request may carry")]
    TooManyFiles,
    #[error("too many text fields, or one too long")]
    FieldsTooLarge,
    #[error("the upload cannot be held on disk: {0}")]
    Spool(std::io::Error),
}

impl UploadError {
    /// The problem to answer with.
    pub fn to_api(&self, lang: Language) -> ApiError {
        match self {
            Self::NotMultipart => ApiError::new(ProblemCode::MultipartRequired, lang),
            Self::Malformed(reason) => ApiError::new(ProblemCode::BadRequest, lang).with(
                "reason",
                match lang {
                    Language::ZhCn => format!("上传的内容不完整或格式不对，请重新上传。（{reason}）"),
                    Language::En => format!("The upload is incomplete or malformed: send it again. ({reason})"),
                },
            ),
            Self::BodyTooLarge | Self::FieldsTooLarge => ApiError::new(ProblemCode::PayloadTooLarge, lang).with(
                "limit",
                match lang {
                    Language::ZhCn => "5 个各 10 MB 的文件",
                    Language::En => "5 files of 10 MB each",
                },
            ),
            Self::FileTooLarge { filename } => {
                let name = clean_name(filename);
                ApiError::new(ProblemCode::AttachmentTooLarge, lang)
                    .with("file", if name.is_empty() { "file".into() } else { name })
            }
            Self::TooManyFiles => ApiError::new(ProblemCode::AttachmentLimitReached, lang),
            Self::Spool(e) => {
                tracing::error!(error = %e, "an upload could not be spooled to a temporary file");
                ApiError::new(ProblemCode::Internal, lang)
            }
        }
    }
}

fn is_form_data(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("multipart/form-data"))
}

/// The quoted `filename="…"` of a raw Content-Disposition value, as browsers write it (the HTML
/// standard's multipart encoding): backslashes are literal (old browsers on Windows sent whole
/// paths) and a `"` in the name is sent as `%22`. The generic header parser reads a backslash as
/// an escape, and would lose the path separators that [`clean_name`] cuts at.
fn quoted_filename(value: &str) -> Option<String> {
    let mut from = 0;
    while let Some(at) = value[from..].find("filename=\"").map(|i| i + from) {
        let before = value[..at].trim_end();
        if before.ends_with(';') {
            let rest = &value[at + "filename=\"".len()..];
            let end = rest.find('"')?;
            return Some(rest[..end].replace("%22", "\""));
        }
        from = at + 1;
    }
    None
}

/// The file name of a part: `filename*` (RFC 5987, UTF-8) when sent, else `filename`, which
/// browsers send as raw UTF-8. `None` for a text field.
fn part_filename(field: &actix_multipart::Field) -> Option<String> {
    let disposition = field.content_disposition()?;
    let extended = disposition.parameters.iter().find_map(|p| match p {
        DispositionParam::FilenameExt(ext) => Some(String::from_utf8_lossy(&ext.value).into_owned()),
        _ => None,
    });
    let raw = field.headers().get(CONTENT_DISPOSITION).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    extended
        .or_else(|| raw.as_deref().and_then(quoted_filename))
        .or_else(|| disposition.get_filename().map(str::to_owned))
}

/// A text part's bytes; `Ok(None)` as soon as they pass `limit`.
async fn collect(field: &mut actix_multipart::Field, limit: usize) -> Result<Option<Vec<u8>>, UploadError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|e| UploadError::Malformed(e.to_string()))?;
        if bytes.len() + chunk.len() > limit {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

/// A file part written to a spool as it arrives; `Ok(None)` as soon as it passes `limit`.
async fn spool(field: &mut actix_multipart::Field, limit: usize) -> Result<Option<Spooled>, UploadError> {
    let mut spooled = Spooled::new().map_err(UploadError::Spool)?;
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|e| UploadError::Malformed(e.to_string()))?;
        if spooled.len() + chunk.len() > limit {
            return Ok(None);
        }
        spooled.append(&chunk).map_err(UploadError::Spool)?;
    }
    Ok(Some(spooled))
}

/// Reads a multipart body part by part within limits: first the text fields that come before any
/// file (an HTML form sends its hidden fields first), so that the caller can check them (CSRF
/// token, receipt code) before a byte of any file is read; then the rest, files spooled to disk.
pub struct Reader {
    multipart: Multipart,
    limits: UploadLimits,
    upload: Upload,
    /// The first file part, met while reading the fields and not yet read.
    pending: Option<actix_multipart::Field>,
}

impl Reader {
    /// Checks what the headers say; reads nothing yet.
    pub fn new<S>(headers: &HeaderMap, payload: S, limits: &UploadLimits) -> Result<Self, UploadError>
    where
        S: Stream<Item = Result<Bytes, PayloadError>> + 'static,
    {
        if !is_form_data(headers) {
            return Err(UploadError::NotMultipart);
        }
        let declared = headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|n| n > limits.max_body()) {
            return Err(UploadError::BodyTooLarge);
        }
        Ok(Self {
            multipart: Multipart::new(headers, payload),
            limits: *limits,
            upload: Upload::default(),
            pending: None,
        })
    }

    /// The text fields sent before the first file part.
    pub async fn fields_before_files(&mut self) -> Result<&[(String, String)], UploadError> {
        while self.pending.is_none() {
            let Some(part) = self.multipart.next().await else { break };
            let mut part = part.map_err(|e| UploadError::Malformed(e.to_string()))?;
            if part_filename(&part).is_some() {
                self.pending = Some(part);
            } else {
                self.text_field(&mut part).await?;
            }
        }
        Ok(&self.upload.fields)
    }

    async fn text_field(&mut self, part: &mut actix_multipart::Field) -> Result<(), UploadError> {
        if self.upload.fields.len() == self.limits.max_fields {
            return Err(UploadError::FieldsTooLarge);
        }
        let name = part.name().unwrap_or_default().to_owned();
        let bytes = collect(part, self.limits.max_field_bytes).await?.ok_or(UploadError::FieldsTooLarge)?;
        let text =
            String::from_utf8(bytes).map_err(|_| UploadError::Malformed(format!("field {name} is not UTF-8 text")))?;
        self.upload.fields.push((name, text));
        Ok(())
    }

    async fn file(&mut self, part: &mut actix_multipart::Field, filename: String) -> Result<(), UploadError> {
        let name = part.name().unwrap_or_default().to_owned();
        let spooled = spool(part, self.limits.max_file_bytes)
            .await?
            .ok_or_else(|| UploadError::FileTooLarge { filename: filename.clone() })?;
        // A file input left empty is sent as a part with no name and no bytes.
        if filename.is_empty() && spooled.is_empty() {
            return Ok(());
        }
        if self.upload.files.len() == self.limits.max_files {
            return Err(UploadError::TooManyFiles);
        }
        self.upload.files.push(UploadedFile { field: name, filename, content: spooled });
        Ok(())
    }

    /// Reads the rest of the body. Stops at the first limit passed, without reading further.
    pub async fn finish(mut self) -> Result<Upload, UploadError> {
        let mut next = self.pending.take().map(Ok);
        loop {
            let part = match next.take() {
                Some(part) => part,
                None => match self.multipart.next().await {
                    Some(part) => part.map_err(|e| UploadError::Malformed(e.to_string())),
                    None => break,
                },
            };
            let mut part = part?;
            match part_filename(&part) {
                Some(filename) => self.file(&mut part, filename).await?,
                None => self.text_field(&mut part).await?,
            }
        }
        Ok(self.upload)
    }
}

/// Reads the whole body within `limits`. Stops at the first limit passed, without reading the
/// rest of the body.
pub async fn read<S>(headers: &HeaderMap, payload: S, limits: &UploadLimits) -> Result<Upload, UploadError>
where
    S: Stream<Item = Result<Bytes, PayloadError>> + 'static,
{
    Reader::new(headers, payload, limits)?.finish().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderValue;

    const BOUNDARY: &str = "XyZ123";

    fn headers(len: Option<usize>) -> HeaderMap {
        let mut h = HeaderMap::new();
        let ct = format!("multipart/form-data; boundary={BOUNDARY}");
        h.insert(CONTENT_TYPE, HeaderValue::from_str(&ct).unwrap_or(HeaderValue::from_static("x")));
        if let Some(len) = len {
            h.insert(CONTENT_LENGTH, HeaderValue::from(len));
        }
        h
    }

    fn body(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, filename, bytes) in parts {
            out.extend(format!("--{BOUNDARY}\r\n").bytes());
            match filename {
                Some(f) => out.extend(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    )
                    .bytes(),
                ),
                None => out.extend(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").bytes()),
            }
            out.extend(*bytes);
            out.extend(b"\r\n");
        }
        out.extend(format!("--{BOUNDARY}--\r\n").bytes());
        out
    }

    /// The body in small chunks, as a network delivers it.
    fn stream(body: Vec<u8>) -> impl Stream<Item = Result<Bytes, PayloadError>> + 'static {
        let chunks: Vec<Result<Bytes, PayloadError>> =
            body.chunks(1000).map(|c| Ok(Bytes::copy_from_slice(c))).collect();
        futures_util::stream::iter(chunks)
    }

    const SMALL: UploadLimits = UploadLimits { max_files: 2, max_file_bytes: 4096, max_fields: 3, max_field_bytes: 16 };

    async fn run(parts: &[(&str, Option<&str>, &[u8])], limits: &UploadLimits) -> Result<Upload, UploadError> {
        read(&headers(None), stream(body(parts)), limits).await
    }

    #[actix_web::test]
    async fn fields_and_files_are_collected_in_order() {
        let upload = run(
            &[
                ("csrf", None, b"token"),
                ("file", Some("照片.jpg"), &[1, 2, 3]),
                ("file", Some(""), b""),
                ("file", Some("C:\\My Files\\b.pdf"), &[4; 3000]),
                ("receipt_code", None, b"1234"),
            ],
            &SMALL,
        )
        .await;
        assert!(upload.is_ok(), "{upload:?}");
        let mut upload = upload.unwrap_or_default();
        assert_eq!(upload.field("csrf"), Some("token"));
        assert_eq!(upload.field("receipt_code"), Some("1234"));
        let files = upload.take_files("file");
        assert_eq!(
            files.iter().map(|f| f.filename.as_str()).collect::<Vec<_>>(),
            vec!["照片.jpg", "C:\\My Files\\b.pdf"]
        );
        assert_eq!(files[1].content.len(), 3000);
        assert!(upload.files.is_empty());
    }

    #[test]
    fn browser_file_names_keep_their_backslashes() {
        let value = r#"form-data; name="file"; filename="C:\Users\王\a%22b.jpg""#;
        assert_eq!(quoted_filename(value).as_deref(), Some(r#"C:\Users\王\a"b.jpg"#));
        assert_eq!(quoted_filename(r#"form-data; name="x; filename=\"y"; filename="z.png""#).as_deref(), Some("z.png"));
        assert_eq!(quoted_filename("form-data; name=\"file\"; filename*=UTF-8''a.jpg"), None);
        assert_eq!(quoted_filename("form-data; name=\"note\""), None);
    }

    #[actix_web::test]
    async fn every_limit_is_enforced_while_reading() {
        let too_big = run(&[("file", Some("big.jpg"), &[0; 4097])], &SMALL).await;
        assert!(matches!(too_big, Err(UploadError::FileTooLarge { ref filename }) if filename == "big.jpg"));
        let exact = run(&[("file", Some("exact.jpg"), &[0; 4096])], &SMALL).await;
        assert!(exact.is_ok());
        let three = run(&[("a", Some("1"), b"1"), ("a", Some("2"), b"2"), ("a", Some("3"), b"3")], &SMALL).await;
        assert!(matches!(three, Err(UploadError::TooManyFiles)));
        let long = run(&[("note", None, &[b'a'; 17])], &SMALL).await;
        assert!(matches!(long, Err(UploadError::FieldsTooLarge)));
        let many = run(&[("a", None, b"1"), ("b", None, b"2"), ("c", None, b"3"), ("d", None, b"4")], &SMALL).await;
        assert!(matches!(many, Err(UploadError::FieldsTooLarge)));
        let binary = run(&[("a", None, &[0xff, 0xfe])], &SMALL).await;
        assert!(matches!(binary, Err(UploadError::Malformed(_))));
        let declared = read(&headers(Some(SMALL.max_body() + 1)), stream(Vec::new()), &SMALL).await;
        assert!(matches!(declared, Err(UploadError::BodyTooLarge)));
        let mut json = HeaderMap::new();
        json.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        assert!(matches!(read(&json, stream(Vec::new()), &SMALL).await, Err(UploadError::NotMultipart)));
        let cut = body(&[("file", Some("a.jpg"), &[1; 100])]);
        let truncated = read(&headers(None), stream(cut[..60].to_vec()), &SMALL).await;
        assert!(matches!(truncated, Err(UploadError::Malformed(_))));
    }
}
