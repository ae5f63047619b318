//! Public-interest leads: complaints in one city naming the same platform for the same problem
//! within the window make one lead, mailed once to the province's procuratorate; the officers of
//! that office see and decide it, others do not.

use intake::store::entity::outbox_message;
use intake_tests::staff::*;
use intake_tests::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

/// A complaint about `platform` in `region`, by seven workers, from its own delivery station so
/// that only the platform groups the complaints.
fn about(platform: &str, region: &str, n: usize) -> Value {
    let mut body = valid_complaint();
    body["platform"] = json!(platform);
    body["region_code"] = json!(region);
    body["employer"] = json!(format!("第{n}配送站"));
    body["affected_workers"] = json!(7);
    body
}

async fn file(app: &TestApp, body: &Value) -> String {
    let r = app.file(body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["reference"].as_str().unwrap_or_default().to_owned()
}

async fn lead_mails(app: &TestApp) -> Vec<outbox_message::Model> {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("lead_opened"))
        .all(&app.state.db)
        .await
        .unwrap_or_default()
}

fn references(lead: &Value) -> Vec<String> {
    lead["members"]
        .as_array()
        .map(|m| m.iter().filter_map(|c| c["reference"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// Files the five complaints that make the lead (after one that falls out of the window and one
/// in another city); returns the lead's id and the five references.
async fn make_lead(app: &TestApp) -> (i64, Vec<String>) {
    let old = file(app, &about("美团", "341102", 0)).await;
    app.clock.advance(chrono::Duration::days(91));
    let elsewhere = file(app, &about("美团", "340102", 1)).await;
    let mut five = Vec::new();
    for (n, (platform, region)) in
        [("美团外卖", "341102"), ("美团", "341103"), ("Meituan ", "341102"), ("美团", "341103")].into_iter().enumerate()
    {
        five.push(file(app, &about(platform, region, n + 2)).await);
        app.clock.advance(chrono::Duration::days(1));
    }
    assert!(lead_mails(app).await.is_empty(), "four in the window are not yet a lead");
    five.push(file(app, &about("MEITUAN", "341102", 6)).await);
    let admin = account(app, "admin@example.org", "admin", None).await;
    let list = get(app, "/api/v1/leads", Some(&admin)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(1), "{}", list.text);
    let id = list.body["items"][0]["id"].as_i64().unwrap_or_default();
    let lead = get(app, &format!("/api/v1/leads/{id}"), Some(&admin)).await;
    let members = references(&lead.body);
    assert_eq!(members.len(), 5, "{}", lead.text);
    assert!(five.iter().all(|r| members.contains(r)));
    assert!(!members.contains(&old), "outside the window");
    assert!(!members.contains(&elsewhere), "another city");
    (id, five)
}

async fn five_complaints_about_one_platform_make_one_lead(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, _) = make_lead(&app).await;
    let pil = office_id(&app, "3411-procuratorate").await;
    let mails = lead_mails(&app).await;
    assert_eq!(mails.len(), 1, "one email");
    assert_eq!(mails[0].office_id, Some(pil), "to the Anhui procuratorate");
    assert!(mails[0].body_text.contains(&format!("/console/leads/{id}")), "{}", mails[0].body_text);
    assert!(!mails[0].body_text.contains("王师傅") && !mails[0].body_text.contains("138"), "no identity");

    // A sixth joins the lead without a second email.
    let sixth = file(&app, &about("美团", "341103", 7)).await;
    let admin = login(&app, "admin@example.org").await;
    let lead = get(&app, &format!("/api/v1/leads/{id}"), Some(&admin)).await;
    assert!(references(&lead.body).contains(&sixth));
    assert_eq!(lead.body["complaints"], 6);
    assert_eq!(lead.body["affected_workers"], 42);
    assert_eq!(lead.body["key"], "meituan");
    assert_eq!(lead.body["city_prefix"], "3411");
    assert_eq!(lead_mails(&app).await.len(), 1, "still one email");
    let complaint_keys = intake::store::complaints::find_by_reference(&app.state.db, &sixth).await.ok().flatten();
    assert_eq!(complaint_keys.and_then(|c| c.platform_key).as_deref(), Some("meituan"));
}

async fn the_procuratorate_decides_and_others_do_not_see(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, five) = make_lead(&app).await;
    let pil = account(&app, "pil@example.org", "officer", Some("3411-procuratorate")).await;
    let inspector = account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    let volunteer = account(&app, "volunteer@example.org", "volunteer", None).await;
    let path = format!("/api/v1/leads/{id}");

    let mine = get(&app, "/api/v1/leads", Some(&pil)).await;
    assert_eq!(mine.body["items"][0]["id"], id);
    let detail = get(&app, &path, Some(&pil)).await;
    assert_eq!(detail.status, 200);
    assert!(!detail.text.contains("王师傅") && !detail.text.contains("13800138000"), "no identity: {}", detail.text);
    assert_eq!(get(&app, "/api/v1/leads", Some(&inspector)).await.body["items"], json!([]));
    assert_eq!(get(&app, &path, Some(&inspector)).await.status, 404);
    assert_eq!(get(&app, "/api/v1/leads", Some(&volunteer)).await.status, 403);
    assert_eq!(post(&app, &path, Some(&inspector), &json!({"status": "accepted"})).await.status, 404);

    let no_reason = post(&app, &path, Some(&pil), &json!({"status": "dismissed", "reason": "  "})).await;
    assert_eq!(no_reason.status, 422, "{}", no_reason.text);
    assert_eq!(no_reason.field_errors(), vec![("reason".to_owned(), "required".to_owned())]);
    let unknown = post(&app, &path, Some(&pil), &json!({"status": "maybe"})).await;
    assert_eq!(unknown.status, 422);
    let accepted = post(&app, &path, Some(&pil), &json!({"status": "accepted"})).await;
    assert_eq!((accepted.status, accepted.body["status"].as_str()), (200, Some("accepted")), "{}", accepted.text);

    // Linking needs a case the procuratorate acts on: a member case is the labour inspection's.
    let not_theirs = post(&app, &path, Some(&pil), &json!({"status": "linked", "reference": five[0]})).await;
    assert_eq!(not_theirs.status, 422);
    assert_eq!(not_theirs.field_errors(), vec![("reference".to_owned(), "reference_not_actionable".to_owned())]);
    let to_pil = office_id(&app, "3411-procuratorate").await;
    let transfer = post(
        &app,
        &format!("/api/v1/cases/{}/transfer", five[0]),
        Some(&inspector),
        &json!({"office_id": to_pil, "reason": "公益诉讼"}),
    )
    .await;
    assert_eq!(transfer.status, 200, "{}", transfer.text);
    let linked = post(&app, &path, Some(&pil), &json!({"status": "linked", "reference": five[0]})).await;
    assert_eq!(linked.status, 200, "{}", linked.text);
    assert_eq!(
        (linked.body["status"].as_str(), linked.body["linked_reference"].as_str()),
        (Some("linked"), Some(five[0].as_str()))
    );
    let settled = post(&app, &path, Some(&pil), &json!({"status": "dismissed", "reason": "重复"})).await;
    assert_eq!(settled.status, 409, "a linked lead is settled");
}

async fn a_dismissed_lead_keeps_its_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, _) = make_lead(&app).await;
    let pil = account(&app, "pil@example.org", "officer", Some("3411-procuratorate")).await;
    let path = format!("/api/v1/leads/{id}");
    let dismissed = post(&app, &path, Some(&pil), &json!({"status": "dismissed", "reason": "已由劳动监察处理"})).await;
    assert_eq!(dismissed.status, 200, "{}", dismissed.text);
    assert_eq!(dismissed.body["reason"], "已由劳动监察处理");
    // Its complaints do not count again: a new complaint alone makes no new lead.
    file(&app, &about("美团", "341102", 9)).await;
    assert_eq!(get(&app, "/api/v1/leads", Some(&pil)).await.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(lead_mails(&app).await.len(), 1);
}

async fn the_console_shows_and_decides_a_lead(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, five) = make_lead(&app).await;
    account(&app, "pil@example.org", "officer", Some("3411-procuratorate")).await;
    account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    let mut pil = intake_tests::browser::Browser::new(&app);
    let csrf = pil.get("/signin").await.input("csrf");
    let signed = pil.post("/signin", &[("csrf", &csrf), ("email", "pil@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(signed.status, 303);
    let list = pil.get("/console/leads").await;
    assert_eq!(list.status, 200, "{}", list.html);
    assert!(list.html.contains(&format!("/console/leads/{id}")));
    let page = pil.get(&format!("/console/leads/{id}")).await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.html.contains(&format!("/console/cases/{}", five[0])), "members link to their cases");
    let csrf = page.input("csrf");
    let forged = pil.post(&format!("/console/leads/{id}"), &[("csrf", "nope"), ("status", "accepted")]).await;
    assert_eq!(forged.status, 403);
    let no_reason = pil.post(&format!("/console/leads/{id}"), &[("csrf", &csrf), ("status", "dismissed")]).await;
    assert_eq!(no_reason.status, 422, "the form again with the problem");
    let accepted = pil.post(&format!("/console/leads/{id}"), &[("csrf", &csrf), ("status", "accepted")]).await;
    assert_eq!(accepted.status, 303);
    assert_eq!(accepted.header("location"), format!("/console/leads/{id}?done=accepted"));
    let after = pil.get(accepted.header("location")).await;
    assert_eq!(after.status, 200);

    let mut other = intake_tests::browser::Browser::new(&app);
    let csrf = other.get("/signin").await.input("csrf");
    other.post("/signin", &[("csrf", &csrf), ("email", "inspector@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(other.get(&format!("/console/leads/{id}")).await.status, 404);
    assert!(!other.get("/console/leads").await.html.contains(&format!("/console/leads/{id}")));
}

db_test!(five_complaints_make_one_lead, five_complaints_about_one_platform_make_one_lead);
db_test!(procuratorate_decides, the_procuratorate_decides_and_others_do_not_see);
db_test!(dismissed_lead, a_dismissed_lead_keeps_its_reason);
db_test!(console_leads, the_console_shows_and_decides_a_lead);

/// Either threshold opens a lead: thirty workers in two complaints do, four lone workers do not.
async fn thirty_workers_make_a_lead_however_few_complaints(backend: Backend) {
    let app = spawn_app(backend).await;
    for n in 0..4 {
        let mut body = about("饿了么", "341102", n);
        body["affected_workers"] = json!(1);
        file(&app, &body).await;
    }
    assert!(lead_mails(&app).await.is_empty(), "four complaints by four workers are not a lead");
    for n in 10..12 {
        let mut body = about("滴滴", "341102", n);
        body["affected_workers"] = json!(15);
        file(&app, &body).await;
    }
    assert_eq!(lead_mails(&app).await.len(), 1, "two complaints by thirty workers are");
}
db_test!(thirty_workers_make_a_lead_however_few_complaints, thirty_workers_make_a_lead_however_few_complaints);
