//! Evidence files (photos of pay slips and chats, contracts as PDF). A worker adds them with the
//! reference and receipt code; staff of an office that may see the case, and administrators, add
//! them with their token (audited). Only staff who may see the case read them, and each download
//! is audited. Every upload joins the worker's timeline (by the file's name) and tells the
//! handling office by email, without the file.
//!
//! What is stored is not what was sent: the type comes from the bytes, pictures are re-encoded
//! without their metadata ([`reencode`]), names are cleaned and carry the stored type's extension.
//! One request's files are stored all together or not at all.

pub mod reencode;
pub mod spool;
pub mod storage;

use crate::service::ProblemCode;
use crate::service::audit::audit_entry;
use crate::service::case;
use crate::service::staff::auth::Caller;

use crate::domain::evidence::{MAX_FILE_BYTES, MAX_FILES_PER_COMPLAINT, clean_name, stored_filename};
use crate::domain::field_error::FieldError;
use crate::notify::templates;
use crate::service::complaint::track;
use crate::service::{AppState, ServiceError, time_format};
use crate::store;
use crate::store::attachments::AttachmentInsert;
use crate::store::complaints::EventInsert;
use crate::store::entity::{attachment, complaint};
use chrono::{DateTime, Utc};
use reencode::ProcessError;
use serde::Serialize;
use sha2::{Digest, Sha256};
use spool::Spooled;
use std::fmt;
use utoipa::ToSchema;

/// A file part of an upload as the client sent it: the form field, the name the client gave
/// (untrusted, cleaned before use) and the bytes, spooled to disk (at most [`MAX_FILE_BYTES`] when
/// read by `http::multipart`).
pub struct UploadedFile {
    pub field: String,
    pub filename: String,
    pub content: Spooled,
}

impl fmt::Debug for UploadedFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadedFile")
            .field("field", &self.field)
            .field("filename", &self.filename)
            .field("bytes", &self.content.len())
            .finish()
    }
}

/// Uploads checked and re-encoded at once, server-wide: decoding is CPU and memory work (a 50
/// megapixel photo decodes to 200 MB), so a burst of uploads waits its turn instead of running
/// the server out of memory. Two: the cores of the machine the service is sized for.
static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// A stored file, as the uploader is told of it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AttachmentCreated {
    pub id: i64,
    /// The cleaned name, with the extension of the stored type.
    pub filename: String,
    /// What is stored: `image/jpeg` (for JPEG and WebP photos), `image/png` or `application/pdf`.
    pub content_type: String,
    /// Bytes of the stored file.
    pub size: i64,
}

/// A stored file, as staff see it in the case.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AttachmentView {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    /// Hex SHA-256 of the stored file: what a download must match.
    pub sha256: String,
    #[serde(serialize_with = "time_format::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: DateTime<Utc>,
    /// The staff account that uploaded it; absent when the worker did.
    pub uploaded_by_staff_id: Option<i64>,
}

impl From<attachment::Model> for AttachmentView {
    fn from(a: attachment::Model) -> Self {
        Self {
            id: a.id,
            filename: a.filename,
            content_type: a.content_type,
            size: a.size_bytes,
            sha256: a.sha256,
            created_at: a.created_at,
            uploaded_by_staff_id: a.uploaded_by_staff_id,
        }
    }
}

/// A file to hand to staff.
#[derive(Clone)]
pub struct Download {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

#[derive(Clone, Copy)]
enum Uploader<'a> {
    Worker,
    Staff { caller: &'a Caller, ip: Option<&'a str> },
}

/// Whether a worker may upload to this complaint now: the same "not found" as the messages for a
/// wrong code or an unknown reference, and the limit when the complaint is full. Meant to be
/// called before the body is read, so that neither costs an upload.
pub async fn check_worker(state: &AppState, reference: &str, receipt_code: Option<&str>) -> Result<(), ServiceError> {
    let case = track::open(state, reference, receipt_code).await?;
    room_for(state, &case, 1).await
}

/// The same for staff: "not found" for a case their office may not see, forbidden for a copied
/// office, which reads the case but adds nothing to the worker's timeline or quota.
pub async fn check_staff(state: &AppState, caller: &Caller, reference: &str) -> Result<(), ServiceError> {
    let (case, access) = case::access::open(state, caller, reference).await?;
    case::access::acting(access)?;
    room_for(state, &case, 1).await
}

/// A worker adds files with the reference and receipt code.
pub async fn add_for_worker(
    state: &AppState,
    reference: &str,
    receipt_code: Option<&str>,
    files: Vec<UploadedFile>,
) -> Result<Vec<AttachmentCreated>, ServiceError> {
    let case = track::open(state, reference, receipt_code).await?;
    add(state, case, Uploader::Worker, files).await
}

/// Staff of the handling office, or an administrator, add files.
pub async fn add_for_staff(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    files: Vec<UploadedFile>,
    ip: Option<&str>,
) -> Result<Vec<AttachmentCreated>, ServiceError> {
    let (case, access) = case::access::open(state, caller, reference).await?;
    case::access::acting(access)?;
    add(state, case, Uploader::Staff { caller, ip }, files).await
}

