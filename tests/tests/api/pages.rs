//! The worker's pages without JavaScript: a plain browser that posts forms and keeps cookies.

use intake::store::entity::{complaint, outbox_message};
use intake_tests::browser::{Browser, Page};
use intake_tests::staff::{PASSWORD, account};
use intake_tests::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

const DESCRIPTION: &str = "站点拖欠了我两个月的配送费，一共三千五百元，站长一直说下个月发。";

/// The fields of a complete complaint, as the form sends them.
pub(crate) fn complete<'a>(page: &'a Page, csrf: &'a str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf", csrf.to_owned()),
        ("idempotency_key", page.input("idempotency_key")),
        ("category", "wage_arrears".into()),
        ("province", "34".into()),
        ("city", "3411".into()),
        ("county", "341102".into()),
        ("description", DESCRIPTION.into()),
        ("platform", "美团".into()),
        ("amount_owed", "3500".into()),
        ("tags", "migrant".into()),
        ("tags", "women".into()),
        ("name", "王师傅".into()),
        ("phone", "138 0013 8000".into()),
        ("consent_processing", "on".into()),
        ("consent_forwarding", "on".into()),
    ]
}

pub(crate) fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn every_page_carries_the_security_headers_and_a_csrf_cookie(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut browser = Browser::new(&app);
    for path in ["/", "/track", "/privacy", "/signin", "/no-such-page"] {
        let page = browser.get(path).await;
        let csp = page.header("content-security-policy");
        assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains("http"), "{path}: {csp}");
        assert_eq!(page.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(page.header("referrer-policy"), "no-referrer", "{path}");
        assert!(page.header("content-type").starts_with("text/html"), "{path}");
        assert!(!page.html.contains("<script>") && !page.html.contains(" style="), "{path}: no inline script or style");
        assert!(
            !page.html.contains("src=\"http") && !page.html.contains("href=\"http"),
            "{path}: nothing from another host"
        );
    }
    assert_eq!(browser.get("/no-such-page").await.status, 404);
    let cookie = Browser::new(&app).get("/").await.header("set-cookie").to_owned();
    assert!(
        cookie.starts_with("intake_csrf=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    // The JSON API keeps its own error format.
    assert!(app.get("/api/v1/nothing").await.header("content-type").unwrap_or_default().contains("problem+json"));
}
db_test!(
    every_page_carries_the_security_headers_and_a_csrf_cookie,
    every_page_carries_the_security_headers_and_a_csrf_cookie
);

async fn the_pages_speak_chinese_first_and_english_on_request(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut browser = Browser::new(&app);
    let zh = browser.get("/").await;
    assert!(zh.html.contains("<html lang=\"zh-CN\">") && zh.html.contains("提交劳动权益投诉"));
    let switched = browser.get("/language?to=en&next=/track").await;
    assert_eq!((switched.status, switched.header("location")), (303, "/track"));
    let en = browser.get("/track").await;
    assert!(en.html.contains("<html lang=\"en\">") && en.html.contains("Check the progress of a complaint"));
    // Accept-Language alone works too, and an outside address is never a redirect target.
    let mut english = Browser::new(&app);
    english.language = Some("en-GB,en;q=0.9");
    assert!(english.get("/").await.html.contains("Make a labour-rights complaint"));
    assert_eq!(browser.get("/language?to=zh-CN&next=//evil.example").await.header("location"), "/");
}
db_test!(the_pages_speak_chinese_first_and_english_on_request, the_pages_speak_chinese_first_and_english_on_request);

async fn a_worker_files_without_javascript_and_a_reload_files_nothing_new(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut browser = Browser::new(&app);
    let form = browser.get("/").await;
    let csrf = form.input("csrf");
    assert_eq!(form.input("idempotency_key").len(), 32);

    // The region buttons show the next level, keeping what was typed.
    let step = browser
        .post("/", &[("csrf", &csrf), ("step", "region"), ("province", "34"), ("description", "写了一半")])
        .await;
    assert_eq!(step.status, 200);
    assert!(step.html.contains("<option value=\"3411\">"), "cities of Anhui are offered");
    assert!(step.html.contains("写了一半</textarea>"));
    assert_eq!(app.total_complaints().await, 0);

    let fields = complete(&form, &csrf);
    let filed = browser.post("/", &pairs(&fields)).await;
    assert_eq!(filed.status, 200, "{}", filed.html);
    let reference = filed.text_of("reference");
    let code = filed.text_of("receipt-code");
    assert_eq!(filed.header("x-complaint-reference"), reference);
    assert_eq!(code.len(), 19, "16 digits in groups of four: {code}");
    assert!(filed.html.contains("滁州市琅琊区人力资源和社会保障局"), "the recipients are named");
    // Labour inspection's dates are the law's, and the receipt says so in those words.
    let deadlines = filed.text_of("deadlines");
    assert!(deadlines.contains("法定期限：接收单位应在 2026-06-22 前决定是否受理"), "{deadlines}");
    assert!(deadlines.contains("法定期限：受理后应在 2026-09-14 前办结"), "{deadlines}");
    assert_eq!(filed.header("cache-control"), "no-store");

    // A reload posts the same form again: the same receipt, nothing new stored.
    let again = browser.post("/", &pairs(&fields)).await;
    assert_eq!((again.text_of("reference"), again.text_of("receipt-code")), (reference.clone(), code.clone()));
    assert_eq!(app.total_complaints().await, 1);
    // The receipt opens the complaint through the API as well.
    let tracked = app.track(&reference, &code.replace(' ', "")).await;
    assert_eq!(tracked.status, 200, "{}", tracked.text);
    let stored = complaint::Entity::find().one(&app.state.db).await.ok().flatten();
    let stored = stored.unwrap_or_else(|| panic!("stored"));
    assert_eq!((stored.contact_phone.as_deref(), stored.tags.as_str()), (Some("13800138000"), "women,migrant"));

    // Changed and sent again with the same key: the receipt is only for the same values (security
    // review, finding 1), so the form comes back with a note and a new key; nothing is filed.
    let mut edited = fields.clone();
    edited.retain(|(k, _)| *k != "platform");
    edited.push(("platform", "饿了么".into()));
    let changed = browser.post("/", &pairs(&edited)).await;
    assert_eq!(changed.status, 422);
    assert!(changed.html.contains("之前已经用不同的内容提交过了"));
    assert!(!changed.html.contains(&code) && !changed.html.contains(&code.replace(' ', "")));
    assert_ne!(
        changed.input("idempotency_key"),
        fields.iter().find(|(k, _)| *k == "idempotency_key").map(|(_, v)| v.clone()).unwrap_or_default()
    );
    assert_eq!(app.total_complaints().await, 1);
}
db_test!(
    a_worker_files_without_javascript_and_a_reload_files_nothing_new,
    a_worker_files_without_javascript_and_a_reload_files_nothing_new
);

async fn errors_are_listed_on_top_and_beside_their_fields_with_every_value_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut browser = Browser::new(&app);
    let form = browser.get("/").await;
    let csrf = form.input("csrf");
    let mut fields = complete(&form, &csrf);
    fields.retain(|(k, _)| !matches!(*k, "description" | "phone" | "consent_forwarding" | "county" | "city"));
    fields.extend([("description", "太短了".to_owned()), ("phone", "12345".to_owned())]);
    let page = browser.post("/", &pairs(&fields)).await;
    assert_eq!(page.status, 422);
    let summary = page.text_of("error-summary");
    for expected in ["至少要写 10 个字。", "请填写 11 位手机号码", "需要您勾选同意", "请选到市或区县一级"]
    {
        assert!(summary.contains(expected), "summary lacks {expected}: {summary}");
    }
    assert!(page.html.contains("href=\"#description\"") && page.html.contains("id=\"phone-error\""));
    assert!(page.text_of("phone-error").contains("11 位手机号码"));
    assert!(
        page.html.contains(">太短了</textarea>") && page.input("phone") == "12345" && page.input("name") == "王师傅"
    );
    assert!(page.html.contains("<option value=\"3411\">"), "the next region level is offered");
    assert!(page.html.contains("id=\"tag-women\" value=\"women\" checked"));
    assert_eq!(page.input("idempotency_key"), form.input("idempotency_key"), "the same key stays with the form");
    assert_eq!(app.total_complaints().await, 0);

    let mut english = Browser::new(&app);
    english.language = Some("en");
    let form = english.get("/").await;
    let csrf = form.input("csrf");
    let page = english.post("/", &[("csrf", csrf.as_str()), ("description", "short")]).await;
    assert_eq!(page.status, 422);
    assert!(page.text_of("error-summary").contains("Write at least 10 characters."));
}
db_test!(
    errors_are_listed_on_top_and_beside_their_fields_with_every_value_kept,
    errors_are_listed_on_top_and_beside_their_fields_with_every_value_kept
);

async fn a_post_without_the_csrf_token_files_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut browser = Browser::new(&app);
    let form = browser.get("/").await;
    let fields = complete(&form, "0123456789abcdef01234567.00112233445566778899aabbccddeeff");
    let refused = browser.post("/", &pairs(&fields)).await;
    assert_eq!(refused.status, 403);
    assert!(refused.html.contains("请再按一次提交") && refused.html.contains(DESCRIPTION), "values come back");
    // A token from another browser does not work either.
    let mut other = Browser::new(&app);
    let stolen = form.input("csrf");
    let fields = complete(&form, &stolen);
    assert_eq!(other.post("/", &pairs(&fields)).await.status, 403);
    assert_eq!(app.total_complaints().await, 0);
    // The page that refused carries a fresh token that works.
    let fields = complete(&refused, &refused.input("csrf"));
    assert_eq!(browser.post("/", &pairs(&fields)).await.status, 200);
    assert_eq!(app.total_complaints().await, 1);
}
db_test!(a_post_without_the_csrf_token_files_nothing, a_post_without_the_csrf_token_files_nothing);

