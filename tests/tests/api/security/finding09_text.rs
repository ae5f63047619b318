//! Finding 9: control characters in one-line fields, and bidirectional and zero-width
//! characters in any text, let a filer spoof what an officer reads; a NUL was a 500 on
//! PostgreSQL. One-line fields now refuse control characters (`control_characters`), running
//! text refuses all but LF, CR and tab (`text_invalid`), and everything is stored without
//! bidi or zero-width characters, in NFC, with LF line breaks.

use intake::store::entity::{complaint, complaint_event};
use intake_tests::staff::*;
use intake_tests::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

const HIDDEN: [char; 8] =
    ['\u{202E}', '\u{2067}', '\u{2069}', '\u{200B}', '\u{200D}', '\u{FEFF}', '\u{00AD}', '\u{200F}'];

fn with(pointer: &str, value: &str) -> Value {
    let mut body = valid_complaint();
    if let Some(target) = body.pointer_mut(pointer) {
        *target = json!(value);
    }
    body
}

async fn stored(app: &TestApp, reference: &str) -> complaint::Model {
    let row = complaint::Entity::find()
        .filter(complaint::Column::Reference.eq(reference))
        .one(&app.state.db)
        .await
        .unwrap_or_else(|e| panic!("read {reference}: {e}"));
    row.unwrap_or_else(|| panic!("complaint {reference} is stored"))
}

async fn events(app: &TestApp, reference: &str) -> Vec<complaint_event::Model> {
    let id = stored(app, reference).await.id;
    complaint_event::Entity::find()
        .filter(complaint_event::Column::ComplaintId.eq(id))
        .all(&app.state.db)
        .await
        .unwrap_or_else(|e| panic!("events of {reference}: {e}"))
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.chars().any(|c| HIDDEN.contains(&c)), "{what} keeps a hidden character: {text:?}");
    assert!(!text.contains('\r') && !text.contains('\u{0}'), "{what}: {text:?}");
}

async fn finding9_platform_with_nul_or_newline_is_refused_not_500(backend: Backend) {
    let app = spawn_app(backend).await;
    for (pointer, value, field, code) in [
        ("/platform", "美团\u{0}", "platform", "control_characters"),
        ("/platform", "美团\n外卖", "platform", "control_characters"),
        ("/employer", "琅琊区\r\n某配送站", "employer", "control_characters"),
        ("/employer", "配送站\t\u{1B}[2J", "employer", "control_characters"),
        ("/contact/name", "王\u{0}师傅", "contact.name", "control_characters"),
        ("/contact/name", "王师傅\n(站长)", "contact.name", "control_characters"),
        ("/description", "站点拖欠了我两个月的配送费\u{0}一共三千五百元。", "description", "text_invalid"),
    ] {
        let r = app.file(&with(pointer, value)).await;
        assert_eq!(r.status, 422, "{pointer} = {value:?}: {}", r.text);
        assert_eq!(r.field_errors(), vec![(field.to_owned(), code.to_owned())], "{pointer} = {value:?}");
    }
    let en =
        app.post_json_with("/api/v1/complaints", &with("/platform", "a\u{0}b"), &[("Accept-Language", "en")]).await;
    let detail = en.body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(detail.contains("one line"), "the message says what to fix: {detail}");
    assert_eq!(app.total_complaints().await, 0, "nothing refused is stored");

    // The routing preview reads the platform by the same rule.
    let preview = app
        .post_json(
            "/api/v1/routing/preview",
            &json!({"category": "wage_arrears", "region_code": "341102", "platform": "美\u{0}团"}),
        )
        .await;
    assert_eq!(preview.status, 422, "{}", preview.text);
    assert_eq!(preview.field_errors(), vec![("platform".to_owned(), "control_characters".to_owned())]);
}
db_test!(
    finding9_platform_with_nul_or_newline_is_refused_not_500,
    finding9_platform_with_nul_or_newline_is_refused_not_500
);