/// The files of a case, oldest first.
pub async fn list_for_case(state: &AppState, complaint_id: i64) -> Result<Vec<AttachmentView>, ServiceError> {
    Ok(store::attachments::for_complaint(&state.db, complaint_id)
        .await?
        .into_iter()
        .map(AttachmentView::from)
        .collect())
}

/// One file of a case, for staff who may see the case; the download is written to the audit log.
pub async fn download(
    state: &AppState,
    caller: &Caller,
    reference: &str,
    id: i64,
    ip: Option<&str>,
) -> Result<Download, ServiceError> {
    let (case, _) = case::access::open(state, caller, reference).await?;
    let found = store::attachments::find(&state.db, case.id, id).await?;
    let file = found.ok_or(ServiceError::NotFound(ProblemCode::AttachmentNotFound))?;
    let dir = storage::directory(&state.data_dir);
    let name = file.stored_name.clone();
    let bytes = tokio::task::spawn_blocking(move || storage::read(&dir, &name))
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?
        .map_err(|e| ServiceError::Internal(format!("evidence file of attachment {}: {e}", file.id)))?;
    let details = format!("attachment {}: {} ({}, sha256 {})", file.id, file.filename, file.content_type, file.sha256);
    store::audit::append(
        &state.db,
        audit_entry(caller, "attachment_downloaded", Some(case.id), &case.reference, Some(details), ip),
        state.clock.now(),
    )
    .await?;
    Ok(Download { filename: file.filename, content_type: file.content_type, bytes })
}

/// The limit, counted outside a transaction: refuses early what the transaction would refuse.
async fn room_for(state: &AppState, case: &complaint::Model, adding: usize) -> Result<(), ServiceError> {
    let stored = store::attachments::count_for_complaint(&state.db, case.id).await?;
    if usize::try_from(stored).unwrap_or(usize::MAX).saturating_add(adding) > MAX_FILES_PER_COMPLAINT {
        return Err(ServiceError::Conflict(ProblemCode::AttachmentLimitReached));
    }
    Ok(())
}

/// The name a refused file is called by in the message.
fn display_name(raw: &str) -> String {
    let name = clean_name(raw);
    if name.is_empty() { "file".to_owned() } else { name }
}

/// The problem a file is refused with.
fn refusal(e: ProcessError, raw_name: &str) -> ServiceError {
    let refused = |code| ServiceError::FileRefused { code, file: display_name(raw_name) };
    match e {
        ProcessError::Unsupported => refused(ProblemCode::UnsupportedFileType),
        ProcessError::Unreadable(_) => refused(ProblemCode::FileUnreadable),
        ProcessError::TooManyPixels => refused(ProblemCode::ImageTooLarge),
        ProcessError::PdfActiveContent(reason) => {
            tracing::info!(reason = ?reason, "PDF with active content refused");
            refused(ProblemCode::PdfActiveContent)
        }
        ProcessError::Encode(e) => ServiceError::Internal(format!("re-encoding evidence: {e}")),
    }
}

/// Checks, re-encodes and writes one file; in memory only while it is being processed.
fn store_file(dir: &std::path::Path, file: UploadedFile) -> Result<Written, ServiceError> {
    let bytes =
        file.content.into_bytes().map_err(|e| ServiceError::Internal(format!("reading a spooled upload: {e}")))?;
    let processed = reencode::process(bytes).map_err(|e| refusal(e, &file.filename))?;
    let stored_name = hex::encode(crate::secrets::random_bytes::<16>()?);
    storage::write(dir, &stored_name, &processed.bytes)
        .map_err(|e| ServiceError::Internal(format!("writing an evidence file: {e}")))?;
    Ok(Written {
        size: i64::try_from(processed.bytes.len()).unwrap_or(i64::MAX),
        sha256: hex::encode(Sha256::digest(&processed.bytes)),
        filename: stored_filename(&file.filename, processed.stored),
        content_type: processed.stored.content_type(),
        stored_name,
    })
}

/// Checks, re-encodes and writes every file, one after the other (CPU and disk work: run it off
/// the async runtime). The first file refused refuses the request, and what was written goes.
fn store_files(dir: &std::path::Path, files: Vec<UploadedFile>) -> Result<Vec<Written>, ServiceError> {
    let mut written: Vec<Written> = Vec::with_capacity(files.len());
    for file in files {
        match store_file(dir, file) {
            Ok(w) => written.push(w),
            Err(e) => {
                let names: Vec<String> = written.into_iter().map(|w| w.stored_name).collect();
                storage::remove_all(dir, &names);
                return Err(e);
            }
        }
    }
    Ok(written)
}

/// What a stored file's row needs, once its bytes are on disk.
struct Written {
    stored_name: String,
    filename: String,
    content_type: &'static str,
    size: i64,
    sha256: String,
}

