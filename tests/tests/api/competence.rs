//! Competence by place and deadlines by office kind: a complaint reaches the office of its kind
//! for the county where the work is done (one level up where that office is disabled or missing,
//! and the explanation says so), and the worker is promised the two dates that office really has,
//! counted on the loaded working-day calendar.

use chrono::{Duration, NaiveDate};
use intake::domain::deadline::DayKind;
use intake::service::complaint::input::RoutingPreviewRequest;
use intake::service::complaint::validate::parse_routing_query;
use intake::service::routing::{decide, explain_text};
use intake_tests::browser::Browser;
use intake_tests::staff::*;
use intake_tests::*;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// `intake routing explain` as the command line prints it.
async fn explain(app: &TestApp, category: &str, region: &str) -> String {
    let request = RoutingPreviewRequest {
        category: Some(category.to_owned()),
        region_code: Some(region.to_owned()),
        ..RoutingPreviewRequest::default()
    };
    let query = parse_routing_query(request, &app.state.directory).unwrap_or_else(|e| panic!("{e:?}"));
    let routed = decide(&app.state, &query).await.unwrap_or_else(|e| panic!("{e}"));
    explain_text(&routed, &query, &app.state)
}

async fn set_active(app: &TestApp, admin: &str, code: &str, active: bool) {
    let id = office_id(app, code).await;
    let body = json!({"active": active});
    let r = app
        .client
        .patch(app.url(&format!("/api/v1/admin/offices/{id}")))
        .header("Authorization", format!("Bearer {admin}"))
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status().as_u16(), 200, "{code} active={active}");
}

async fn a_complaint_goes_to_the_county_and_falls_back_to_the_city(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;

    let text = explain(&app, "wage_arrears", "341102").await;
    let primary = text.lines().find(|l| l.starts_with("primary:")).unwrap_or_default();
    assert!(primary.contains("滁州市琅琊区人力资源和社会保障局") && primary.contains("labour_inspection"), "{text}");
    let copy = text.lines().find(|l| l.starts_with("copy:")).unwrap_or_default();
    assert!(copy.contains("滁州市琅琊区总工会"), "{text}");
    assert!(text.contains("the competent labour_inspection office (county level preferred)"), "the rule: {text}");
    assert!(text.contains("labour_inspection of 341102 (安徽省 滁州市 琅琊区)") && text.contains(": chosen"), "{text}");

    // A county-level city's offices carry no prefecture: 明光市 (341182 in GB/T 2260 2023).
    let mingguang = explain(&app, "wage_arrears", "341182").await;
    assert!(
        mingguang.lines().any(|l| l.starts_with("primary:") && l.contains("明光市人力资源和社会保障局")),
        "{mingguang}"
    );
    assert!(mingguang.lines().any(|l| l.starts_with("copy:") && l.contains("明光市总工会")), "{mingguang}");

    // The county's labour inspection disabled: the city's takes the case, and everyone is told why.
    set_active(&app, &admin, "341102-labour-inspection", false).await;
    let text = explain(&app, "wage_arrears", "341102").await;
    let primary = text.lines().find(|l| l.starts_with("primary:")).unwrap_or_default();
    assert!(primary.contains("滁州市人力资源和社会保障局") && !primary.contains("琅琊区"), "{text}");
    assert!(text.contains("which is disabled: fell back one level up"), "{text}");
    assert!(text.contains("fell back from the county level preferred by the rule"), "{text}");
    assert!(!text.contains("default office"), "a fall-back by place is not the unplaced-complaint fallback: {text}");

    let preview =
        app.post_json("/api/v1/routing/preview", &json!({"category": "wage_arrears", "region_code": "341102"})).await;
    assert_eq!(preview.body["recipients"][0]["name"], "滁州市人力资源和社会保障局", "{}", preview.text);
    let note = preview.body["notes"][0].as_str().unwrap_or_default();
    assert!(note.contains("琅琊区") && note.contains("滁州市人力资源和社会保障局"), "{}", preview.text);

    // The case remembers it: its routing history on the console says where and why.
    let filed = app.file(&valid_complaint()).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    account(&app, "city@example.org", "officer", Some("3411-labour-inspection")).await;
    let mut officer = Browser::sign_in(&app, "city@example.org").await;
    let page = officer.get(&format!("/console/cases/{reference}")).await;
    assert_eq!(page.status, 200, "{}", page.html);
    let history = page.text_of("routing");
    assert!(history.contains("暂停接收") && history.contains("滁州市人力资源和社会保障局"), "{history}");

    // Nothing active up to the province: the province's office.
    set_active(&app, &admin, "3411-labour-inspection", false).await;
    let text = explain(&app, "wage_arrears", "341102").await;
    assert!(text.lines().any(|l| l.starts_with("primary:") && l.contains("安徽省人力资源和社会保障厅")), "{text}");
}
db_test!(
    a_complaint_goes_to_the_county_and_falls_back_to_the_city,
    a_complaint_goes_to_the_county_and_falls_back_to_the_city
);