async fn finding9_bidi_and_zero_width_are_stripped_and_text_is_nfc(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut body = valid_complaint();
    body["platform"] = json!("美团\u{202E}abc");
    body["employer"] = json!("\u{2067}琅琊区\u{200B}某配送站\u{2069}");
    body["description"] = json!("站长在cafe\u{0301}门口说\u{FEFF}下个月发，\r\n一共三千五百元\u{00AD}。\u{200F}");
    body["contact"]["name"] = json!("王\u{200D}师傅");
    let filed = app.file(&body).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();

    let row = stored(&app, &reference).await;
    assert_eq!(row.platform.as_deref(), Some("美团abc"));
    assert_eq!(row.employer.as_deref(), Some("琅琊区某配送站"));
    // NFC: the decomposed "e" + U+0301 is stored as the one character U+00E9.
    assert_eq!(row.description, "站长在caf\u{e9}门口说下个月发，\n一共三千五百元。");
    assert_eq!(row.contact_name.as_deref(), Some("王师傅"));
    for (what, text) in [("platform", row.platform.as_deref()), ("employer", row.employer.as_deref())] {
        assert_clean(what, text.unwrap_or_default());
    }

    // A platform of nothing but hidden characters is no platform.
    let mut hidden_only = valid_complaint();
    hidden_only["platform"] = json!("\u{200B}\u{202E}");
    let filed = app.file(&hidden_only).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let row = stored(&app, filed.body["reference"].as_str().unwrap_or_default()).await;
    assert_eq!(row.platform, None);
}
db_test!(
    finding9_bidi_and_zero_width_are_stripped_and_text_is_nfc,
    finding9_bidi_and_zero_width_are_stripped_and_text_is_nfc
);

async fn finding9_nul_in_a_worker_message_is_refused_and_bidi_is_stripped(backend: Backend) {
    let app = spawn_app(backend).await;
    let filed = app.file(&valid_complaint()).await;
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    let path = format!("/api/v1/complaints/{reference}/messages");
    let send = |text: &'static str| {
        let (app, path, code) = (&app, &path, &code);
        async move { app.post_json_with(path, &json!({"body": text}), &[("X-Receipt-Code", code)]).await }
    };

    let nul = send("三月份的工资条\u{0}找到了").await;
    assert_eq!(nul.status, 422, "{}", nul.text);
    assert_eq!(nul.field_errors(), vec![("body".to_owned(), "text_invalid".to_owned())]);
    let escape = send("工资条\u{1B}[2J").await;
    assert_eq!(escape.status, 422, "{}", escape.text);

    let sent = send("应发\u{202E}0024\u{202C} 元\r\n站长签字\u{200B}了").await;
    assert_eq!(sent.status, 201, "{}", sent.text);
    let messages: Vec<String> =
        events(&app, &reference).await.into_iter().filter(|e| e.kind == "message").filter_map(|e| e.message).collect();
    assert_eq!(messages, vec!["应发0024 元\n站长签字了".to_owned()]);
}
db_test!(
    finding9_nul_in_a_worker_message_is_refused_and_bidi_is_stripped,
    finding9_nul_in_a_worker_message_is_refused_and_bidi_is_stripped
);

async fn finding9_staff_notes_and_reasons_refuse_nul_and_lose_bidi_controls(backend: Backend) {
    let app = spawn_app(backend).await;
    let filed = app.file(&valid_complaint()).await;
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let officer = account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    let notes = format!("/api/v1/cases/{reference}/notes");
    let transitions = format!("/api/v1/cases/{reference}/transitions");

    let nul = post(&app, &notes, Some(&officer), &json!({"body": "先核实\u{0}站点", "visible_to_worker": false})).await;
    assert_eq!(nul.status, 422, "{}", nul.text);
    assert_eq!(nul.field_errors(), vec![("body".to_owned(), "text_invalid".to_owned())]);
    let reason =
        post(&app, &transitions, Some(&officer), &json!({"to": "rejected", "reason": "不属于\u{0}本单位"})).await;
    assert_eq!(reason.status, 422, "{}", reason.text);
    assert_eq!(reason.field_errors(), vec![("reason".to_owned(), "text_invalid".to_owned())]);

    let note = post(
        &app,
        &notes,
        Some(&officer),
        &json!({"body": "内部：\u{202E}先核实站点\u{2066}", "visible_to_worker": false}),
    )
    .await;
    assert_eq!(note.status, 201, "{}", note.text);
    let stored: Vec<String> =
        events(&app, &reference).await.into_iter().filter(|e| e.kind == "note").filter_map(|e| e.message).collect();
    assert_eq!(stored, vec!["内部：先核实站点".to_owned()]);
}
db_test!(
    finding9_staff_notes_and_reasons_refuse_nul_and_lose_bidi_controls,
    finding9_staff_notes_and_reasons_refuse_nul_and_lose_bidi_controls
);
