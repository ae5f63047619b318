//! Evidence files: a worker uploads with the reference and receipt code, the stored file keeps
//! only the pixels (no EXIF, no GPS position), the office is told, and only staff who may see the
//! case read it back.

use image::{DynamicImage, ImageFormat, Rgba, RgbaImage};
use intake::store::entity::{attachment, audit_entry, outbox_message};
use intake_tests::fixtures::{encoded, gps_ifd, photo, photo_with_gps};
use intake_tests::multipart::Part;
use intake_tests::staff::{account, get};
use intake_tests::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const TEN_MIB: usize = 10 * 1024 * 1024;

async fn filed(app: &TestApp) -> (String, String) {
    let r = app.file(&valid_complaint()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    (
        r.body["reference"].as_str().unwrap_or_default().to_owned(),
        r.body["receipt_code"].as_str().unwrap_or_default().to_owned(),
    )
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn a_pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

fn windows_exe() -> Vec<u8> {
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec();
    exe.extend(b"This program cannot be run in DOS mode.\r\n");
    exe.resize(512, 0);
    exe
}

async fn stored_rows(app: &TestApp) -> Vec<attachment::Model> {
    attachment::Entity::find().order_by_asc(attachment::Column::Id).all(&app.state.db).await.unwrap_or_default()
}

fn stored_file(app: &TestApp, row: &attachment::Model) -> Vec<u8> {
    std::fs::read(app.data_dir.join("attachments").join(&row.stored_name)).unwrap_or_default()
}

/// Files in the attachments folder (temporary ones included).
fn files_on_disk(app: &TestApp) -> usize {
    std::fs::read_dir(app.data_dir.join("attachments")).map(|d| d.flatten().count()).unwrap_or(0)
}

async fn a_photo_is_stored_without_its_exif_and_gps_and_the_office_is_told(backend: Backend) {
    let app = spawn_app(backend).await;
    let (reference, code) = filed(&app).await;
    let original = photo_with_gps();
    assert!(contains(&original, b"Exif") && contains(&original, &gps_ifd()));

    let r = app
        .upload(&reference, &[("X-Receipt-Code", &code)], &[Part::file("工地照片.JPG", "image/jpeg", &original)])
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(r.body["id"].is_i64());
    assert_eq!(r.body["filename"], "工地照片.jpg");
    assert_eq!(r.body["content_type"], "image/jpeg");
    assert_eq!(r.body["attachments"].as_array().map(Vec::len), Some(1));

    let rows = stored_rows(&app).await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    let stored = stored_file(&app, row);
    assert_eq!(r.body["size"], json!(stored.len()));
    assert_eq!(row.size_bytes, i64::try_from(stored.len()).unwrap_or(-1));
    assert_eq!(row.sha256, sha256_hex(&stored), "the recorded hash is the stored file's");
    assert!(row.uploaded_by_staff_id.is_none());
    assert_eq!(row.stored_name.len(), 32);
    assert!(!row.stored_name.contains("工地"), "the stored name is not the uploader's");
    assert!(!contains(&stored, b"Exif"), "no EXIF segment is left");
    assert!(!contains(&stored, &gps_ifd()), "no GPS data is left");
    let decoded = image::load_from_memory_with_format(&stored, ImageFormat::Jpeg);
    assert!(decoded.is_ok(), "still a JPEG");
    let decoded = decoded.unwrap_or_default();
    assert_eq!((decoded.width(), decoded.height()), (12, 24), "turned upright by its EXIF orientation");

    // The worker's timeline lists the file by its name.
    let tracked = app.track(&reference, &code).await;
    let timeline = tracked.body["timeline"].as_array().cloned().unwrap_or_default();
    let last = timeline.last().cloned().unwrap_or_default();
    assert_eq!((last["kind"].as_str(), last["message"].as_str()), (Some("attachment"), Some("工地照片.jpg")));

    // The handling office is told, without the file or the worker's identity.
    let mails = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("worker_evidence"))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(
        mails.iter().map(|m| m.to_address.as_str()).collect::<Vec<_>>(),
        vec!["labour-inspection.341102@example.org"]
    );
    assert!(mails[0].subject.starts_with("【投诉人补充证据】") && mails[0].subject.contains(&reference));
    for secret in ["王师傅", "13800138000", "工地照片", "wang@example.com"] {
        assert!(!mails[0].body_text.contains(secret) && !mails[0].body_html.contains(secret), "{secret}");
    }
}
db_test!(
    a_photo_is_stored_without_its_exif_and_gps_and_the_office_is_told,
    a_photo_is_stored_without_its_exif_and_gps_and_the_office_is_told
);

async fn png_webp_and_pdf_files_are_accepted(backend: Backend) {
    let app = spawn_app(backend).await;
    let (reference, code) = filed(&app).await;
    let png = encoded(
        DynamicImage::ImageRgba8(RgbaImage::from_fn(10, 6, |x, _| Rgba([200, (x * 20) as u8, 10, 255]))),
        ImageFormat::Png,
    );
    let webp = photo(ImageFormat::WebP);
    let pdf = a_pdf();
    let r = app
        .upload(
            &reference,
            &[("X-Receipt-Code", &code)],
            &[
                Part::file("聊天记录.png", "image/png", &png),
                Part::file("chat.webp", "image/webp", &webp),
                Part::file("C:\\扫描\\劳动合同.PDF", "application/octet-stream", &pdf),
            ],
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let answered: Vec<(String, String)> = r.body["attachments"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|a| (a["filename"].as_str().unwrap_or("").to_owned(), a["content_type"].as_str().unwrap_or("").to_owned()))
        .collect();
    let expected = [("聊天记录.png", "image/png"), ("chat.jpg", "image/jpeg"), ("劳动合同.pdf", "application/pdf")];
    assert_eq!(answered, expected.map(|(a, b)| (a.to_owned(), b.to_owned())).to_vec());
    assert_eq!(r.body["filename"], "聊天记录.png", "the contract's fields are the first file's");

    let rows = stored_rows(&app).await;
    assert_eq!(rows.len(), 3);
    let stored_png = stored_file(&app, &rows[0]);
    assert!(image::load_from_memory_with_format(&stored_png, ImageFormat::Png).is_ok());
    let stored_webp = stored_file(&app, &rows[1]);
    assert!(image::load_from_memory_with_format(&stored_webp, ImageFormat::Jpeg).is_ok(), "WebP is stored as JPEG");
    assert_eq!(stored_file(&app, &rows[2]), pdf, "a PDF is stored as sent");
    for row in &rows {
        assert_eq!(row.sha256, sha256_hex(&stored_file(&app, row)));
    }
    // One email for the request, not one per file.
    let mails = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("worker_evidence"))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].body_text.contains("3 份证据材料"), "{}", mails[0].body_text);
}
db_test!(png_webp_and_pdf_files_are_accepted, png_webp_and_pdf_files_are_accepted);