/// What a filing answers about its dates.
struct Dates {
    acknowledge_by: NaiveDate,
    result_by: NaiveDate,
    bases: (String, String),
}

async fn file_dates(app: &TestApp, category: &str) -> (String, Dates, Value) {
    let mut body = valid_complaint();
    body["category"] = json!(category);
    body["affected_workers"] = json!(1);
    let r = app.file(&body).await;
    assert_eq!(r.status, 201, "{category}: {}", r.text);
    let date = |k: &str| day(r.body[k].as_str().unwrap_or_else(|| panic!("{k}: {}", r.text)));
    let text = |k: &str| r.body[k].as_str().unwrap_or_default().to_owned();
    let dates = Dates {
        acknowledge_by: date("acknowledge_by"),
        result_by: date("result_by"),
        bases: (text("acknowledge_basis"), text("result_basis")),
    };
    (r.body["reference"].as_str().unwrap_or_default().to_owned(), dates, r.body["recipients"][0].clone())
}

async fn each_office_kind_promises_its_own_two_dates(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    // No default rule gives the disabled persons' federation a case to handle: one for `other`.
    let rule = post(
        &app,
        "/api/v1/admin/routing-rules",
        Some(&admin),
        &json!({"category": "other", "region_prefix": "341102", "target_kind": "disabled_persons_federation", "target_level": "county", "role": "primary"}),
    )
    .await;
    assert_eq!(rule.status, 201, "{}", rule.text);
    assert_eq!(
        (rule.body["office_id"].clone(), rule.body["target_kind"].as_str()),
        (Value::Null, Some("disabled_persons_federation"))
    );

    // Filed on Monday 2026-06-15 (China), with no holidays loaded.
    let legal = || ("legal".to_owned(), "legal".to_owned());
    let promised = || ("commitment".to_owned(), "commitment".to_owned());
    let expected = [
        // Labour inspection: 5 working days to accept or refuse, 60 working days from acceptance
        // (counted from the last day to accept until it accepts).
        ("wage_arrears", "labour_inspection", "2026-06-22", "2026-09-14", legal()),
        // Work-injury insurance: 15 days to decide on the application, 60 days from acceptance; a
        // period ending on a Saturday ends on the Monday.
        ("occupational_injury", "work_injury_insurance", "2026-06-30", "2026-08-31", legal()),
        // The procuratorate's public commitment: 7 days, 3 months.
        ("personal_information", "procuratorate", "2026-06-22", "2026-09-15", promised()),
        // Unions and federations: 7 and 30 working days, a service commitment.
        ("algorithm_penalties", "trade_union", "2026-06-24", "2026-07-27", promised()),
        ("sexual_harassment", "womens_federation", "2026-06-24", "2026-07-27", promised()),
        ("other", "disabled_persons_federation", "2026-06-24", "2026-07-27", promised()),
    ];
    for (category, kind, acknowledge_by, result_by, bases) in expected {
        let (_, dates, primary) = file_dates(&app, category).await;
        assert_eq!(primary["kind"], kind, "{category}");
        assert_eq!(dates.acknowledge_by, day(acknowledge_by), "{kind}: acknowledge_by");
        assert_eq!(dates.result_by, day(result_by), "{kind}: result_by");
        assert_eq!(dates.bases, bases, "{kind}");
    }

    // The worker's tracking says which dates apply and on what basis.
    let mut body = valid_complaint();
    body["category"] = json!("algorithm_penalties");
    let filed = app.file(&body).await;
    let code = filed.body["receipt_code"].as_str().unwrap_or_default().to_owned();
    let tracked = app.track(filed.body["reference"].as_str().unwrap_or_default(), &code).await;
    assert_eq!(tracked.status, 200, "{}", tracked.text);
    assert_eq!(
        (tracked.body["acknowledge_basis"].as_str(), tracked.body["result_basis"].as_str()),
        (Some("commitment"), Some("commitment"))
    );
    assert_eq!(tracked.body["result_by"], "2026-07-27");
}
db_test!(each_office_kind_promises_its_own_two_dates, each_office_kind_promises_its_own_two_dates);