async fn a_worker_tracks_and_adds_a_message(backend: Backend) {
    let app = spawn_app(backend).await;
    let filed = app.file(&valid_complaint()).await;
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    let grouped = format!("{} {} {} {}", &code[..4], &code[4..8], &code[8..12], &code[12..]);
    let mut browser = Browser::new(&app);
    let csrf = browser.get("/track").await.input("csrf");

    let wrong = browser.post("/track", &[("csrf", &csrf), ("reference", &reference), ("receipt_code", "1234")]).await;
    let unknown = browser.post("/track", &[("csrf", &csrf), ("reference", "2345-6789"), ("receipt_code", &code)]).await;
    assert_eq!((wrong.status, unknown.status), (404, 404));
    assert_eq!(wrong.text_of("error-summary"), unknown.text_of("error-summary"));

    let page = browser.post("/track", &[("csrf", &csrf), ("reference", &reference), ("receipt_code", &grouped)]).await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert_eq!(page.text_of("status"), "已收到");
    assert!(page.text_of("timeline").contains("已提交"));
    assert!(!page.html.contains("王师傅"), "the page shows the case, not the worker's identity");

    let csrf = page.input("csrf");
    let sent = browser
        .post(
            "/track/message",
            &[("csrf", &csrf), ("reference", &reference), ("receipt_code", &code), ("body", "我找到了工资条。")],
        )
        .await;
    assert_eq!(sent.status, 200);
    assert!(sent.html.contains("补充说明已发送") && sent.text_of("timeline").contains("我找到了工资条。"));
    let mails = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("worker_message"))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(mails.len(), 1, "the office is told");

    let empty = browser
        .post("/track/message", &[("csrf", &csrf), ("reference", &reference), ("receipt_code", &code), ("body", " ")])
        .await;
    assert!(empty.text_of("body-error").contains("此项必填"));
}
db_test!(a_worker_tracks_and_adds_a_message, a_worker_tracks_and_adds_a_message);

