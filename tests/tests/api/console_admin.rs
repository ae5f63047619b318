//! The administrator's pages of the console, without JavaScript: offices, routing rules and the
//! routing tester, staff accounts, failed notifications, the audit log; who may see them, and
//! that a form without its CSRF token changes nothing.

use intake::store::entity::{office, outbox_message, routing_rule};
use intake_tests::browser::Browser;
use intake_tests::staff::{account, office_id};
use intake_tests::*;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, PaginatorTrait};
use serde_json::json;

const TESTER: &str = "/console/admin/rules?test=1&category=algorithm_penalties&region_code=341102&affected_workers=1";

async fn an_administrator_keeps_the_directory_rules_and_accounts(backend: Backend) {
    let app = spawn_app(backend).await;
    account(&app, "admin@example.org", "admin", None).await;
    let mut admin = Browser::sign_in(&app, "admin@example.org").await;
    let index = admin.get("/console/admin").await;
    assert_eq!(index.status, 200, "{}", index.html);
    for section in ["offices", "rules", "staff", "outbox", "audit"] {
        assert!(index.html.contains(&format!("href=\"/console/admin/{section}\"")), "{section}");
    }

    // A city's trade union joins the directory; a form with problems comes back with them.
    let offices = admin.get("/console/admin/offices").await;
    assert_eq!(offices.status, 200);
    let csrf = offices.input("csrf");
    let wrong = admin
        .post(
            "/console/admin/offices",
            &[("csrf", &csrf), ("code", ""), ("name_zh", "滁州市总工会"), ("kind", "trade_union"), ("email", "x")],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.text_of("code-error").contains("此项必填"), "{}", wrong.html);
    assert!(wrong.html.contains("id=\"email-error\"") && wrong.input("name_zh") == "滁州市总工会", "kept as typed");
    let created = admin
        .post(
            "/console/admin/offices",
            &[
                ("csrf", &csrf),
                ("code", "3411-pilot-union"),
                ("name_zh", "滁州市总工会新就业形态试点"),
                ("name_en", "Chuzhou Federation of Trade Unions"),
                ("kind", "trade_union"),
                ("region_code", "3411"),
                ("email", "union.3411@example.org"),
                ("language", "zh-CN"),
            ],
        )
        .await;
    assert_eq!((created.status, created.header("location")), (303, "/console/admin/offices?done=office-created"));
    let listed = admin.get("/console/admin/offices?done=office-created").await;
    assert!(listed.text_of("done").contains("已新增受理单位"));
    // Some 20,000 offices: found by searching the directory.
    let found = admin.get("/console/admin/offices?q=3411-pilot").await;
    assert!(found.text_of("offices").contains("3411-pilot-union"), "{}", found.html);
    let chuzhou = office_id(&app, "3411-pilot-union").await;
    let edit = admin.get(&format!("/console/admin/offices/{chuzhou}")).await;
    assert_eq!((edit.status, edit.input("email").as_str()), (200, "union.3411@example.org"));

    // Before the rule, the county's union handles platform penalties in 琅琊区.
    let before = admin.get(TESTER).await;
    assert_eq!(before.status, 200, "{}", before.html);
    let result = before.text_of("tester-result");
    assert!(result.contains("滁州市琅琊区总工会") && !result.contains("试点"), "{result}");

    let rules = admin.get("/console/admin/rules").await;
    let csrf = rules.input("csrf");
    let rule = [
        ("csrf", csrf.as_str()),
        ("category", "algorithm_penalties"),
        ("region_prefix", "3411"),
        ("office_code", "3411-pilot-union"),
        ("role", "primary"),
        ("priority", "10"),
        ("note", "滁州市试点"),
    ];
    let bad =
        admin.post("/console/admin/rules", &[rule[0], rule[1], ("region_prefix", "3499"), rule[3], rule[4]]).await;
    assert_eq!(bad.status, 422);
    assert!(bad.html.contains("id=\"region_prefix-error\""), "{}", bad.html);
    let added = admin.post("/console/admin/rules", &rule).await;
    assert_eq!((added.status, added.header("location")), (303, "/console/admin/rules?done=rule-created"));
    let after = admin.get(TESTER).await;
    let result = after.text_of("tester-result");
    assert!(result.contains("滁州市总工会新就业形态试点 承办") && !result.contains("琅琊区总工会 承办"), "{result}");
    assert!(after.text_of("rules").contains("滁州市试点"));
    // The worker's preview says the same: one use case.
    let preview = app
        .post_json("/api/v1/routing/preview", &json!({"category": "algorithm_penalties", "region_code": "341102"}))
        .await;
    assert_eq!(preview.body["recipients"][0]["id"].as_i64(), Some(chuzhou), "{}", preview.text);
    let elsewhere = admin.get("/console/admin/rules?test=1&category=algorithm_penalties&region_code=340102").await;
    assert!(elsewhere.text_of("tester-result").contains("合肥市瑶海区总工会"), "other cities are unchanged");
    let unknown = admin.get("/console/admin/rules?test=1&category=algorithm_penalties&region_code=999999").await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.html.contains("id=\"test-region_code-error\""));

    // An officer for the new office: the password is shown once and works.
    let staff = admin.get("/console/admin/staff").await;
    let csrf = staff.input("csrf");
    let fields = [
        ("csrf", csrf.as_str()),
        ("email", "officer.3411@example.org"),
        ("display_name", "王芳"),
        ("role", "officer"),
        ("office_code", "3411-pilot-union"),
        ("language", "zh-CN"),
    ];
    let created = admin.post("/console/admin/staff", &fields).await;
    assert_eq!(created.status, 200, "{}", created.html);
    assert_eq!(created.header("cache-control"), "no-store");
    let password = created.text_of("password");
    assert!(password.len() >= 20, "{password}");
    let login = |password: String| {
        let app = &app;
        async move {
            app.post_json("/api/v1/auth/login", &json!({"email": "officer.3411@example.org", "password": password}))
                .await
                .status
        }
    };
    assert_eq!(login(password.clone()).await, 200);
    assert!(!admin.get("/console/admin/staff").await.html.contains(&password), "shown once");
    let again = admin.post("/console/admin/staff", &fields).await;
    assert_eq!(again.status, 422);
    assert!(again.html.contains("id=\"email-error\""));

    let officer = intake::store::staff::by_email(&app.state.db, "officer.3411@example.org")
        .await
        .ok()
        .flatten()
        .map_or(0, |s| s.id);
    let reset = admin.post(&format!("/console/admin/staff/{officer}/password"), &[("csrf", &csrf)]).await;
    assert_eq!(reset.status, 200);
    let new_password = reset.text_of("password");
    assert!(!new_password.is_empty() && new_password != password);
    assert_eq!(login(password).await, 401, "the old password stops working");
    assert_eq!(login(new_password.clone()).await, 200);
    let disabled = admin.post(&format!("/console/admin/staff/{officer}/active"), &[("csrf", &csrf)]).await;
    assert_eq!((disabled.status, disabled.header("location")), (303, "/console/admin/staff?done=staff-disabled"));
    assert_eq!(login(new_password.clone()).await, 401, "a disabled account cannot sign in");
    let enabled =
        admin.post(&format!("/console/admin/staff/{officer}/active"), &[("csrf", &csrf), ("active", "on")]).await;
    assert_eq!(enabled.status, 303);
    assert_eq!(login(new_password).await, 200);

    // The audit log lists the rule, filtered by action, with who did it.
    let audit = admin.get("/console/admin/audit?action=routing_rule_created").await;
    assert_eq!(audit.status, 200);
    let entries = audit.text_of("audit");
    assert!(entries.contains("新增分派规则") && entries.contains("admin@example.org"), "{entries}");
    assert!(!entries.contains("新增受理单位"), "only the action asked for");
    let all = admin.get("/console/admin/audit").await.text_of("audit");
    for action in ["新增受理单位", "新增账号", "重置密码", "停用账号", "启用账号"] {
        assert!(all.contains(action), "{action} in {all}");
    }
    let bad_date = admin.get("/console/admin/audit?from=2026-13-01").await;
    assert_eq!(bad_date.status, 422);
    assert!(bad_date.html.contains("id=\"from-error\""));

    // In English, the same pages speak English.
    admin.language = Some("en");
    let english = admin.get(TESTER).await;
    assert!(english.text_of("tester-result").contains("Chuzhou Federation of Trade Unions Handling office"));
}
db_test!(
    an_administrator_keeps_the_directory_rules_and_accounts,
    an_administrator_keeps_the_directory_rules_and_accounts
);