async fn working_days_follow_the_loaded_calendar(backend: Backend) {
    let app = spawn_app(backend).await;
    let load = |days: Vec<(NaiveDate, DayKind)>| {
        let state = app.state.clone();
        async move {
            intake::store::deadlines::upsert_days(&state.db, &days, state.clock.now())
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            state.deadlines.invalidate();
        }
    };
    // Wednesday 17 June a holiday: five working days from Monday 15 June end on Tuesday 23.
    load(vec![(day("2026-06-17"), DayKind::Holiday)]).await;
    let (_, dates, _) = file_dates(&app, "wage_arrears").await;
    assert_eq!(dates.acknowledge_by, day("2026-06-23"));
    // And Saturday 20 June a make-up working day (调休): back to Monday 22.
    load(vec![(day("2026-06-20"), DayKind::Workday)]).await;
    let (_, dates, _) = file_dates(&app, "wage_arrears").await;
    assert_eq!(dates.acknowledge_by, day("2026-06-22"));
    // Calendar days are not working days; but a period ending on a holiday ends the day after.
    load(vec![(day("2026-06-22"), DayKind::Holiday)]).await;
    let (_, dates, _) = file_dates(&app, "personal_information").await;
    assert_eq!(dates.acknowledge_by, day("2026-06-23"), "7 days end on the holiday of the 22nd: the 23rd");
}
db_test!(working_days_follow_the_loaded_calendar, working_days_follow_the_loaded_calendar);

async fn acceptance_moves_the_result_date_and_one_extension_is_allowed(backend: Backend) {
    let app = spawn_app(backend).await;
    let officer = account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    account(&app, "union@example.org", "officer", Some("341102-trade-union")).await;
    let (reference, filed, _) = file_dates(&app, "wage_arrears").await;
    assert_eq!(filed.result_by, day("2026-09-14"));
    let path = |what: &str| format!("/api/v1/cases/{reference}/{what}");

    // Not yet accepted: nothing to extend.
    let early = post(&app, &path("extension"), Some(&officer), &json!({"reason": "案情复杂"})).await;
    assert_eq!((early.status, early.body["code"].as_str()), (409, Some("extension_not_allowed")), "{}", early.text);

    // Accepted on Wednesday 17 June: 60 working days from then (立案之日起, 劳动保障监察条例 第十七条).
    app.clock.advance(Duration::days(2));
    let officer = login(&app, "inspector@example.org").await;
    let union = login(&app, "union@example.org").await;
    let accepted = post(&app, &path("transitions"), Some(&officer), &json!({"to": "accepted"})).await;
    assert_eq!(accepted.status, 200, "{}", accepted.text);
    assert_eq!(accepted.body["result_by"], "2026-09-09", "{}", accepted.text);
    assert_eq!(accepted.body["extension_available"], 30);

    let no_reason = post(&app, &path("extension"), Some(&officer), &json!({"reason": "  "})).await;
    assert_eq!(no_reason.field_errors(), vec![("reason".to_owned(), "reason_required".to_owned())]);
    let extended =
        post(&app, &path("extension"), Some(&officer), &json!({"reason": "涉及三个站点，需调取平台数据"})).await;
    assert_eq!(extended.status, 200, "{}", extended.text);
    // 30 working days after 9 September (Wednesday): Wednesday 21 October.
    assert_eq!(extended.body["result_by"], "2026-10-21", "{}", extended.text);
    assert_eq!(extended.body["result_extension_reason"], "涉及三个站点，需调取平台数据");
    assert!(extended.body["extension_available"].is_null());
    let again = post(&app, &path("extension"), Some(&officer), &json!({"reason": "再延"})).await;
    assert_eq!((again.status, again.body["code"].as_str()), (409, Some("already_extended")));

    // The worker reads the new date and why.
    let code = {
        let mut body = valid_complaint();
        body["category"] = json!("algorithm_penalties");
        body
    };
    let union_case = app.file(&code).await;
    let union_reference = union_case.body["reference"].as_str().unwrap_or_default().to_owned();
    let union_path = format!("/api/v1/cases/{union_reference}/transitions");
    assert_eq!(post(&app, &union_path, Some(&union), &json!({"to": "accepted"})).await.status, 200);
    let refused =
        post(&app, &format!("/api/v1/cases/{union_reference}/extension"), Some(&union), &json!({"reason": "忙"})).await;
    assert_eq!(
        (refused.status, refused.body["code"].as_str()),
        (409, Some("extension_not_allowed")),
        "a union's commitment has no legal extension"
    );
    let filter = intake::store::audit::AuditFilter { action: Some("result_extended".into()), ..Default::default() };
    let audit = intake::store::audit::query(&app.state.db, &filter, 50, 0).await.unwrap_or_default();
    assert_eq!(audit.len(), 1, "the extension is audited once: {audit:?}");
}
db_test!(
    acceptance_moves_the_result_date_and_one_extension_is_allowed,
    acceptance_moves_the_result_date_and_one_extension_is_allowed
);

