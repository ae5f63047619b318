//! The recipients shown before consent are the recipients the complaint is sent to.

use intake_tests::*;
use serde_json::{Value, json};

fn preview_body(complaint: &Value) -> Value {
    let mut body = json!({});
    for field in ["category", "region_code", "affected_workers", "tags", "platform"] {
        if let Some(v) = complaint.get(field) {
            body[field] = v.clone();
        }
    }
    body
}

async fn preview_equals_what_is_stored(backend: Backend) {
    let app = spawn_app(backend).await;
    let cases = [
        json!({"category": "wage_arrears", "region_code": "341102"}),
        json!({"category": "wage_arrears", "region_code": "341102", "tags": ["women", "disability"], "affected_workers": 40}),
        json!({"category": "social_insurance", "region_code": "4403"}),
        json!({"category": "algorithm_penalties", "region_code": "110105", "platform": "美团", "tags": ["minor"]}),
        json!({"category": "heat_safety", "region_code": "650102", "affected_workers": 9}),
        json!({"category": "other", "region_code": "5401"}),
    ];
    for case in cases {
        let mut complaint = valid_complaint();
        for (k, v) in case.as_object().cloned().unwrap_or_default() {
            complaint[k] = v;
        }
        let preview = app.post_json("/api/v1/routing/preview", &preview_body(&complaint)).await;
        assert_eq!(preview.status, 200, "{case}: {}", preview.text);
        let filed = app.file(&complaint).await;
        assert_eq!(filed.status, 201, "{case}: {}", filed.text);
        assert_eq!(preview.body["recipients"], filed.body["recipients"], "{case}");
        let tracked = app
            .track(
                filed.body["reference"].as_str().unwrap_or_default(),
                filed.body["receipt_code"].as_str().unwrap_or_default(),
            )
            .await;
        assert_eq!(preview.body["recipients"], tracked.body["recipients"], "{case}: stored recipients");
        let recipients = preview.body["recipients"].as_array().cloned().unwrap_or_default();
        assert_eq!(recipients.iter().filter(|r| r["role"] == "primary").count(), 1, "{case}: one primary office");
    }
}
db_test!(preview_equals_what_is_stored, preview_equals_what_is_stored);

/// The office codes of a preview's recipients, primary first, each with its role.
async fn routed_codes(app: &TestApp, body: Value) -> Vec<(String, String)> {
    let r = app.post_json("/api/v1/routing/preview", &body).await;
    assert_eq!(r.status, 200, "{body}: {}", r.text);
    let mut out = Vec::new();
    for x in r.body["recipients"].as_array().into_iter().flatten() {
        let id = x["id"].as_i64().unwrap_or_default();
        let office = intake::store::admin::office(&app.state.db, id).await.ok().flatten();
        let code = office.map(|o| o.code).unwrap_or_else(|| panic!("office {id}"));
        out.push((code, x["role"].as_str().unwrap_or_default().to_owned()));
    }
    out
}

async fn default_rules_route_as_designed(backend: Backend) {
    let app = spawn_app(backend).await;
    let p = |code: &str| (code.to_owned(), "primary".to_owned());
    let c = |code: &str| (code.to_owned(), "copy".to_owned());
    // Each problem goes to the office of its kind for the county where the work is done
    // (劳动保障监察条例 第十三条 for labour inspection), with the county's offices copied.
    let expected = [
        (
            json!({"category": "wage_arrears", "region_code": "341102"}),
            vec![p("341102-labour-inspection"), c("341102-trade-union")],
        ),
        (json!({"category": "working_hours", "region_code": "341122"}), vec![p("341122-labour-inspection")]),
        (json!({"category": "pay_deductions", "region_code": "341182"}), vec![p("341182-labour-inspection")]),
        (json!({"category": "employment_status", "region_code": "110101"}), vec![p("110101-labour-inspection")]),
        (
            json!({"category": "heat_safety", "region_code": "341102"}),
            vec![p("341102-labour-inspection"), c("341102-trade-union")],
        ),
        (json!({"category": "social_insurance", "region_code": "341102"}), vec![p("341102-labour-inspection")]),
        (
            json!({"category": "occupational_injury", "region_code": "341102"}),
            vec![p("341102-work-injury-insurance"), c("341102-trade-union")],
        ),
        (json!({"category": "algorithm_penalties", "region_code": "341102"}), vec![p("341102-trade-union")]),
        (
            json!({"category": "account_deactivation", "region_code": "341102", "affected_workers": 10}),
            vec![p("341102-trade-union"), c("341102-procuratorate")],
        ),
        (json!({"category": "commission_pricing", "region_code": "341102"}), vec![p("341102-trade-union")]),
        (
            json!({"category": "maternity_rights", "region_code": "341102"}),
            vec![p("341102-labour-inspection"), c("341102-womens-federation")],
        ),
        (
            json!({"category": "sexual_harassment", "region_code": "341102"}),
            vec![p("341102-womens-federation"), c("341102-trade-union")],
        ),
        (
            json!({"category": "personal_information", "region_code": "341102"}),
            vec![p("341102-procuratorate"), c("341102-trade-union")],
        ),
        // A complaint that names only its city goes to the city's offices.
        (json!({"category": "algorithm_penalties", "region_code": "3411"}), vec![p("3411-trade-union")]),
        // Tags copy the office of their kind in: women, disability, minors, migrants, injuries.
        (
            json!({"category": "working_hours", "region_code": "341102", "affected_workers": 10, "tags": ["women", "disability", "minor", "migrant", "injury"]}),
            vec![
                p("341102-labour-inspection"),
                c("341102-womens-federation"),
                c("341102-disabled-federation"),
                c("341102-procuratorate"),
                c("341102-work-injury-insurance"),
            ],
        ),
        (
            json!({"category": "algorithm_penalties", "region_code": "341102", "tags": ["migrant"]}),
            vec![p("341102-trade-union"), c("341102-labour-inspection")],
        ),
    ];
    for (body, want) in expected {
        assert_eq!(routed_codes(&app, body.clone()).await, want, "{body}");
    }
    let en = app
        .post_json_with(
            "/api/v1/routing/preview",
            &json!({"category": "wage_arrears", "region_code": "341102"}),
            &[("Accept-Language", "en")],
        )
        .await;
    assert_eq!(
        en.body["recipients"][0]["name"],
        "滁州市琅琊区 Human Resources and Social Security Bureau, Labour Inspection"
    );
    let zh =
        app.post_json("/api/v1/routing/preview", &json!({"category": "wage_arrears", "region_code": "110105"})).await;
    assert_eq!(zh.body["recipients"][0]["name"], "北京市朝阳区人力资源和社会保障局", "{}", zh.text);
    assert_eq!(zh.body["notes"], json!([]), "nothing fell back");
}
db_test!(default_rules_route_as_designed, default_rules_route_as_designed);

