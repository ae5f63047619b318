//! Administration: who may use it, offices and rules that change routing, rule validation, staff
//! accounts, the directory as CSV, the outbox and the audit log.

use intake_tests::staff::*;
use intake_tests::*;
use serde_json::{Value, json};

fn auth_headers(token: Option<&str>) -> Vec<(String, String)> {
    token.map(|t| vec![("Authorization".to_owned(), format!("Bearer {t}"))]).unwrap_or_default()
}

async fn post_csv(app: &TestApp, token: Option<&str>, csv: &str) -> Response {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> =
        auth.as_deref().map(|a| vec![("Authorization", a), ("Accept-Language", "en")]).unwrap_or_default();
    app.post_raw("/api/v1/admin/directory.csv", csv.as_bytes().to_vec(), "text/csv; charset=utf-8", &headers).await
}

async fn patch(app: &TestApp, path: &str, token: Option<&str>, body: &Value) -> Response {
    let mut request = app.client.patch(app.url(path)).header("Content-Type", "application/json").body(body.to_string());
    for (name, value) in auth_headers(token) {
        request = request.header(name, value);
    }
    let response = request.send().await.unwrap_or_else(|e| panic!("PATCH {path}: {e}"));
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Response { status, headers, body, text }
}

fn new_office(code: &str) -> Value {
    json!({
        "code": code,
        "name_zh": "滁州市琅琊区劳动保障监察大队",
        "name_en": "Langya District Labour Inspection, Chuzhou",
        "kind": "labour_inspection",
        "region_code": "341102",
        "email": "langya@example.org, duty@example.org",
        "language": "zh-CN"
    })
}

fn primary_of(preview: &Response) -> i64 {
    preview.body["recipients"]
        .as_array()
        .and_then(|r| r.iter().find(|x| x["role"] == "primary"))
        .and_then(|x| x["id"].as_i64())
        .unwrap_or_default()
}

