//! Finding 10: PDFs were stored and served exactly as uploaded, so a script or launch action in
//! one reached the officer's PDF reader. Such PDFs are now refused with `pdf_active_content`.

use intake::store::entity::attachment;
use intake_tests::multipart::Part;
use intake_tests::*;
use sea_orm::EntityTrait;

async fn filed(app: &TestApp) -> (String, String) {
    let r = app.file(&valid_complaint()).await;
    assert_eq!(r.status, 201, "{}", r.text);
    (
        r.body["reference"].as_str().unwrap_or_default().to_owned(),
        r.body["receipt_code"].as_str().unwrap_or_default().to_owned(),
    )
}

/// A one-page PDF whose catalog has `catalog` added.
fn pdf(catalog: &str) -> Vec<u8> {
    format!(
        "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R {catalog} >>\nendobj\n\
         2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
         3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n\
         trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    .into_bytes()
}

async fn finding10_pdf_with_javascript_or_launch_is_refused_and_a_plain_pdf_stored(backend: Backend) {
    let app = spawn_app(backend).await;
    let (reference, code) = filed(&app).await;
    let script = pdf("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>");
    let launch = pdf("/OpenAction << /S /Launch /F (cmd.exe) >>");
    // The same script, its name written with an escape as readers accept it.
    let escaped = pdf("/OpenAction << /S /Java#53cript /J#53 (app.alert(1)) >>");

    let zh = app
        .upload(&reference, &[("X-Receipt-Code", &code)], &[Part::file("合同.pdf", "application/pdf", &script)])
        .await;
    assert_eq!(zh.status, 415, "{}", zh.text);
    assert_eq!(zh.header("content-type"), Some("application/problem+json"));
    assert_eq!(zh.body["code"], "pdf_active_content");
    let detail = zh.body["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("合同.pdf") && detail.contains("含有脚本、附件、加密或自动运行的内容"), "{detail}");

    let en = app
        .upload(
            &reference,
            &[("X-Receipt-Code", &code), ("Accept-Language", "en")],
            &[Part::file("contract.pdf", "application/pdf", &launch)],
        )
        .await;
    assert_eq!(en.status, 415, "{}", en.text);
    assert_eq!(en.body["code"], "pdf_active_content");
    assert_eq!(en.header("content-language"), Some("en"));
    assert_eq!(en.body["title"], "This PDF cannot be uploaded");
    let detail = en.body["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("contract.pdf") && detail.contains("contains scripts, attached files"), "{detail}");

    let hidden =
        app.upload(&reference, &[("X-Receipt-Code", &code)], &[Part::file("a.pdf", "application/pdf", &escaped)]).await;
    assert_eq!((hidden.status, hidden.body["code"].as_str()), (415, Some("pdf_active_content")), "{}", hidden.text);

    // One refused file refuses the request: the plain PDF sent with it is not stored either.
    let mixed = app
        .upload(
            &reference,
            &[("X-Receipt-Code", &code)],
            &[Part::file("plain.pdf", "application/pdf", &pdf("")), Part::file("b.pdf", "application/pdf", &script)],
        )
        .await;
    assert_eq!(mixed.status, 415, "{}", mixed.text);
    let rows = attachment::Entity::find().all(&app.state.db).await.unwrap_or_default();
    assert!(rows.is_empty(), "nothing refused is stored: {rows:?}");

    // A plain PDF, and one that opens at its first page, are still stored as sent.
    let plain = pdf("/OpenAction [3 0 R /Fit]");
    let ok = app
        .upload(&reference, &[("X-Receipt-Code", &code)], &[Part::file("劳动合同.pdf", "application/pdf", &plain)])
        .await;
    assert_eq!(ok.status, 201, "{}", ok.text);
    assert_eq!(ok.body["content_type"], "application/pdf");
    let rows = attachment::Entity::find().all(&app.state.db).await.unwrap_or_default();
    assert_eq!(rows.len(), 1);
    let stored = std::fs::read(app.data_dir.join("attachments").join(&rows[0].stored_name)).unwrap_or_default();
    assert_eq!(stored, plain, "a PDF is stored as sent");
}
db_test!(
    finding10_pdf_with_javascript_or_launch_is_refused_and_a_plain_pdf_stored,
    finding10_pdf_with_javascript_or_launch_is_refused_and_a_plain_pdf_stored
);
