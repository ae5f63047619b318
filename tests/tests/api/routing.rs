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

async fn default_rules_route_as_designed(backend: Backend) {
    let app = spawn_app(backend).await;
    let kinds = |r: &Response| -> Vec<(String, String)> {
        r.body["recipients"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|x| (x["kind"].as_str().unwrap_or("").to_owned(), x["role"].as_str().unwrap_or("").to_owned()))
            .collect()
    };
    let pair = |k: &str, r: &str| (k.to_owned(), r.to_owned());
    let wage =
        app.post_json("/api/v1/routing/preview", &json!({"category": "wage_arrears", "region_code": "341102"})).await;
    assert_eq!(kinds(&wage), vec![pair("labour_inspection", "primary"), pair("trade_union", "copy")]);
    let insurance =
        app.post_json("/api/v1/routing/preview", &json!({"category": "social_insurance", "region_code": "3411"})).await;
    assert_eq!(kinds(&insurance), vec![pair("labour_inspection", "primary")]);
    let algorithm = app
        .post_json("/api/v1/routing/preview", &json!({"category": "algorithm_penalties", "region_code": "3411"}))
        .await;
    assert_eq!(kinds(&algorithm), vec![pair("trade_union", "primary")]);
    let big = app
        .post_json("/api/v1/routing/preview", &json!({"category": "working_hours", "region_code": "3411", "affected_workers": 10, "tags": ["women", "disability"]}))
        .await;
    let big = kinds(&big);
    assert_eq!(big[0], pair("trade_union", "primary"));
    for copied in ["womens_federation", "disabled_persons_federation", "procuratorate"] {
        assert!(big.contains(&pair(copied, "copy")), "{copied} is copied: {big:?}");
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
        "Anhui Department of Human Resources and Social Security, Labour Inspection"
    );
    // Every province has its own offices: Beijing's case goes to Beijing.
    let beijing =
        app.post_json("/api/v1/routing/preview", &json!({"category": "wage_arrears", "region_code": "110105"})).await;
    assert!(beijing.body["recipients"][0]["name"].as_str().unwrap_or("").starts_with("北京市"), "{}", beijing.text);
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
        .filter(routing_rule::Column::RegionPrefix.eq("34"))
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