async fn a_failed_notification_is_listed_and_sent_again(backend: Backend) {
    let app = spawn_app(backend).await;
    account(&app, "admin@example.org", "admin", None).await;
    assert_eq!(app.file(&valid_complaint()).await.status, 201);
    let messages = outbox_message::Entity::find().all(&app.state.db).await.unwrap_or_default();
    assert!(messages.len() >= 2, "a complaint queues the offices' emails");
    for m in &messages {
        let row = outbox_message::ActiveModel {
            id: Set(m.id),
            status: Set("failed".into()),
            attempts: Set(8),
            last_error: Set(Some(format!("550 mailbox unavailable #{}", m.id))),
            ..Default::default()
        };
        row.update(&app.state.db).await.unwrap_or_else(|e| panic!("{e}"));
    }
    let first = messages[0].id;

    let mut admin = Browser::sign_in(&app, "admin@example.org").await;
    let page = admin.get("/console/admin/outbox").await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert_eq!(page.text_of("count-failed"), messages.len().to_string());
    let failed = page.text_of("failed");
    assert!(failed.contains(&format!("550 mailbox unavailable #{first}")) && failed.contains('8'), "{failed}");
    let csrf = page.input("csrf");

    let one = admin.post(&format!("/console/admin/outbox/{first}/retry"), &[("csrf", &csrf)]).await;
    assert_eq!((one.status, one.header("location")), (303, "/console/admin/outbox?done=retried"));
    let row = outbox_message::Entity::find_by_id(first).one(&app.state.db).await.ok().flatten();
    assert_eq!(row.map(|r| r.status), Some("pending".to_owned()));
    let page = admin.get("/console/admin/outbox?done=retried").await;
    assert!(page.text_of("done").contains("重新排队"));
    assert!(!page.text_of("failed").contains(&format!("#{first}")), "no longer failed");
    assert_eq!(page.text_of("count-failed"), (messages.len() - 1).to_string());

    let all = admin.post("/console/admin/outbox/retry-failed", &[("csrf", &csrf)]).await;
    assert_eq!((all.status, all.header("location")), (303, "/console/admin/outbox?done=retried-all"));
    let page = admin.get("/console/admin/outbox").await;
    assert_eq!(page.text_of("count-failed"), "0");
    assert!(page.html.contains("id=\"no-failed\""));
    let missing = admin.post("/console/admin/outbox/999999/retry", &[("csrf", &csrf)]).await;
    assert_eq!(missing.status, 404);
    let audit = admin.get("/console/admin/audit?action=outbox_retried").await.text_of("audit");
    assert!(audit.contains(&format!("outbox #{first}")) && audit.contains("every failed message"), "{audit}");
}
db_test!(a_failed_notification_is_listed_and_sent_again, a_failed_notification_is_listed_and_sent_again);