async fn a_signed_in_volunteer_files_on_behalf_of_a_worker(backend: Backend) {
    let app = spawn_app(backend).await;
    account(&app, "volunteer@example.org", "volunteer", None).await;
    let mut browser = Browser::new(&app);
    assert!(!browser.get("/").await.html.contains("代劳动者提交"));
    let csrf = browser.get("/signin").await.input("csrf");
    let wrong =
        browser.post("/signin", &[("csrf", &csrf), ("email", "volunteer@example.org"), ("password", "nope")]).await;
    assert_eq!(wrong.status, 401);
    assert!(wrong.html.contains("邮箱或密码不对"));
    let signed =
        browser.post("/signin", &[("csrf", &csrf), ("email", "volunteer@example.org"), ("password", PASSWORD)]).await;
    assert_eq!((signed.status, signed.header("location")), (303, "/console"));
    assert!(signed.header("set-cookie").contains("HttpOnly"));

    let form = browser.get("/").await;
    assert!(form.html.contains("代劳动者提交") && form.html.contains("name=\"consent_method\""));
    let csrf = form.input("csrf");
    let fields = complete(&form, &csrf);
    let missing = browser.post("/", &pairs(&fields)).await;
    assert_eq!(missing.status, 422);
    assert!(missing.html.contains("href=\"#consent_method\""));
    let mut fields = fields;
    fields.push(("consent_method", "written".into()));
    let filed = browser.post("/", &pairs(&fields)).await;
    assert_eq!(filed.status, 200, "{}", filed.html);
    let stored = complaint::Entity::find().one(&app.state.db).await.ok().flatten();
    let stored = stored.unwrap_or_else(|| panic!("stored"));
    assert!(stored.filed_by_staff_id.is_some());
    assert_eq!(stored.on_behalf_consent_method.as_deref(), Some("written"));

    let out = browser.post("/signout", &[("csrf", &filed.input("csrf"))]).await;
    assert_eq!(out.status, 303);
    assert!(!browser.get("/").await.html.contains("代劳动者提交"));
}
db_test!(a_signed_in_volunteer_files_on_behalf_of_a_worker, a_signed_in_volunteer_files_on_behalf_of_a_worker);