async fn an_executable_named_photo_jpg_is_refused_in_the_callers_language(backend: Backend) {
    let app = spawn_app(backend).await;
    let (reference, code) = filed(&app).await;
    let exe = windows_exe();
    let zh = app.upload(&reference, &[("X-Receipt-Code", &code)], &[Part::file("photo.jpg", "image/jpeg", &exe)]).await;
    assert_eq!(zh.status, 415, "{}", zh.text);
    assert_eq!(zh.header("content-type"), Some("application/problem+json"));
    assert_eq!(zh.body["code"], "unsupported_file_type");
    let detail = zh.body["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("只能上传 JPEG、PNG、WebP 图片或 PDF 文件") && detail.contains("photo.jpg"), "{detail}");

    let en = app
        .upload(
            &reference,
            &[("X-Receipt-Code", &code), ("Accept-Language", "en")],
            &[Part::file("photo.jpg", "image/jpeg", &exe)],
        )
        .await;
    assert_eq!(en.status, 415);
    assert_eq!(en.header("content-language"), Some("en"));
    let detail = en.body["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("Only JPEG, PNG or WebP pictures and PDF files can be uploaded"), "{detail}");
    assert_eq!(en.body["title"], "File type not accepted");

    // A file that claims to be a picture but does not decode, and a request without a file.
    let mut broken = photo(ImageFormat::Jpeg);
    broken.truncate(40);
    let unreadable =
        app.upload(&reference, &[("X-Receipt-Code", &code)], &[Part::file("broken.jpg", "image/jpeg", &broken)]).await;
    assert_eq!((unreadable.status, unreadable.body["code"].as_str()), (422, Some("file_unreadable")));
    let no_file = app.upload(&reference, &[("X-Receipt-Code", &code)], &[Part::text("note", "hello")]).await;
    assert_eq!(no_file.status, 422, "{}", no_file.text);
    assert_eq!(no_file.field_errors(), vec![("file".to_owned(), "required".to_owned())]);
    let json_body = app
        .post_json_with(
            &format!("/api/v1/complaints/{reference}/attachments"),
            &json!({}),
            &[("X-Receipt-Code", &code)],
        )
        .await;
    assert_eq!((json_body.status, json_body.body["code"].as_str()), (415, Some("multipart_required")));

    assert!(stored_rows(&app).await.is_empty());
    assert_eq!(files_on_disk(&app), 0, "nothing refused reaches the disk");
}
db_test!(
    an_executable_named_photo_jpg_is_refused_in_the_callers_language,
    an_executable_named_photo_jpg_is_refused_in_the_callers_language
);

async fn a_complaint_takes_five_files_and_no_more(backend: Backend) {
    let app = spawn_app(backend).await;
    let (reference, code) = filed(&app).await;
    let pdf = a_pdf();
    let receipt = [("X-Receipt-Code", code.as_str())];
    let three = [
        Part::file("1.pdf", "application/pdf", &pdf),
        Part::file("2.pdf", "application/pdf", &pdf),
        Part::file("3.pdf", "application/pdf", &pdf),
    ];
    assert_eq!(app.upload(&reference, &receipt, &three).await.status, 201);

    // Three more would make six: none of them is stored.
    let refused = app.upload(&reference, &receipt, &three).await;
    assert_eq!(
        (refused.status, refused.body["code"].as_str()),
        (409, Some("attachment_limit_reached")),
        "{}",
        refused.text
    );
    assert_eq!(stored_rows(&app).await.len(), 3, "all or nothing");

    let two = [Part::file("4.pdf", "application/pdf", &pdf), Part::file("5.pdf", "application/pdf", &pdf)];
    assert_eq!(app.upload(&reference, &receipt, &two).await.status, 201);
    let sixth = app.upload(&reference, &receipt, &[Part::file("6.pdf", "application/pdf", &pdf)]).await;
    assert_eq!(sixth.status, 409, "{}", sixth.text);
    assert_eq!(sixth.body["code"], "attachment_limit_reached");
    assert!(sixth.body["detail"].as_str().unwrap_or_default().contains("最多只能上传 5 个文件"));
    assert_eq!(stored_rows(&app).await.len(), 5);
    assert_eq!(files_on_disk(&app), 5);
}
db_test!(a_complaint_takes_five_files_and_no_more, a_complaint_takes_five_files_and_no_more);

async fn a_file_over_ten_mib_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let (reference, code) = filed(&app).await;
    let mut pdf = a_pdf();
    pdf.resize(TEN_MIB, b' ');
    let exact =
        app.upload(&reference, &[("X-Receipt-Code", &code)], &[Part::file("big.pdf", "application/pdf", &pdf)]).await;
    assert_eq!(exact.status, 201, "exactly 10 MiB is allowed: {}", exact.text);
    assert_eq!(exact.body["size"], json!(TEN_MIB));

    pdf.push(b' ');
    let over = app
        .upload(&reference, &[("X-Receipt-Code", &code)], &[Part::file("bigger.pdf", "application/pdf", &pdf)])
        .await;
    assert_eq!(over.status, 413, "{}", over.text);
    assert_eq!(over.body["code"], "attachment_too_large");
    assert!(over.body["detail"].as_str().unwrap_or_default().contains("“bigger.pdf”超过了 10 MB"));
    assert_eq!(stored_rows(&app).await.len(), 1);
}
db_test!(a_file_over_ten_mib_is_refused, a_file_over_ten_mib_is_refused);

async fn a_wrong_code_is_the_same_404_as_an_unknown_reference(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.rate_limit_per_minute = 5).await;
    let (reference, code) = filed(&app).await;
    let pdf = a_pdf();
    let file = [Part::file("a.pdf", "application/pdf", &pdf)];
    let wrong = app.upload(&reference, &[("X-Receipt-Code", "0000000000000000")], &file).await;
    let unknown = app.upload("2345-6789", &[("X-Receipt-Code", &code)], &file).await;
    let missing = app.upload(&reference, &[], &file).await;
    assert_eq!((wrong.status, unknown.status, missing.status), (404, 404, 404));
    assert_eq!(wrong.text, unknown.text);
    assert_eq!(wrong.text, missing.text);
    // Refused before the body is read, and the client still reads the answer.
    let mut big = a_pdf();
    big.resize(8 * 1024 * 1024, b' ');
    let big_wrong = app
        .upload(&reference, &[("X-Receipt-Code", "0000000000000000")], &[Part::file("a.pdf", "application/pdf", &big)])
        .await;
    assert_eq!(big_wrong.text, unknown.text);
    // The same answer as the messages endpoint gives.
    let message = app
        .post_json_with(
            &format!("/api/v1/complaints/{reference}/messages"),
            &json!({"body": "补充"}),
            &[("X-Receipt-Code", "0000000000000000")],
        )
        .await;
    assert_eq!(wrong.text, message.text);
    assert!(stored_rows(&app).await.is_empty());
    // Guessing codes is limited like the other receipt look-ups (five a minute here).
    let limited = app.upload(&reference, &[("X-Receipt-Code", "0000000000000001")], &file).await;
    assert_eq!(limited.status, 429, "{}", limited.text);
    assert!(limited.header("retry-after").is_some());
}
db_test!(a_wrong_code_is_the_same_404_as_an_unknown_reference, a_wrong_code_is_the_same_404_as_an_unknown_reference);

