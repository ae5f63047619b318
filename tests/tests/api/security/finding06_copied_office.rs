//! Finding 6: a copied office, which may only read a case, could reveal the worker's identity and
//! add evidence that showed in the worker's timeline and used up the five-file quota.

use intake_tests::browser::Browser;
use intake_tests::fixtures::photo_with_gps;
use intake_tests::multipart::Part;
use intake_tests::staff::{account, get};
use intake_tests::*;

async fn finding6_a_copied_office_reads_masked_and_cannot_reveal_or_upload(backend: Backend) {
    let app = spawn_app(backend).await;
    let filed = app.file(&valid_complaint()).await;
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    // Wage arrears in 341102: labour inspection handles it, the trade union is copied.
    let copied = account(&app, "union@example.org", "officer", Some("341102-trade-union")).await;

    let read = get(&app, &format!("/api/v1/cases/{reference}"), Some(&copied)).await;
    assert_eq!((read.status, read.body["access"].as_str()), (200, Some("read")));
    assert_eq!(read.body["contact"]["revealed"], false);
    assert!(!read.text.contains("13800138000") && !read.text.contains("王师傅"));

    let reveal = get(&app, &format!("/api/v1/cases/{reference}?reveal=contact"), Some(&copied)).await;
    assert_eq!(reveal.status, 403);
    assert!(!reveal.text.contains("13800138000") && !reveal.text.contains("王师傅"));

    let image = photo_with_gps();
    let auth = format!("Bearer {copied}");
    let upload =
        app.upload(&reference, &[("Authorization", &auth)], &[Part::file("a.jpg", "image/jpeg", &image)]).await;
    assert_eq!(upload.status, 403, "{}", upload.text);
    let timeline = app.track(&reference, &code).await;
    assert!(!timeline.text.contains("attachment"), "nothing joined the worker's timeline: {}", timeline.text);
    assert!(fixtures::stored_attachments(&app.data_dir).is_empty());

    // The console offers the copied office no reveal button, and refuses the form.
    let mut browser = Browser::sign_in(&app, "union@example.org").await;
    let page = browser.get(&format!("/console/cases/{reference}")).await;
    assert_eq!(page.status, 200);
    assert!(!page.html.contains("id=\"reveal\""));
    let csrf = page.input("csrf");
    let forced = browser.post(&format!("/console/cases/{reference}/reveal"), &[("csrf", csrf.as_str())]).await;
    assert!(!forced.html.contains("13800138000") && !forced.html.contains("王师傅"));
    assert_ne!(forced.status, 200);
}
db_test!(
    finding6_a_copied_office_reads_masked_and_cannot_reveal_or_upload,
    finding6_a_copied_office_reads_masked_and_cannot_reveal_or_upload
);