async fn the_assets_are_served_for_a_year_under_hashed_names(backend: Backend) {
    let app = spawn_app(backend).await;
    let page = Browser::new(&app).get("/").await;
    let href = page.html.split("href=\"/assets/").nth(1).and_then(|s| s.split('"').next()).unwrap_or_default();
    let src = page.html.split("src=\"/assets/").nth(1).and_then(|s| s.split('"').next()).unwrap_or_default();
    for name in [href, src] {
        let asset = app.get(&format!("/assets/{name}")).await;
        assert_eq!(asset.status, 200, "{name}");
        assert_eq!(asset.header("cache-control"), Some("public, max-age=31536000, immutable"));
    }
    assert_eq!(app.get("/assets/app.0000.js").await.status, 404);
}
db_test!(the_assets_are_served_for_a_year_under_hashed_names, the_assets_are_served_for_a_year_under_hashed_names);

async fn evidence_from_the_page_is_stored_clean_and_a_wrong_file_is_explained(backend: Backend) {
    let app = spawn_app(backend).await;
    let filed = app.file(&valid_complaint()).await;
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    let mut browser = Browser::new(&app);
    let csrf = browser.get("/track").await.input("csrf");
    let form = |csrf: &str, name: &str, bytes: Vec<u8>| {
        reqwest::multipart::Form::new()
            .text("csrf", csrf.to_owned())
            .text("reference", reference.clone())
            .text("receipt_code", code.clone())
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()))
    };
    let page = browser.post_multipart("/track/evidence", form(&csrf, "工资条.jpg", fixtures::photo_with_gps())).await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.html.contains("已上传 1 个文件") && page.text_of("timeline").contains("您上传的证据"));
    let stored = fixtures::stored_attachments(&app.data_dir);
    assert_eq!(stored.len(), 1);
    assert!(!fixtures::has_exif(&stored[0]), "no EXIF or GPS survives");

    let mut exe = b"MZ\x90\x00".to_vec();
    exe.resize(256, 0);
    let refused = browser.post_multipart("/track/evidence", form(&page.input("csrf"), "photo.jpg", exe)).await;
    assert!(refused.text_of("file-error").contains("只能上传 JPEG、PNG、WebP 图片或 PDF 文件"), "{}", refused.html);
    assert_eq!(fixtures::stored_attachments(&app.data_dir).len(), 1);

    // Without the page's token nothing is stored.
    let forged = browser.post_multipart("/track/evidence", form("0.0", "a.jpg", fixtures::photo_with_gps())).await;
    assert_eq!(forged.status, 403);
    assert_eq!(fixtures::stored_attachments(&app.data_dir).len(), 1);
}
db_test!(
    evidence_from_the_page_is_stored_clean_and_a_wrong_file_is_explained,
    evidence_from_the_page_is_stored_clean_and_a_wrong_file_is_explained
);