async fn preview(app: &TestApp, region: &str) -> Response {
    let r = app.post_json("/api/v1/routing/preview", &json!({"category": "wage_arrears", "region_code": region})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r
}

async fn every_endpoint_is_for_administrators_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let volunteer = account(&app, "volunteer@example.org", "volunteer", None).await;
    let officer = account(&app, "officer@example.org", "officer", Some("341102-labour-inspection")).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    // An outbox message to retry: filing a complaint queues the offices' emails.
    assert_eq!(app.file(&valid_complaint()).await.status, 201);
    let message = get(&app, "/api/v1/admin/outbox", Some(&admin)).await.body[0]["id"].as_i64().unwrap_or_default();
    let office = office_id(&app, "341102-trade-union").await;
    let rule = get(&app, "/api/v1/admin/routing-rules", Some(&admin)).await.body[0]["id"].as_i64().unwrap_or_default();
    let volunteer_id =
        intake::store::staff::by_email(&app.state.db, "volunteer@example.org").await.ok().flatten().map_or(0, |s| s.id);
    let csv = String::from_utf8_lossy(
        &app.client
            .get(app.url("/api/v1/admin/directory.csv"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .bytes()
            .await
            .unwrap_or_default(),
    )
    .into_owned();

    let callers: [(&str, Option<&str>, u16); 4] = [
        ("anonymous", None, 401),
        ("volunteer", Some(&volunteer), 403),
        ("officer", Some(&officer), 403),
        ("admin", Some(&admin), 0),
    ];
    for (name, token, want) in callers {
        let mut answers: Vec<(String, Response)> = Vec::new();
        for path in [
            "/api/v1/admin/offices",
            "/api/v1/admin/routing-rules",
            "/api/v1/admin/staff",
            "/api/v1/admin/outbox",
            "/api/v1/admin/outbox?failed=true",
            "/api/v1/admin/outbox/summary",
            "/api/v1/admin/audit?action=office_created&page=1&per_page=10",
            "/api/v1/admin/directory.csv",
        ] {
            answers.push((format!("GET {path}"), get(&app, path, token).await));
        }
        let code = format!("test-{}", name.replace(' ', "-"));
        answers.push(("POST offices".into(), post(&app, "/api/v1/admin/offices", token, &new_office(&code)).await));
        answers.push((
            "PATCH office".into(),
            patch(&app, &format!("/api/v1/admin/offices/{office}"), token, &json!({"name_en": "Anhui Trade Unions"}))
                .await,
        ));
        let rule_body =
            json!({"category": "wage_arrears", "region_prefix": "3411", "office_id": office, "role": "copy"});
        answers.push(("POST rules".into(), post(&app, "/api/v1/admin/routing-rules", token, &rule_body).await));
        answers.push((
            "PATCH rule".into(),
            patch(&app, &format!("/api/v1/admin/routing-rules/{rule}"), token, &json!({"priority": 1})).await,
        ));
        let staff_body = json!({"email": format!("{code}@example.org"), "role": "volunteer"});
        answers.push(("POST staff".into(), post(&app, "/api/v1/admin/staff", token, &staff_body).await));
        answers.push((
            "PATCH staff".into(),
            patch(&app, &format!("/api/v1/admin/staff/{volunteer_id}"), token, &json!({"display_name": "志愿者小李"}))
                .await,
        ));
        answers.push((
            "POST retry".into(),
            post(&app, &format!("/api/v1/admin/outbox/{message}/retry"), token, &json!({})).await,
        ));
        answers.push((
            "POST retry-failed".into(),
            post(&app, "/api/v1/admin/outbox/retry-failed", token, &json!({})).await,
        ));
        answers.push(("POST directory.csv".into(), post_csv(&app, token, &csv).await));
        for (what, r) in answers {
            if want == 0 {
                assert!((200..300).contains(&r.status), "{name}: {what}: {} {}", r.status, r.text);
            } else {
                assert_eq!(r.status, want, "{name}: {what}: {}", r.text);
                let code = if want == 401 { "unauthorized" } else { "forbidden" };
                assert_eq!(r.body["code"], code, "{name}: {what}");
            }
        }
    }
}
db_test!(every_endpoint_is_for_administrators_only, every_endpoint_is_for_administrators_only);

async fn a_new_office_and_rule_take_part_in_routing(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    // By default the county's labour inspection handles the county's wage arrears.
    let county_default = primary_of(&preview(&app, "341102").await);
    assert_eq!(county_default, office_id(&app, "341102-labour-inspection").await);
    let neighbour = office_id(&app, "341103-labour-inspection").await;

    let created = post(&app, "/api/v1/admin/offices", Some(&admin), &new_office("341102-inspection-brigade")).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.body["email"], "langya@example.org,duty@example.org");
    assert_eq!(created.body["active"], true);
    let county = created.body["id"].as_i64().unwrap_or_default();
    let rule = post(
        &app,
        "/api/v1/admin/routing-rules",
        Some(&admin),
        &json!({"category": "wage_arrears", "region_prefix": "341102", "office_id": county, "role": "primary", "note": "县级监察大队"}),
    )
    .await;
    assert_eq!(rule.status, 201, "{}", rule.text);
    assert_eq!((rule.body["priority"].as_i64(), rule.body["active"].as_bool()), (Some(0), Some(true)));

    // The rule for the county outranks the rule by kind; a neighbouring county keeps its own.
    let routed = preview(&app, "341102").await;
    assert_eq!(primary_of(&routed), county, "{}", routed.text);
    assert_eq!(primary_of(&preview(&app, "341103").await), neighbour);
    let listed = get(&app, "/api/v1/admin/offices", Some(&admin)).await;
    assert!(listed.body.as_array().is_some_and(|o| o.iter().any(|o| o["id"] == county)));

    // Disabling the office takes its rule out of routing; enabling brings it back.
    let disabled =
        patch(&app, &format!("/api/v1/admin/offices/{county}"), Some(&admin), &json!({"active": false})).await;
    assert_eq!((disabled.status, disabled.body["active"].as_bool()), (200, Some(false)), "{}", disabled.text);
    assert_eq!(primary_of(&preview(&app, "341102").await), county_default);
    let enabled = patch(&app, &format!("/api/v1/admin/offices/{county}"), Some(&admin), &json!({"active": true})).await;
    assert_eq!(enabled.status, 200);
    assert_eq!(primary_of(&preview(&app, "341102").await), county);

    // So does deactivating the rule.
    let rule_id = rule.body["id"].as_i64().unwrap_or_default();
    let off =
        patch(&app, &format!("/api/v1/admin/routing-rules/{rule_id}"), Some(&admin), &json!({"active": false})).await;
    assert_eq!((off.status, off.body["active"].as_bool()), (200, Some(false)), "{}", off.text);
    assert_eq!(primary_of(&preview(&app, "341102").await), county_default);
}
db_test!(a_new_office_and_rule_take_part_in_routing, a_new_office_and_rule_take_part_in_routing);

async fn offices_and_rules_are_validated(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    let union = office_id(&app, "341102-trade-union").await;
    let rule = |extra: Value| {
        let mut body = json!({"office_id": union, "role": "copy"});
        for (k, v) in extra.as_object().cloned().unwrap_or_default() {
            body[k] = v;
        }
        body
    };
    let cases = [
        (rule(json!({"office_id": 999_999})), "office_id", "office_unknown"),
        (rule(json!({"region_prefix": "3499"})), "region_prefix", "prefix_unknown"),
        (rule(json!({"region_prefix": "34110"})), "region_prefix", "prefix_unknown"),
        (rule(json!({"category": "no_such_category"})), "category", "rule_never_matches"),
        (rule(json!({"required_tag": "elderly"})), "required_tag", "rule_never_matches"),
        (rule(json!({"min_affected_workers": 0})), "min_affected_workers", "rule_never_matches"),
        (rule(json!({"min_affected_workers": 100_001})), "min_affected_workers", "rule_never_matches"),
        (rule(json!({"role": "boss"})), "role", "rule_role_invalid"),
    ];
    for (body, field, code) in cases {
        let r = post(&app, "/api/v1/admin/routing-rules", Some(&admin), &body).await;
        assert_eq!(r.status, 422, "{body}: {}", r.text);
        assert_eq!(r.body["code"], "validation");
        assert_eq!(r.field_errors(), vec![(field.to_owned(), code.to_owned())], "{body}");
    }
    // A disabled office is as unknown as a missing one.
    let desk = post(&app, "/api/v1/admin/offices", Some(&admin), &new_office("test-desk")).await;
    let desk = desk.body["id"].as_i64().unwrap_or_default();
    assert_eq!(
        patch(&app, &format!("/api/v1/admin/offices/{desk}"), Some(&admin), &json!({"active": false})).await.status,
        200
    );
    let r = post(&app, "/api/v1/admin/routing-rules", Some(&admin), &rule(json!({"office_id": desk}))).await;
    assert_eq!(r.field_errors(), vec![("office_id".to_owned(), "office_unknown".to_owned())]);
    // The same checks on a change, and unknown ids are 404.
    let ok = post(&app, "/api/v1/admin/routing-rules", Some(&admin), &rule(json!({"region_prefix": "340000"}))).await;
    assert_eq!((ok.status, ok.body["region_prefix"].as_str()), (201, Some("34")), "{}", ok.text);
    let id = ok.body["id"].as_i64().unwrap_or_default();
    let r = patch(&app, &format!("/api/v1/admin/routing-rules/{id}"), Some(&admin), &json!({"region_prefix": "9999"}))
        .await;
    assert_eq!(r.field_errors(), vec![("region_prefix".to_owned(), "prefix_unknown".to_owned())]);
    let r =
        patch(&app, &format!("/api/v1/admin/routing-rules/{id}"), Some(&admin), &json!({"region_prefix": null})).await;
    assert_eq!((r.status, r.body["region_prefix"].clone()), (200, Value::Null), "null clears: {}", r.text);
    assert_eq!(
        patch(&app, "/api/v1/admin/routing-rules/999999", Some(&admin), &json!({})).await.body["code"],
        "rule_not_found"
    );
    assert_eq!(patch(&app, "/api/v1/admin/offices/999999", Some(&admin), &json!({})).await.status, 404);

    // Offices: a taken code, an unknown kind and region, one bad address in a list.
    let mut office = new_office("341102-labour-inspection");
    office["kind"] = json!("police");
    office["region_code"] = json!("349999");
    office["email"] = json!("ok@example.org, not an address");
    let r = post(&app, "/api/v1/admin/offices", Some(&admin), &office).await;
    assert_eq!(r.status, 422);
    let mut errors = r.field_errors();
    errors.sort();
    let want: Vec<(String, String)> = [
        ("code", "code_taken"),
        ("email", "email_invalid"),
        ("kind", "kind_invalid"),
        ("region_code", "region_unknown"),
    ]
    .iter()
    .map(|(f, c)| ((*f).to_owned(), (*c).to_owned()))
    .collect();
    assert_eq!(errors, want, "{}", r.text);
    let default_office = app.state.default_office_id;
    let r =
        patch(&app, &format!("/api/v1/admin/offices/{default_office}"), Some(&admin), &json!({"active": false})).await;
    assert_eq!(r.field_errors(), vec![("active".to_owned(), "default_office_required".to_owned())]);
}
db_test!(offices_and_rules_are_validated, offices_and_rules_are_validated);

async fn staff_accounts_are_created_and_disabled(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    let inspection = office_id(&app, "341102-labour-inspection").await;
    let created = post(
        &app,
        "/api/v1/admin/staff",
        Some(&admin),
        &json!({"email": "New.Officer@example.org", "role": "officer", "office_id": inspection, "display_name": "张科员"}),
    )
    .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let password = created.body["generated_password"].as_str().unwrap_or_default().to_owned();
    assert_eq!(password.len(), 20, "a generated password is shown once");
    let id = created.body["id"].as_i64().unwrap_or_default();
    let listed = get(&app, "/api/v1/admin/staff", Some(&admin)).await;
    let entry = listed.body.as_array().and_then(|a| a.iter().find(|s| s["id"] == id).cloned()).unwrap_or_default();
    assert_eq!((entry["email"].as_str(), entry["role"].as_str()), (Some("new.officer@example.org"), Some("officer")));
    assert!(!listed.text.contains("argon2"), "no password hashes in the list");

    let signed_in =
        app.post_json("/api/v1/auth/login", &json!({"email": "new.officer@example.org", "password": password})).await;
    assert_eq!(signed_in.status, 200, "{}", signed_in.text);
    let token = signed_in.body["access_token"].as_str().unwrap_or_default().to_owned();
    assert_eq!(get(&app, "/api/v1/me", Some(&token)).await.status, 200);

    // Refused: an officer without an office, a taken email, a short password.
    let r =
        post(&app, "/api/v1/admin/staff", Some(&admin), &json!({"email": "x@example.org", "role": "officer"})).await;
    assert_eq!(r.field_errors(), vec![("office_id".to_owned(), "office_required".to_owned())]);
    let r = post(
        &app,
        "/api/v1/admin/staff",
        Some(&admin),
        &json!({"email": "new.officer@example.org", "role": "volunteer", "password": "short"}),
    )
    .await;
    let mut errors = r.field_errors();
    errors.sort();
    assert_eq!(
        errors,
        vec![("email".to_owned(), "email_taken".to_owned()), ("password".to_owned(), "password_too_short".to_owned())]
    );
    let given = post(
        &app,
        "/api/v1/admin/staff",
        Some(&admin),
        &json!({"email": "helper@example.org", "role": "volunteer", "password": PASSWORD}),
    )
    .await;
    assert_eq!(given.status, 201);
    assert!(given.body.get("generated_password").is_none(), "no password shown when one was given");

    // Changing the name keeps the session; disabling ends it and refuses sign-in.
    let renamed =
        patch(&app, &format!("/api/v1/admin/staff/{id}"), Some(&admin), &json!({"display_name": "张科长"})).await;
    assert_eq!((renamed.status, renamed.body["display_name"].as_str()), (200, Some("张科长")));
    assert_eq!(get(&app, "/api/v1/me", Some(&token)).await.status, 200);
    let disabled = patch(&app, &format!("/api/v1/admin/staff/{id}"), Some(&admin), &json!({"active": false})).await;
    assert_eq!((disabled.status, disabled.body["active"].as_bool()), (200, Some(false)), "{}", disabled.text);
    assert_eq!(get(&app, "/api/v1/me", Some(&token)).await.status, 401, "a disabled account's token stops working");
    let again =
        app.post_json("/api/v1/auth/login", &json!({"email": "new.officer@example.org", "password": password})).await;
    assert_eq!(again.status, 401);

    // An administrator cannot lock themselves out; an unknown account is 404.
    let me = get(&app, "/api/v1/me", Some(&admin)).await.body["id"].as_i64().unwrap_or_default();
    let r = patch(&app, &format!("/api/v1/admin/staff/{me}"), Some(&admin), &json!({"active": false})).await;
    assert_eq!(r.field_errors(), vec![("active".to_owned(), "own_account".to_owned())]);
    let r = patch(&app, &format!("/api/v1/admin/staff/{me}"), Some(&admin), &json!({"role": "volunteer"})).await;
    assert_eq!(r.field_errors(), vec![("role".to_owned(), "own_account".to_owned())]);
    assert_eq!(
        patch(&app, "/api/v1/admin/staff/999999", Some(&admin), &json!({})).await.body["code"],
        "staff_not_found"
    );
}
db_test!(staff_accounts_are_created_and_disabled, staff_accounts_are_created_and_disabled);

async fn export_csv(app: &TestApp, token: &str) -> (String, String) {
    let response = app
        .client
        .get(app.url("/api/v1/admin/directory.csv"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET directory.csv: {e}"));
    assert_eq!(response.status().as_u16(), 200);
    let content_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let bytes = response.bytes().await.unwrap_or_default();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a UTF-8 byte-order mark");
    (content_type, String::from_utf8(bytes.to_vec()).unwrap_or_default())
}

async fn the_directory_round_trips_through_csv(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    let mut office = new_office("3411-union");
    office["name_zh"] = json!("滁州市总工会\"新就业形态\"工作部，琅琊区,南谯区");
    office["name_en"] = json!("Chuzhou Trade Unions, \"new forms of employment\"");
    office["kind"] = json!("trade_union");
    office["region_code"] = json!("3411");
    assert_eq!(post(&app, "/api/v1/admin/offices", Some(&admin), &office).await.status, 201);

    let (content_type, csv) = export_csv(&app, &admin).await;
    assert!(content_type.starts_with("text/csv"), "{content_type}");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some("code,name_zh,name_en,kind,region_code,email,language,active"));
    assert!(
        csv.contains("3411-union,\"滁州市总工会\"\"新就业形态\"\"工作部，琅琊区,南谯区\","),
        "commas and quotes are quoted: {csv}"
    );
    let before = get(&app, "/api/v1/admin/offices", Some(&admin)).await.body;

    // The file as exported changes nothing.
    let same = post_csv(&app, Some(&admin), &csv).await;
    assert_eq!(same.status, 200, "{}", same.text);
    assert_eq!((same.body["created"].as_u64(), same.body["updated"].as_u64()), (Some(0), Some(0)));
    assert_eq!(get(&app, "/api/v1/admin/offices", Some(&admin)).await.body, before);

    // Edited: one name changes and one office is new (disabled).
    let edited = csv.replace("工作部，琅琊区,南谯区", "工作部，\"\"琅琊区\"\",南谯区")
        + "3412-desk,\"阜阳市劳动者服务站,一站式\",Fuyang Workers' Desk,intake_desk,3412,desk@example.org;help@example.org,en,false\r\n";
    let imported = post_csv(&app, Some(&admin), &edited).await;
    assert_eq!(imported.status, 200, "{}", imported.text);
    assert_eq!((imported.body["created"].as_u64(), imported.body["updated"].as_u64()), (Some(1), Some(1)));
    let offices = get(&app, "/api/v1/admin/offices", Some(&admin)).await.body;
    let find =
        |code: &str| offices.as_array().and_then(|o| o.iter().find(|x| x["code"] == code).cloned()).unwrap_or_default();
    assert_eq!(find("3411-union")["name_zh"], "滁州市总工会\"新就业形态\"工作部，\"琅琊区\",南谯区");
    let desk = find("3412-desk");
    assert_eq!(desk["name_zh"], "阜阳市劳动者服务站,一站式");
    assert_eq!(
        (desk["email"].as_str(), desk["language"].as_str()),
        (Some("desk@example.org,help@example.org"), Some("en"))
    );
    assert_eq!(desk["active"], false);

    // And the export of the result reads back to the same directory.
    let (_, csv) = export_csv(&app, &admin).await;
    let again = post_csv(&app, Some(&admin), &csv).await;
    assert_eq!((again.body["created"].as_u64(), again.body["updated"].as_u64()), (Some(0), Some(0)), "{}", again.text);
}
db_test!(the_directory_round_trips_through_csv, the_directory_round_trips_through_csv);

async fn a_bad_csv_row_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    let before = get(&app, "/api/v1/admin/offices", Some(&admin)).await.body;
    let header = "code,name_zh,name_en,kind,region_code,email,language,active\r\n";
    let good = "3411-new,滁州市新单位,Chuzhou New Office,trade_union,3411,new@example.org,zh-CN,true\r\n";
    let rename = "34-trade-union,改了名字,Renamed,trade_union,34,union@example.org,zh-CN,true\r\n";
    let files = [
        (format!("{header}{good}{rename}3411-bad,名字,Name,police,3411,bad@example.org,zh-CN,true\r\n"), "4"),
        (format!("{header}{good}3411-bad,名字,Name,trade_union,3499,bad@example.org,zh-CN,true\r\n"), "3"),
        (format!("{header}{good}3411-bad,名字,Name,trade_union,3411,not-an-address,zh-CN,true\r\n"), "3"),
        (format!("{header}{good}{good}"), "3"),
        (format!("{header}{good}3411-bad,名字,Name,trade_union,3411,bad@example.org,zh-CN,maybe\r\n"), "3"),
        (format!("{header}{good}3411-bad,名字,Name\r\n"), "3"),
        ("code,name\r\n3411-bad,名字\r\n".to_owned(), "1"),
    ];
    for (csv, row) in files {
        let r = post_csv(&app, Some(&admin), &csv).await;
        assert_eq!(r.status, 422, "{csv}: {}", r.text);
        assert_eq!(r.field_errors(), vec![("csv".to_owned(), "csv_invalid".to_owned())], "{csv}");
        let message = r.body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.starts_with(&format!("Row {row} of the CSV")), "{csv}: {message}");
    }
    assert_eq!(get(&app, "/api/v1/admin/offices", Some(&admin)).await.body, before, "nothing changed");
    let wrong_type = app
        .post_raw(
            "/api/v1/admin/directory.csv",
            format!("{header}{good}").into_bytes(),
            "application/json",
            &[("Authorization", &format!("Bearer {admin}"))],
        )
        .await;
    assert_eq!(wrong_type.status, 415);
}
db_test!(a_bad_csv_row_changes_nothing, a_bad_csv_row_changes_nothing);