async fn staff_who_may_see_the_case_see_and_download_its_files(backend: Backend) {
    let app = spawn_app(backend).await;
    let (reference, code) = filed(&app).await;
    let up = app
        .upload(
            &reference,
            &[("X-Receipt-Code", &code)],
            &[Part::file("工资条 3月.jpg", "image/jpeg", &photo_with_gps())],
        )
        .await;
    assert_eq!(up.status, 201, "{}", up.text);
    let id = up.body["id"].as_i64().unwrap_or_default();
    let row = stored_rows(&app).await.into_iter().next().unwrap_or_else(|| panic!("no row"));

    let officer = account(&app, "officer@example.org", "officer", Some("341102-labour-inspection")).await;
    let copied = account(&app, "union@example.org", "officer", Some("341102-trade-union")).await;
    let unrelated = account(&app, "beijing@example.org", "officer", Some("11-labour-inspection")).await;

    let detail = get(&app, &format!("/api/v1/cases/{reference}"), Some(&officer)).await;
    assert_eq!(detail.status, 200, "{}", detail.text);
    let listed = detail.body["attachments"].as_array().cloned().unwrap_or_default();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["id"], json!(id));
    assert_eq!(listed[0]["filename"], "工资条 3月.jpg");
    assert_eq!(listed[0]["content_type"], "image/jpeg");
    assert_eq!(listed[0]["sha256"], json!(row.sha256));
    assert_eq!(listed[0]["size"], json!(row.size_bytes));
    assert!(listed[0]["created_at"].as_str().is_some_and(|t| t.ends_with('Z')));

    let path = format!("/api/v1/cases/{reference}/attachments/{id}");
    for token in [&officer, &copied] {
        let download = app.get_raw(&path, &[("Authorization", &format!("Bearer {token}"))]).await;
        assert_eq!(download.status, 200);
        assert_eq!(sha256_hex(&download.bytes), row.sha256, "the bytes are the stored ones");
        assert_eq!(download.header("content-type"), Some("image/jpeg"));
        assert_eq!(download.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(download.header("cache-control"), Some("no-store"));
        assert_eq!(download.header("content-security-policy"), Some("sandbox"));
        let disposition = download.header("content-disposition").unwrap_or_default();
        assert!(disposition.starts_with("attachment;"), "{disposition}");
        assert!(disposition.contains("filename*=UTF-8''%E5%B7%A5%E8%B5%84%E6%9D%A1%203%E6%9C%88.jpg"), "{disposition}");
    }
    let downloads = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("attachment_downloaded"))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(downloads.len(), 2, "each download is audited");
    assert!(downloads.iter().all(|d| d.details.as_deref().is_some_and(|t| t.contains(&row.sha256))));

    // Another office, an unknown id, an id of another case, no token.
    let other_office = get(&app, &path, Some(&unrelated)).await;
    assert_eq!(other_office.status, 404);
    assert_eq!(get(&app, &format!("/api/v1/cases/{reference}"), Some(&unrelated)).await.status, 404);
    assert_eq!(
        get(&app, &format!("/api/v1/cases/{reference}/attachments/{}", id + 1000), Some(&officer)).await.status,
        404
    );
    let (other_reference, _) = filed(&app).await;
    let elsewhere = get(&app, &format!("/api/v1/cases/{other_reference}/attachments/{id}"), Some(&officer)).await;
    assert_eq!((elsewhere.status, elsewhere.body["code"].as_str()), (404, Some("attachment_not_found")));
    assert_eq!(get(&app, &path, None).await.status, 401);
}
db_test!(staff_who_may_see_the_case_see_and_download_its_files, staff_who_may_see_the_case_see_and_download_its_files);