async fn preview_validates_its_input(backend: Backend) {
    let app = spawn_app(backend).await;
    let r = app
        .post_json("/api/v1/routing/preview", &json!({"category": "nope", "region_code": "34", "tags": ["pregnant"]}))
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    let errors = r.field_errors();
    for expected in [("category", "category_unknown"), ("region_code", "region_too_broad"), ("tags", "tag_unknown")] {
        assert!(errors.contains(&(expected.0.into(), expected.1.into())), "{errors:?}");
    }
    let missing = app.post_json("/api/v1/routing/preview", &json!({})).await;
    assert_eq!(missing.status, 422);
    assert!(missing.field_errors().contains(&("category".into(), "required".into())));
    assert!(missing.field_errors().contains(&("region_code".into(), "required".into())));
}
db_test!(preview_validates_its_input, preview_validates_its_input);

/// With no primary rule for the region, the default office takes the case and it is flagged.
async fn unmatched_complaints_go_to_the_default_office_flagged(backend: Backend) {
    use intake::store::entity::{complaint, routing_decision, routing_rule};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let app = spawn_app(backend).await;
    routing_rule::Entity::update_many()
        .col_expr(routing_rule::Column::Active, Expr::value(false))
        .filter(routing_rule::Column::Role.eq("primary"))
        .exec(&app.state.db)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let preview =
        app.post_json("/api/v1/routing/preview", &json!({"category": "wage_arrears", "region_code": "341102"})).await;
    assert_eq!(preview.body["recipients"][0]["kind"], "intake_desk", "{}", preview.text);
    assert_eq!(preview.body["recipients"][0]["role"], "primary");
    assert_eq!(preview.body["recipients"][1]["kind"], "trade_union", "copy rules still apply");
    let filed = app.file(&valid_complaint()).await;
    assert_eq!(filed.status, 201);
    let reference = filed.body["reference"].as_str().unwrap_or_default();
    let row = complaint::Entity::find()
        .filter(complaint::Column::Reference.eq(reference))
        .one(&app.state.db)
        .await
        .ok()
        .flatten();
    let row = row.unwrap_or_else(|| panic!("stored"));
    assert!(row.routing_fallback, "flagged for an administrator");
    let decision = routing_decision::Entity::find()
        .filter(routing_decision::Column::ComplaintId.eq(row.id))
        .one(&app.state.db)
        .await
        .ok()
        .flatten();
    let decision = decision.unwrap_or_else(|| panic!("the decision is stored with the complaint"));
    assert!(decision.fallback);
    let explanation: Value = serde_json::from_str(&decision.explanation).unwrap_or(Value::Null);
    assert_eq!(explanation["fallback"], true);
    assert!(
        explanation["matched"].as_array().is_some_and(|m| !m.is_empty()),
        "the copy rule is explained: {explanation}"
    );
}
db_test!(unmatched_complaints_go_to_the_default_office_flagged, unmatched_complaints_go_to_the_default_office_flagged);