async fn overdue_covers_both_dates(backend: Backend) {
    let app = spawn_app(backend).await;
    account(&app, "admin@example.org", "admin", None).await;
    let officer = account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    let (never, _, _) = file_dates(&app, "wage_arrears").await;
    let (accepted, _, _) = file_dates(&app, "wage_arrears").await;
    assert_eq!(
        post(&app, &format!("/api/v1/cases/{accepted}/transitions"), Some(&officer), &json!({"to": "accepted"}))
            .await
            .status,
        200
    );
    let summary = |list: &Response, reference: &str| {
        list.body["items"]
            .as_array()
            .and_then(|items| items.iter().find(|c| c["reference"] == reference).cloned())
            .unwrap_or_default()
    };

    // Tuesday 23 June: the unaccepted case is past its acknowledgement date, the other is not late.
    app.clock.advance(Duration::days(8));
    let officer = login(&app, "inspector@example.org").await;
    let list = get(&app, "/api/v1/cases?overdue=true", Some(&officer)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert_eq!(summary(&list, &never)["overdue_acknowledge"], true);
    assert!(summary(&list, &accepted).is_null(), "accepted in time and not past its result date: {}", list.text);

    // Past 14 September: the accepted case is late with its result; the other still unaccepted.
    app.clock.advance(Duration::days(85));
    let officer = login(&app, "inspector@example.org").await;
    let admin = login(&app, "admin@example.org").await;
    let list = get(&app, "/api/v1/cases?overdue=true", Some(&officer)).await;
    let late = summary(&list, &accepted);
    assert_eq!(
        (late["overdue_acknowledge"].as_bool(), late["overdue_result"].as_bool()),
        (Some(false), Some(true)),
        "{late}"
    );
    let both = summary(&list, &never);
    assert_eq!((both["overdue_acknowledge"].as_bool(), both["overdue_result"].as_bool()), (Some(true), Some(true)));

    let stats = get(&app, "/api/v1/stats", Some(&admin)).await;
    assert_eq!(
        (
            stats.body["overdue"].as_u64(),
            stats.body["overdue_acknowledge"].as_u64(),
            stats.body["overdue_result"].as_u64()
        ),
        (Some(2), Some(1), Some(2)),
        "{}",
        stats.text
    );

    // The dashboard shows both, and the daily digest names which date passed.
    account(&app, "desk@example.org", "admin", None).await;
    let mut desk = Browser::sign_in(&app, "desk@example.org").await;
    let dashboard = desk.get("/console/dashboard").await;
    assert_eq!(
        (dashboard.text_of("overdue-acknowledge").trim(), dashboard.text_of("overdue-result").trim()),
        ("1", "2")
    );
    intake::jobs::digest::send_due(&app.state).await.unwrap_or_else(|e| panic!("{e}"));
    let digest = intake::store::entity::outbox_message::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap_or_default()
        .into_iter()
        .find(|m| m.kind == "overdue_digest")
        .unwrap_or_else(|| panic!("a digest is queued"));
    assert!(
        digest.body_text.contains("未受理，期限 2026-06-22") && digest.body_text.contains("未办结，期限"),
        "{}",
        digest.body_text
    );
}
db_test!(overdue_covers_both_dates, overdue_covers_both_dates);