async fn staff_upload_with_their_token_and_are_audited(backend: Backend) {
    let app = spawn_app(backend).await;
    let (reference, _) = filed(&app).await;
    let officer = account(&app, "officer@example.org", "officer", Some("341102-labour-inspection")).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    let unrelated = account(&app, "beijing@example.org", "officer", Some("11-labour-inspection")).await;
    let volunteer = account(&app, "volunteer@example.org", "volunteer", None).await;
    let pdf = a_pdf();
    let file = [Part::file("现场检查记录.pdf", "application/pdf", &pdf)];
    let bearer = |t: &str| format!("Bearer {t}");

    let by_officer = app.upload(&reference, &[("Authorization", &bearer(&officer))], &file).await;
    assert_eq!(by_officer.status, 201, "{}", by_officer.text);
    let by_admin = app.upload(&reference, &[("Authorization", &bearer(&admin))], &file).await;
    assert_eq!(by_admin.status, 201, "{}", by_admin.text);
    assert_eq!(app.upload(&reference, &[("Authorization", &bearer(&unrelated))], &file).await.status, 404);
    assert_eq!(app.upload(&reference, &[("Authorization", &bearer(&volunteer))], &file).await.status, 403);
    assert_eq!(app.upload(&reference, &[("Authorization", "Bearer garbage")], &file).await.status, 401);

    let rows = stored_rows(&app).await;
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.uploaded_by_staff_id.is_some()));
    let uploads = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("attachment_uploaded"))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(uploads.len(), 2);
    // The handling office is told only of what others added.
    let kinds: Vec<String> = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.contains("evidence"))
        .all(&app.state.db)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|m| m.kind)
        .collect();
    assert_eq!(kinds, vec!["staff_evidence"]);
    let detail = get(&app, &format!("/api/v1/cases/{reference}"), Some(&officer)).await;
    let events: Vec<Value> = detail.body["timeline"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e["kind"] == "attachment")
        .collect();
    assert_eq!(events.len(), 2);
    assert!(events[0]["staff_id"].is_i64());
}
db_test!(staff_upload_with_their_token_and_are_audited, staff_upload_with_their_token_and_are_audited);

async fn uploads_at_the_same_time_cannot_pass_the_limit_together(backend: Backend) {
    let app = spawn_app(backend).await;
    let (reference, code) = filed(&app).await;
    let pdf = a_pdf();
    let receipt = [("X-Receipt-Code", code.as_str())];
    let three = [
        Part::file("1.pdf", "application/pdf", &pdf),
        Part::file("2.pdf", "application/pdf", &pdf),
        Part::file("3.pdf", "application/pdf", &pdf),
    ];
    let (a, b) = tokio::join!(app.upload(&reference, &receipt, &three), app.upload(&reference, &receipt, &three));
    let mut statuses = vec![a.status, b.status];
    statuses.sort_unstable();
    assert_eq!(statuses, vec![201, 409], "{} / {}", a.text, b.text);
    assert_eq!(stored_rows(&app).await.len(), 3);
    assert_eq!(files_on_disk(&app), 3, "the refused request's files are removed");
}
db_test!(
    uploads_at_the_same_time_cannot_pass_the_limit_together,
    uploads_at_the_same_time_cannot_pass_the_limit_together
);