async fn the_outbox_and_the_audit_log(backend: Backend) {
    use intake::store::entity::outbox_message;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
    let app = spawn_app(backend).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    let admin_id = get(&app, "/api/v1/me", Some(&admin)).await.body["id"].as_i64().unwrap_or_default();

    // The outbox: a complaint's emails are pending; one fails for good and is retried.
    let filed = app.file(&valid_complaint()).await;
    assert_eq!(filed.status, 201);
    let reference = filed.body["reference"].as_str().unwrap_or_default().to_owned();
    let messages = outbox_message::Entity::find().all(&app.state.db).await.unwrap_or_default();
    assert!(!messages.is_empty());
    let failed = messages[0].id;
    let row = outbox_message::ActiveModel {
        id: Set(failed),
        status: Set("failed".into()),
        attempts: Set(8),
        last_error: Set(Some("550 mailbox unavailable".into())),
        ..Default::default()
    };
    row.update(&app.state.db).await.unwrap_or_else(|e| panic!("{e}"));
    let summary = get(&app, "/api/v1/admin/outbox/summary", Some(&admin)).await;
    let total = u64::try_from(messages.len()).unwrap_or_default();
    assert_eq!(summary.body, json!({"pending": total - 1, "sent": 0, "failed": 1}));
    let list = get(&app, "/api/v1/admin/outbox?failed=true", Some(&admin)).await;
    assert_eq!(list.body.as_array().map(Vec::len), Some(1), "{}", list.text);
    assert_eq!(
        (list.body[0]["id"].as_i64(), list.body[0]["attempts"].as_i64(), list.body[0]["last_error"].as_str()),
        (Some(failed), Some(8), Some("550 mailbox unavailable"))
    );
    let retried = post(&app, &format!("/api/v1/admin/outbox/{failed}/retry"), Some(&admin), &json!({})).await;
    assert_eq!((retried.status, retried.body["queued"].as_u64()), (200, Some(1)));
    assert_eq!(get(&app, "/api/v1/admin/outbox/summary", Some(&admin)).await.body["failed"], 0);
    let none = post(&app, "/api/v1/admin/outbox/retry-failed", Some(&admin), &json!({})).await;
    assert_eq!(none.body["queued"], 0);
    let missing = post(&app, "/api/v1/admin/outbox/999999/retry", Some(&admin), &json!({})).await;
    assert_eq!((missing.status, missing.body["code"].as_str()), (404, Some("outbox_message_not_found")));

    // Changes of every kind, then the log.
    let office = post(&app, "/api/v1/admin/offices", Some(&admin), &new_office("audit-office")).await;
    let office_id = office.body["id"].as_i64().unwrap_or_default();
    let rule = post(
        &app,
        "/api/v1/admin/routing-rules",
        Some(&admin),
        &json!({"region_prefix": "341102", "office_id": office_id, "role": "copy"}),
    )
    .await;
    assert_eq!(rule.status, 201, "{}", rule.text);
    let staff =
        post(&app, "/api/v1/admin/staff", Some(&admin), &json!({"email": "v@example.org", "role": "volunteer"})).await;
    let staff_id = staff.body["id"].as_i64().unwrap_or_default();
    assert_eq!(
        patch(&app, &format!("/api/v1/admin/staff/{staff_id}"), Some(&admin), &json!({"active": false})).await.status,
        200
    );
    assert_eq!(
        patch(&app, &format!("/api/v1/admin/offices/{office_id}"), Some(&admin), &json!({"active": false}))
            .await
            .status,
        200
    );
    let (_, csv) = export_csv(&app, &admin).await;
    assert_eq!(post_csv(&app, Some(&admin), &csv).await.status, 200);

    let log = get(&app, &format!("/api/v1/admin/audit?actor={admin_id}&per_page=100"), Some(&admin)).await;
    assert_eq!(log.status, 200, "{}", log.text);
    let actions: Vec<&str> =
        log.body["items"].as_array().into_iter().flatten().filter_map(|i| i["action"].as_str()).collect();
    for action in [
        "outbox_retried",
        "office_created",
        "routing_rule_created",
        "staff_created",
        "staff_disabled",
        "office_disabled",
        "directory_exported",
        "directory_imported",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    assert_eq!(actions.first(), Some(&"directory_imported"), "newest first");
    let items = log.body["items"].as_array().cloned().unwrap_or_default();
    assert!(items.iter().all(|i| i["actor_staff_id"] == admin_id && i["actor_role"] == "admin"));

    // Filters: action, actor by email, dates, pages, a case.
    let created = get(&app, "/api/v1/admin/audit?action=office_created", Some(&admin)).await;
    assert_eq!(created.body["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(created.body["items"][0]["target"], format!("office #{office_id} audit-office"));
    let by_email = get(&app, "/api/v1/admin/audit?actor=admin@example.org&action=staff_disabled", Some(&admin)).await;
    assert_eq!(by_email.body["items"].as_array().map(Vec::len), Some(1), "{}", by_email.text);
    let today = get(
        &app,
        &format!("/api/v1/admin/audit?from=2026-06-15&to=2026-06-15&action=staff_created&actor={admin_id}"),
        Some(&admin),
    )
    .await;
    assert_eq!(today.body["items"].as_array().map(Vec::len), Some(1), "{}", today.text);
    let tomorrow = get(&app, "/api/v1/admin/audit?from=2026-06-16", Some(&admin)).await;
    assert_eq!(tomorrow.body["items"].as_array().map(Vec::len), Some(0));
    let first = get(&app, "/api/v1/admin/audit?per_page=2&page=1", Some(&admin)).await;
    let second = get(&app, "/api/v1/admin/audit?per_page=2&page=2", Some(&admin)).await;
    assert_eq!((first.body["has_more"].as_bool(), first.body["items"].as_array().map(Vec::len)), (Some(true), Some(2)));
    assert_ne!(first.body["items"][0]["id"], second.body["items"][0]["id"]);
    let reveal = get(&app, &format!("/api/v1/cases/{reference}?reveal=contact"), Some(&admin)).await;
    assert_eq!(reveal.status, 200);
    let case = get(&app, &format!("/api/v1/admin/audit?case={reference}"), Some(&admin)).await;
    let case_items = case.body["items"].as_array().cloned().unwrap_or_default();
    assert!(!case_items.is_empty(), "{}", case.text);
    assert!(case_items.iter().all(|i| i["case"] == reference.as_str()));
    let unknown = get(&app, "/api/v1/admin/audit?case=ZZZZ-ZZZZ", Some(&admin)).await;
    assert_eq!((unknown.status, unknown.body["items"].as_array().map(Vec::len)), (200, Some(0)));
}
db_test!(the_outbox_and_the_audit_log, the_outbox_and_the_audit_log);