async fn only_administrators_and_only_with_the_token(backend: Backend) {
    let app = spawn_app(backend).await;
    account(&app, "admin@example.org", "admin", None).await;
    account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    let pages = [
        "/console/admin",
        "/console/admin/offices",
        "/console/admin/offices/1",
        "/console/admin/rules",
        "/console/admin/rules/1",
        "/console/admin/staff",
        "/console/admin/outbox",
        "/console/admin/audit",
    ];

    let mut nobody = Browser::new(&app);
    for path in pages {
        let away = nobody.get(path).await;
        assert_eq!(away.status, 303, "{path}");
        assert!(away.header("location").starts_with("/signin?next=%2Fconsole%2Fadmin"), "{path}");
    }

    let offices_before = office::Entity::find().count(&app.state.db).await.unwrap_or_default();
    let rules_before = routing_rule::Entity::find().count(&app.state.db).await.unwrap_or_default();
    let union = office_id(&app, "341102-trade-union").await.to_string();
    let new_office = |csrf: String| {
        vec![
            ("csrf".to_owned(), csrf),
            ("code".to_owned(), "3411-trade-union".to_owned()),
            ("name_zh".to_owned(), "滁州市总工会".to_owned()),
            ("name_en".to_owned(), "Chuzhou Federation of Trade Unions".to_owned()),
            ("kind".to_owned(), "trade_union".to_owned()),
            ("email".to_owned(), "union.3411@example.org".to_owned()),
        ]
    };

    let mut officer = Browser::sign_in(&app, "inspector@example.org").await;
    for path in pages {
        let refused = officer.get(path).await;
        assert_eq!(refused.status, 403, "{path}");
        assert!(refused.html.contains("<html"), "the 403 page, not a blank");
    }
    let csrf = officer.get("/console").await.input("csrf");
    let fields = new_office(csrf.clone());
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(officer.post("/console/admin/offices", &pairs).await.status, 403, "an officer with a good token");
    let rule = [("csrf", csrf.as_str()), ("category", "other"), ("office_id", union.as_str()), ("role", "copy")];
    assert_eq!(officer.post("/console/admin/rules", &rule).await.status, 403);

    let mut admin = Browser::sign_in(&app, "admin@example.org").await;
    let fields = new_office("forged".to_owned());
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(admin.post("/console/admin/offices", &pairs).await.status, 403, "a wrong token");
    let without: Vec<(&str, &str)> = pairs.iter().copied().filter(|(k, _)| *k != "csrf").collect();
    assert_eq!(admin.post("/console/admin/offices", &without).await.status, 403, "no token");
    let rule_without = [("category", "other"), ("office_id", union.as_str()), ("role", "copy")];
    assert_eq!(admin.post("/console/admin/rules", &rule_without).await.status, 403);
    let staff_without = [("email", "x@example.org"), ("role", "volunteer")];
    assert_eq!(admin.post("/console/admin/staff", &staff_without).await.status, 403);
    assert_eq!(admin.post("/console/admin/outbox/retry-failed", &[]).await.status, 403);

    assert_eq!(office::Entity::find().count(&app.state.db).await.unwrap_or_default(), offices_before);
    assert_eq!(routing_rule::Entity::find().count(&app.state.db).await.unwrap_or_default(), rules_before);
    assert!(
        intake::store::staff::by_email(&app.state.db, "x@example.org").await.ok().flatten().is_none(),
        "nothing changed"
    );
}
db_test!(only_administrators_and_only_with_the_token, only_administrators_and_only_with_the_token);