async fn add(
    state: &AppState,
    case: complaint::Model,
    uploader: Uploader<'_>,
    files: Vec<UploadedFile>,
) -> Result<Vec<AttachmentCreated>, ServiceError> {
    if files.is_empty() {
        return Err(ServiceError::Validation(vec![FieldError::new("file", "required")]));
    }
    if files.len() > MAX_FILES_PER_COMPLAINT {
        return Err(ServiceError::Conflict(ProblemCode::AttachmentLimitReached));
    }
    if let Some(file) = files.iter().find(|f| f.content.len() > MAX_FILE_BYTES) {
        return Err(ServiceError::FileRefused {
            code: ProblemCode::AttachmentTooLarge,
            file: display_name(&file.filename),
        });
    }
    room_for(state, &case, files.len()).await?;

    let permit = DECODING.acquire().await.map_err(|e| ServiceError::Internal(e.to_string()))?;
    let dir = storage::directory(&state.data_dir);
    let written_dir = dir.clone();
    let written = tokio::task::spawn_blocking(move || store_files(&written_dir, files))
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))??;
    drop(permit);

    let result = record(state, &case, uploader, &written).await;
    if result.is_err() {
        // Not stored: the bytes go too. (A request dropped while committing may leave files that
        // no row names; nobody can reach those.)
        let names: Vec<String> = written.iter().map(|w| w.stored_name.clone()).collect();
        let _ = tokio::task::spawn_blocking(move || storage::remove_all(&dir, &names)).await;
    }
    result
}

/// The mail to the handling office: always for the worker's files; for staff files only when the
/// uploader is not of that office (it knows already).
async fn mail_for(
    state: &AppState,
    case: &complaint::Model,
    uploader: Uploader<'_>,
    files: usize,
) -> Result<Vec<store::outbox::NewMessage>, ServiceError> {
    use crate::service::office_mail::to_primary_office;
    match uploader {
        Uploader::Worker => {
            to_primary_office(state, case, "worker_evidence", |facts, lang| {
                templates::worker_added_evidence(facts, files, lang)
            })
            .await
        }
        Uploader::Staff { caller, .. } if caller.office_id == Some(case.primary_office_id) => Ok(Vec::new()),
        Uploader::Staff { .. } => {
            to_primary_office(state, case, "staff_evidence", |facts, lang| {
                templates::staff_added_evidence(facts, files, lang)
            })
            .await
        }
    }
}

/// The rows, timeline events, mail and audit entries of stored files, in one transaction that
/// first locks the complaint and counts again, so that uploads racing each other cannot pass the
/// limit together.
async fn record(
    state: &AppState,
    case: &complaint::Model,
    uploader: Uploader<'_>,
    written: &[Written],
) -> Result<Vec<AttachmentCreated>, ServiceError> {
    let mail = mail_for(state, case, uploader, written.len()).await?;
    let (staff, office) = match uploader {
        Uploader::Worker => (None, None),
        Uploader::Staff { caller, .. } => (Some(caller.staff_id), caller.office_id),
    };
    let now = time_format::truncate(state.clock.now());
    let txn = store::begin_write(&state.db).await?;
    if !store::attachments::lock_complaint(&txn, case.id).await? {
        return Err(ServiceError::NotFound(ProblemCode::ComplaintNotFound));
    }
    let stored = store::attachments::count_for_complaint(&txn, case.id).await?;
    if usize::try_from(stored).unwrap_or(usize::MAX).saturating_add(written.len()) > MAX_FILES_PER_COMPLAINT {
        return Err(ServiceError::Conflict(ProblemCode::AttachmentLimitReached));
    }
    let mut created = Vec::with_capacity(written.len());
    for w in written {
        let row = AttachmentInsert {
            complaint_id: case.id,
            stored_name: w.stored_name.clone(),
            filename: w.filename.clone(),
            content_type: w.content_type.to_owned(),
            size_bytes: w.size,
            sha256: w.sha256.clone(),
            uploaded_by_staff_id: staff,
        };
        let id = store::attachments::insert(&txn, row, now).await?;
        let event = EventInsert {
            kind: "attachment",
            status: None,
            message: Some(w.filename.clone()),
            visible_to_worker: true,
            office_id: office,
            staff_id: staff,
        };
        store::cases::add_event(&txn, case.id, event, now).await?;
        if let Uploader::Staff { caller, ip } = uploader {
            let details =
                format!("attachment {id}: {} ({}, {} bytes, sha256 {})", w.filename, w.content_type, w.size, w.sha256);
            store::audit::append(
                &txn,
                audit_entry(caller, "attachment_uploaded", Some(case.id), &case.reference, Some(details), ip),
                now,
            )
            .await?;
        }
        created.push(AttachmentCreated {
            id,
            filename: w.filename.clone(),
            content_type: w.content_type.to_owned(),
            size: w.size,
        });
    }
    store::cases::touch(&txn, case.id, now).await?;
    store::outbox::enqueue(&txn, mail, now).await?;
    txn.commit().await?;
    Ok(created)
}
