//! The staff console without JavaScript: sign-in, the queue, a case and its actions, the
//! boundaries between offices, CSRF and the session cookie.

use intake::clock::Clock;
use intake::store::entity::audit_entry;
use intake_tests::browser::Browser;
use intake_tests::staff::{PASSWORD, account, office_id};
use intake_tests::*;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

async fn an_officer_works_a_case_from_the_queue(backend: Backend) {
    let app = spawn_app(backend).await;
    account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    account(&app, "union@example.org", "officer", Some("341102-trade-union")).await;
    let filed = app.file(&valid_complaint()).await;
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();

    // Not signed in: to sign-in, and back afterwards.
    let mut anonymous = Browser::new(&app);
    let away = anonymous.get(&format!("/console/cases/{reference}")).await;
    assert_eq!(away.status, 303);
    assert!(away.header("location").starts_with("/signin?next=%2Fconsole%2Fcases%2F"), "{}", away.header("location"));

    let mut officer = Browser::sign_in(&app, "inspector@example.org").await;
    let session = officer.cookies.get("intake_session").cloned().unwrap_or_default();
    assert!(!session.is_empty());
    let queue = officer.get("/console?view=new").await;
    assert_eq!(queue.status, 200, "{}", queue.html);
    assert!(queue.text_of("queue").contains(&reference), "the new case is in the queue");

    let case = officer.get(&format!("/console/cases/{reference}")).await;
    assert_eq!(case.status, 200);
    assert!(case.text_of("contact").contains("138****8000") && !case.html.contains("13800138000"), "masked");
    let csrf = case.input("csrf");
    let forged = officer.post(&format!("/console/cases/{reference}/reveal"), &[("csrf", "nope")]).await;
    assert_eq!(forged.status, 403, "a POST without the token is refused");
    let revealed = officer.post(&format!("/console/cases/{reference}/reveal"), &[("csrf", &csrf)]).await;
    assert!(revealed.text_of("contact").contains("13800138000"));
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("contact_revealed"))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(audited.len(), 1, "the look is audited");

    let path = format!("/console/cases/{reference}");
    let accepted = officer.post(&format!("{path}/transition"), &[("csrf", &csrf), ("to", "accepted")]).await;
    assert_eq!((accepted.status, accepted.header("location")), (303, format!("{path}?done=transition").as_str()));
    let internal = officer.post(&format!("{path}/note"), &[("csrf", &csrf), ("body", "内部：先电话核实站点。")]).await;
    assert_eq!(internal.status, 303);
    let visible = officer
        .post(
            &format!("{path}/note"),
            &[("csrf", &csrf), ("body", "我们已受理，将联系站点。"), ("visible_to_worker", "on")],
        )
        .await;
    assert_eq!(visible.status, 303);
    let refused = officer.post(&format!("{path}/transition"), &[("csrf", &csrf), ("to", "rejected")]).await;
    assert_eq!(refused.status, 422, "a refusal needs a reason the worker can read");
    assert!(refused.html.contains("请写明理由"));
    let page = officer.get(&format!("{path}?done=note")).await;
    assert_eq!(page.text_of("case-status"), "已受理");
    assert!(page.text_of("timeline").contains("内部：先电话核实站点。"));

    let tracked = app.track(&reference, &code).await;
    assert!(tracked.text.contains("我们已受理") && !tracked.text.contains("先电话核实"), "{}", tracked.text);

    let union = office_id(&app, "341102-trade-union").await;
    let moved = officer
        .post(
            &format!("{path}/transfer"),
            &[("csrf", &csrf), ("office_id", &union.to_string()), ("reason", "属于平台规则问题")],
        )
        .await;
    assert_eq!((moved.status, moved.header("location")), (303, "/console?done=transfer"), "{}", moved.html);
    assert!(officer.get("/console?done=transfer").await.html.contains("已转给其他单位"));
    let gone = officer.get(&path).await;
    assert_eq!(gone.status, 404, "another office's case is not found");
    assert!(gone.html.contains("没有这个页面"));
    let mut other = Browser::sign_in(&app, "union@example.org").await;
    assert!(other.get("/console").await.text_of("queue").contains(&reference));
    assert_eq!(other.get(&path).await.status, 200);
}
db_test!(an_officer_works_a_case_from_the_queue, an_officer_works_a_case_from_the_queue);

async fn the_session_cookie_is_strict_and_its_end_leads_back_to_sign_in(backend: Backend) {
    let app = spawn_app(backend).await;
    account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    let mut browser = Browser::new(&app);
    let csrf = browser.get("/signin").await.input("csrf");
    let signed =
        browser.post("/signin", &[("csrf", &csrf), ("email", "inspector@example.org"), ("password", PASSWORD)]).await;
    let cookie = signed.header("set-cookie");
    assert!(cookie.starts_with("intake_session="));
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    assert_eq!(browser.get("/console").await.status, 200);
    app.clock.set(app.clock.now() + chrono::Duration::minutes(31));
    let expired = browser.get("/console?view=mine").await;
    assert_eq!(expired.status, 303);
    let location = expired.header("location").to_owned();
    assert!(location.contains("expired=1") && location.contains("next=%2Fconsole%3Fview%3Dmine"), "{location}");
    let again = browser.get(&location).await;
    assert!(again.html.contains("登录已过期"));
    let csrf = again.input("csrf");
    let next = again.input("next");
    let back = browser
        .post(
            "/signin",
            &[("csrf", &csrf), ("email", "inspector@example.org"), ("password", PASSWORD), ("next", &next)],
        )
        .await;
    assert_eq!(back.header("location"), "/console?view=mine", "back where they were");
}
db_test!(
    the_session_cookie_is_strict_and_its_end_leads_back_to_sign_in,
    the_session_cookie_is_strict_and_its_end_leads_back_to_sign_in
);

async fn a_volunteer_sees_what_they_filed(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = account(&app, "volunteer@example.org", "volunteer", None).await;
    let mut body = valid_complaint();
    body["on_behalf"] = serde_json::json!({"consent_method": "verbal"});
    let filed = app.post_json_with("/api/v1/complaints", &body, &[("Authorization", &format!("Bearer {token}"))]).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let mut browser = Browser::sign_in(&app, "volunteer@example.org").await;
    let mine = browser.get("/console").await;
    assert!(mine.text_of("mine").contains(&reference) && mine.text_of("mine").contains("已收到"));
    assert!(mine.html.contains("href=\"/\""), "a way to file for another worker");
    assert_eq!(browser.get(&format!("/console/cases/{reference}")).await.status, 403, "no case page for volunteers");
}
db_test!(a_volunteer_sees_what_they_filed, a_volunteer_sees_what_they_filed);
