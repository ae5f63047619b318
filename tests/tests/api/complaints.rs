//! Filing a complaint and tracking it with the receipt code.

use intake_tests::*;

fn is_reference(s: &str) -> bool {
    s.len() == 9
        && s.as_bytes()[4] == b'-'
        && s.chars().filter(|c| *c != '-').all(|c| "23456789ABCDEFGHJKMNPQRSTUVWXYZ".contains(c))
}

async fn a_valid_complaint_is_filed_and_tracked(backend: Backend) {
    let app = spawn_app(backend).await;
    let filed = app.file(&valid_complaint()).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    assert!(is_reference(&reference), "{reference}");
    assert_eq!(filed.header("location"), Some(format!("/api/v1/complaints/{reference}").as_str()));
    assert_eq!(code.len(), 16);
    assert!(code.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(filed.body["status"], "received");
    assert_eq!(filed.body["created_at"], "2026-06-15T02:00:00.000Z");
    // Filed on Monday 15 June 2026: five working days later is Monday 22 June.
    assert_eq!(filed.body["acknowledge_by"], "2026-06-22");
    let recipients = filed.body["recipients"].as_array().cloned().unwrap_or_default();
    assert_eq!(recipients[0]["role"], "primary");
    assert_eq!(recipients[0]["kind"], "labour_inspection");
    assert_eq!(recipients[0]["name"], "滁州市琅琊区人力资源和社会保障局");
    assert!(recipients.iter().any(|r| r["kind"] == "trade_union" && r["role"] == "copy"));

    let tracked = app.track(&reference, &code).await;
    assert_eq!(tracked.status, 200, "{}", tracked.text);
    assert_eq!(tracked.body["reference"], reference.as_str());
    assert_eq!(tracked.body["status"], "received");
    assert_eq!(tracked.body["category"], "wage_arrears");
    assert_eq!(tracked.body["region_code"], "341102");
    assert_eq!(tracked.body["created_at"], filed.body["created_at"]);
    assert_eq!(tracked.body["updated_at"], filed.body["created_at"]);
    assert_eq!(tracked.body["recipients"], filed.body["recipients"]);
    let timeline = tracked.body["timeline"].as_array().cloned().unwrap_or_default();
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0]["kind"], "submitted");
    assert_eq!(timeline[0]["status"], "received");
    // Only what the worker may see: no receipt code, no contact, no description.
    for hidden in ["receipt_code", "contact", "description", "receipt_hash"] {
        assert!(tracked.body.get(hidden).is_none(), "{hidden} is not in the tracking answer");
    }
    assert!(!tracked.text.contains(&code));
    assert_eq!(tracked.header("cache-control"), Some("no-store"));

    // A person may type the reference in lower case, with a space instead of the dash.
    let typed = app
        .track(
            &reference.to_lowercase().replace('-', " "),
            &format!("{} {} {} {}", &code[..4], &code[4..8], &code[8..12], &code[12..]),
        )
        .await;
    assert_eq!(typed.status, 200);
    assert_eq!(app.stored_count(&reference).await, 1);
}
db_test!(a_valid_complaint_is_filed_and_tracked, a_valid_complaint_is_filed_and_tracked);

async fn stored_values_are_normalised(backend: Backend) {
    use intake::store::entity::complaint;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = spawn_app(backend).await;
    let filed = app.file(&valid_complaint()).await;
    let reference = filed.body["reference"].as_str().unwrap_or_default();
    let row = complaint::Entity::find()
        .filter(complaint::Column::Reference.eq(reference))
        .one(&app.state.db)
        .await
        .ok()
        .flatten();
    let row = row.unwrap_or_else(|| panic!("complaint {reference} is stored"));
    assert_eq!(row.contact_phone.as_deref(), Some("13800138000"), "phone stored without +86, spaces or dashes");
    assert_eq!(row.amount_owed_fen, Some(350_000));
    assert_eq!(row.tags, "migrant");
    assert!(
        !row.receipt_hash.contains(filed.body["receipt_code"].as_str().unwrap_or("-")),
        "only a hash of the code is stored"
    );
    assert_eq!(row.receipt_hash.len(), 64);
}
db_test!(stored_values_are_normalised, stored_values_are_normalised);

async fn wrong_code_and_unknown_reference_look_the_same(backend: Backend) {
    let app = spawn_app(backend).await;
    let filed = app.file(&valid_complaint()).await;
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    let wrong_digit = format!("{}{}", &code[..15], if code.ends_with('0') { '1' } else { '0' });
    let wrong_code = app.track(&reference, &wrong_digit).await;
    let unknown = app.track("2345-6789", &code).await;
    let no_code = app.get(&format!("/api/v1/complaints/{reference}")).await;
    let garbage = app.track("not-a-reference", "x").await;
    for (name, r) in
        [("wrong code", &wrong_code), ("unknown reference", &unknown), ("no code", &no_code), ("garbage", &garbage)]
    {
        assert_eq!(r.status, 404, "{name}");
        assert_eq!(r.header("content-type"), Some("application/problem+json"), "{name}");
    }
    assert_eq!(wrong_code.text, unknown.text, "a wrong code and an unknown reference give the same answer");
    assert_eq!(wrong_code.text, no_code.text);
    assert_eq!(wrong_code.body["code"], "complaint_not_found");
}
db_test!(wrong_code_and_unknown_reference_look_the_same, wrong_code_and_unknown_reference_look_the_same);

async fn anonymous_complaints_are_filed_and_tracked(backend: Backend) {
    let app = spawn_app(backend).await;
    let filed = app.file(&anonymous_complaint()).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let tracked = app
        .track(
            filed.body["reference"].as_str().unwrap_or_default(),
            filed.body["receipt_code"].as_str().unwrap_or_default(),
        )
        .await;
    assert_eq!(tracked.status, 200);
    assert_eq!(tracked.body["status"], "received");
    assert_eq!(app.total_complaints().await, 1);
}
db_test!(anonymous_complaints_are_filed_and_tracked, anonymous_complaints_are_filed_and_tracked);

async fn each_complaint_gets_its_own_reference_and_code(backend: Backend) {
    let app = spawn_app(backend).await;
    let a = app.file(&valid_complaint()).await;
    let b = app.file(&valid_complaint()).await;
    assert_eq!((a.status, b.status), (201, 201), "without an Idempotency-Key two posts are two complaints");
    assert_ne!(a.body["reference"], b.body["reference"]);
    assert_ne!(a.body["receipt_code"], b.body["receipt_code"]);
    // One complaint's code does not open the other.
    let cross = app
        .track(a.body["reference"].as_str().unwrap_or_default(), b.body["receipt_code"].as_str().unwrap_or_default())
        .await;
    assert_eq!(cross.status, 404);
}
db_test!(each_complaint_gets_its_own_reference_and_code, each_complaint_gets_its_own_reference_and_code);
