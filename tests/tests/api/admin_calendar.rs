//! What administrators set for deadlines: each office kind's two deadlines (API and console), and
//! the working-day calendar they load (API and console), with the date a new complaint is told.
//! The test clock starts on Monday 2026-06-15 (China time); labour inspection acknowledges in 5
//! working days, so a complaint filed then is due on Monday 2026-06-22 without a calendar.

use intake_tests::browser::Browser;
use intake_tests::staff::*;
use intake_tests::*;
use serde_json::{Value, json};

async fn put(app: &TestApp, path: &str, token: &str, body: &Value) -> Response {
    let response = app
        .client
        .put(app.url(path))
        .bearer_auth(token)
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("PUT {path}: {e}"));
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Response { status, headers, body, text }
}

async fn post_calendar(app: &TestApp, token: &str, csv: &str, language: &str) -> Response {
    let auth = format!("Bearer {token}");
    let headers = [("Authorization", auth.as_str()), ("Accept-Language", language)];
    app.post_raw("/api/v1/admin/calendar", csv.as_bytes().to_vec(), "text/csv; charset=utf-8", &headers).await
}

/// The date a complaint filed now must be acknowledged by (labour inspection handles it).
async fn acknowledge_by(app: &TestApp) -> String {
    let filed = app.file(&valid_complaint()).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    assert_eq!(filed.body["recipients"][0]["kind"], "labour_inspection", "{}", filed.text);
    filed.body["acknowledge_by"].as_str().unwrap_or_default().to_owned()
}

fn messages(r: &Response) -> Vec<String> {
    r.body["errors"]
        .as_array()
        .map(|e| e.iter().map(|x| x["message"].as_str().unwrap_or_default().to_owned()).collect())
        .unwrap_or_default()
}

async fn audit_details(app: &TestApp, token: &str, action: &str) -> Vec<String> {
    let log = get(app, &format!("/api/v1/admin/audit?action={action}"), Some(token)).await;
    assert_eq!(log.status, 200, "{}", log.text);
    log.body["items"]
        .as_array()
        .map(|items| items.iter().map(|i| i["details"].as_str().unwrap_or_default().to_owned()).collect())
        .unwrap_or_default()
}

fn deadlines(ack: (i64, &str, &str), result: (i64, &str, &str), from: &str, extension: Value) -> Value {
    json!({
        "ack_amount": ack.0, "ack_unit": ack.1, "ack_basis": ack.2, "ack_source": "《某条例》第十条",
        "result_amount": result.0, "result_unit": result.1, "result_basis": result.2, "result_source": null,
        "result_from": from, "extension": extension,
    })
}

async fn deadlines_are_set_by_kind(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    let officer = account(&app, "officer@example.org", "officer", Some("341102-labour-inspection")).await;

    let list = get(&app, "/api/v1/admin/deadlines", Some(&admin)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let kinds = list.body.as_array().cloned().unwrap_or_default();
    assert_eq!(kinds.len(), 7, "every kind: {}", list.text);
    let inspection = kinds.iter().find(|k| k["kind"] == "labour_inspection").cloned().unwrap_or_default();
    assert_eq!(
        (&inspection["ack_amount"], &inspection["ack_unit"], &inspection["ack_basis"]),
        (&json!(5), &json!("working_days"), &json!("legal"))
    );
    assert_eq!((&inspection["result_from"], &inspection["extension"]), (&json!("acceptance"), &json!(30)));
    assert!(inspection["ack_source"].as_str().is_some_and(|s| s.contains("第十八条")));
    assert_eq!(acknowledge_by(&app).await, "2026-06-22");

    // A round trip: what is put is what is read, and the next complaint counts with it at once.
    let changed = deadlines((3, "working_days", "legal"), (2, "months", "commitment"), "filing", Value::Null);
    let saved = put(&app, "/api/v1/admin/deadlines/labour_inspection", &admin, &changed).await;
    assert_eq!(saved.status, 200, "{}", saved.text);
    assert_eq!((&saved.body["ack_amount"], &saved.body["result_unit"]), (&json!(3), &json!("months")));
    assert_eq!((&saved.body["extension"], &saved.body["result_source"]), (&Value::Null, &Value::Null));
    let read = get(&app, "/api/v1/admin/deadlines", Some(&admin)).await;
    let again = read.body.as_array().and_then(|k| k.iter().find(|k| k["kind"] == "labour_inspection").cloned());
    assert_eq!(again.as_ref(), Some(&saved.body));
    assert_eq!(acknowledge_by(&app).await, "2026-06-18", "3 working days from Monday");
    let details = audit_details(&app, &admin, "deadlines_updated").await;
    assert_eq!(details.len(), 1);
    assert!(
        details[0].contains("acknowledge 5 working_days legal")
            && details[0].contains("→ acknowledge 3 working_days legal"),
        "before → after: {}",
        details[0]
    );
    assert!(details[0].contains("extension 30") && details[0].ends_with("extension none"), "{}", details[0]);

    // Refusals, each naming its field; nothing changes.
    let cases = [
        (
            deadlines((0, "working_days", "legal"), (60, "working_days", "legal"), "filing", Value::Null),
            "ack_amount",
            "out_of_range",
        ),
        (
            deadlines((366, "calendar_days", "legal"), (60, "working_days", "legal"), "filing", Value::Null),
            "ack_amount",
            "out_of_range",
        ),
        (
            deadlines((5, "working_days", "legal"), (25, "months", "legal"), "filing", Value::Null),
            "result_amount",
            "out_of_range",
        ),
        (
            deadlines((5, "weeks", "legal"), (60, "working_days", "legal"), "filing", Value::Null),
            "ack_unit",
            "deadline_unit_invalid",
        ),
        (
            deadlines((5, "working_days", "law"), (60, "working_days", "legal"), "filing", Value::Null),
            "ack_basis",
            "deadline_basis_invalid",
        ),
        (
            deadlines((5, "working_days", "legal"), (60, "working_days", "legal"), "decision", Value::Null),
            "result_from",
            "deadline_result_from_invalid",
        ),
        (
            deadlines((5, "working_days", "legal"), (60, "working_days", "legal"), "filing", json!(366)),
            "extension",
            "out_of_range",
        ),
        (
            deadlines((5, "working_days", "legal"), (60, "working_days", "legal"), "filing", json!(0)),
            "extension",
            "out_of_range",
        ),
    ];
    for (body, field, code) in cases {
        let r = put(&app, "/api/v1/admin/deadlines/trade_union", &admin, &body).await;
        assert_eq!(r.status, 422, "{body}: {}", r.text);
        assert_eq!(r.field_errors(), vec![(field.to_owned(), code.to_owned())], "{body}");
    }
    let mut long = deadlines((5, "working_days", "legal"), (60, "working_days", "legal"), "filing", Value::Null);
    long["ack_source"] = json!("条".repeat(501));
    long["result_source"] = json!("第一条\u{0}");
    let r = put(&app, "/api/v1/admin/deadlines/trade_union", &admin, &long).await;
    assert_eq!(
        r.field_errors(),
        vec![("ack_source".to_owned(), "too_long".to_owned()), ("result_source".to_owned(), "text_invalid".to_owned())]
    );
    let fine = deadlines((5, "working_days", "legal"), (60, "working_days", "legal"), "filing", Value::Null);
    assert_eq!(put(&app, "/api/v1/admin/deadlines/police", &admin, &fine).await.status, 404);
    assert_eq!(put(&app, "/api/v1/admin/deadlines/trade_union", &officer, &fine).await.status, 403);
    assert_eq!(get(&app, "/api/v1/admin/deadlines", Some(&officer)).await.status, 403);
    let union = get(&app, "/api/v1/admin/deadlines", Some(&admin)).await;
    let union = union.body.as_array().and_then(|k| k.iter().find(|k| k["kind"] == "trade_union").cloned());
    assert_eq!(union.map(|u| u["ack_amount"].clone()), Some(json!(7)), "the refusals changed nothing");
    assert_eq!(audit_details(&app, &admin, "deadlines_updated").await.len(), 1);

    // The console: the table, one kind's form, its problems beside the fields.
    let mut browser = Browser::sign_in(&app, "admin@example.org").await;
    let index = browser.get("/console/admin").await;
    assert!(
        index.html.contains("href=\"/console/admin/deadlines\"")
            && index.html.contains("href=\"/console/admin/calendar\"")
    );
    let page = browser.get("/console/admin/deadlines").await;
    assert_eq!(page.status, 200, "{}", page.html);
    let row = page.text_of("deadlines-labour_inspection");
    assert!(row.contains("3 个工作日") && row.contains("2 个月") && row.contains("服务承诺"), "{row}");
    let union_row = page.text_of("deadlines-trade_union");
    assert!(union_row.contains("7 个工作日") && union_row.contains("30 个工作日"), "{union_row}");
    let form = browser.get("/console/admin/deadlines/trade_union").await;
    assert_eq!((form.status, form.input("ack_amount").as_str()), (200, "7"));
    let csrf = form.input("csrf");
    let fields = |amount: &'static str, months: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("ack_amount", amount.to_owned()),
            ("ack_unit", "working_days".to_owned()),
            ("ack_basis", "commitment".to_owned()),
            ("ack_source", "《工会信访工作办法》".to_owned()),
            ("result_amount", months.to_owned()),
            ("result_unit", "months".to_owned()),
            ("result_basis", "commitment".to_owned()),
            ("result_source", String::new()),
            ("result_from", "filing".to_owned()),
            ("extension", String::new()),
        ]
    };
    fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
        fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
    }
    let refused = browser.post("/console/admin/deadlines/trade_union", &pairs(&fields("seven", "30"))).await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert!(refused.html.contains("id=\"ack_amount-error\"") && refused.input("ack_amount") == "seven");
    let refused = browser.post("/console/admin/deadlines/trade_union", &pairs(&fields("10", "30"))).await;
    assert_eq!(refused.status, 422);
    assert!(refused.text_of("result_amount-error").contains("24"), "{}", refused.text_of("result_amount-error"));
    let saved = browser.post("/console/admin/deadlines/trade_union", &pairs(&fields("10", "2"))).await;
    assert_eq!(
        (saved.status, saved.header("location")),
        (303, "/console/admin/deadlines?done=terms-saved"),
        "{}",
        saved.html
    );
    let listed = browser.get("/console/admin/deadlines?done=terms-saved").await;
    assert!(!listed.text_of("done").is_empty());
    let union_row = listed.text_of("deadlines-trade_union");
    assert!(union_row.contains("10 个工作日") && union_row.contains("《工会信访工作办法》"), "{union_row}");
    assert_eq!(browser.get("/console/admin/deadlines/police").await.status, 404);
}
db_test!(deadlines_are_set_by_kind, deadlines_are_set_by_kind);

async fn the_calendar_is_loaded_and_moves_the_dates(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    let volunteer = account(&app, "volunteer@example.org", "volunteer", None).await;
    assert_eq!(acknowledge_by(&app).await, "2026-06-22", "Tue to Fri, then Monday");

    // Tuesday and Wednesday off: the fifth working day is Wednesday 06-24.
    let holidays = post_calendar(&app, &admin, "date,kind\r\n2026-06-16,holiday\r\n2026-06-17,holiday\r\n", "en").await;
    assert_eq!(holidays.status, 200, "{}", holidays.text);
    assert_eq!(holidays.body, json!({"holidays": 2, "workdays": 0, "added": 2, "changed": 0, "unchanged": 0}));
    assert_eq!(acknowledge_by(&app).await, "2026-06-24");
    // Sunday 06-21 worked (调休): Thu, Fri, Sun, Mon, Tue.
    let sunday = post_calendar(&app, &admin, "\u{feff}date,kind\n2026-06-21,workday\n2026-06-17,holiday\n", "en").await;
    assert_eq!(sunday.status, 200, "{}", sunday.text);
    assert_eq!(sunday.body, json!({"holidays": 1, "workdays": 1, "added": 1, "changed": 0, "unchanged": 1}));
    assert_eq!(acknowledge_by(&app).await, "2026-06-23");

    let year = get(&app, "/api/v1/admin/calendar?year=2026", Some(&admin)).await;
    assert_eq!(year.status, 200, "{}", year.text);
    assert_eq!(
        year.body,
        json!({"years": [2026], "days": [
            {"date": "2026-06-16", "kind": "holiday"}, {"date": "2026-06-17", "kind": "holiday"},
            {"date": "2026-06-21", "kind": "workday"}
        ]})
    );
    let other = get(&app, "/api/v1/admin/calendar?year=2027", Some(&admin)).await;
    assert_eq!(other.body["days"], json!([]));
    let details = audit_details(&app, &admin, "calendar_imported").await;
    assert_eq!(details.len(), 2, "each import is audited");
    assert!(details.iter().any(|d| d.contains("1 holidays, 1 make-up working days")), "{details:?}");

    // Each refusal names its row; a bad row loads nothing, the good rows with it included.
    let refusals = [
        ("day,kind\n2027-01-01,holiday\n", "calendar_header", "Row 1"),
        ("date,kind\n2027-01-01,holiday\n2027-1-2,holiday\n", "calendar_date_invalid", "Row 3"),
        ("date,kind\n2027-01-01,holiday\n2027-02-30,holiday\n", "calendar_date_invalid", "Row 3"),
        ("date,kind\n2027-01-01,holiday\n2027-01-02,vacation\n", "calendar_kind_unknown", "Row 3"),
        ("date,kind\n2027-01-01,holiday\n2027-01-04,holiday\n2027-01-01,holiday\n", "calendar_duplicate", "Row 4"),
        ("date,kind\n2027-01-01,holiday\n2027-01-04,workday\n", "calendar_workday_not_weekend", "Row 3"),
        ("date,kind\n2027-01-01,holiday\n2027-01-02\n", "calendar_columns", "Row 3"),
        ("date,kind\n", "calendar_empty", ""),
    ];
    for (csv, code, row) in refusals {
        let r = post_calendar(&app, &admin, csv, "en").await;
        assert_eq!(r.status, 422, "{csv}: {}", r.text);
        assert_eq!(r.field_errors(), vec![("csv".to_owned(), code.to_owned())], "{csv}");
        assert!(messages(&r)[0].starts_with(row), "{csv}: {:?}", messages(&r));
    }
    let several =
        post_calendar(&app, &admin, "date,kind\n2027-01-04,workday\n2027-13-01,holiday\n2027-01-04,holiday\n", "zh-CN")
            .await;
    let found = messages(&several);
    assert_eq!(found.len(), 3, "every problem at once: {found:?}");
    assert!(
        found[0].starts_with("第 2 行") && found[1].starts_with("第 3 行") && found[2].starts_with("第 4 行"),
        "{found:?}"
    );
    assert!(found[2].contains("第 2 行"), "a duplicate names the first row: {found:?}");
    assert_eq!(
        get(&app, "/api/v1/admin/calendar?year=2027", Some(&admin)).await.body["days"],
        json!([]),
        "all or nothing"
    );
    let auth = format!("Bearer {admin}");
    let json_body = app
        .post_raw(
            "/api/v1/admin/calendar",
            b"date,kind\n2027-01-01,holiday\n".to_vec(),
            "application/json",
            &[("Authorization", auth.as_str())],
        )
        .await;
    assert_eq!(json_body.status, 415);
    assert_eq!(post_calendar(&app, &volunteer, "date,kind\n2027-01-01,holiday\n", "en").await.status, 403);
    assert_eq!(get(&app, "/api/v1/admin/calendar", Some(&volunteer)).await.status, 403);
    assert_eq!(audit_details(&app, &admin, "calendar_imported").await.len(), 2, "refusals are not imports");
    assert_eq!(acknowledge_by(&app).await, "2026-06-23", "unchanged by the refusals");

    // The console: the year's days, and a file or pasted text, problems listed with their rows.
    let mut browser = Browser::sign_in(&app, "admin@example.org").await;
    let page = browser.get("/console/admin/calendar").await;
    assert_eq!(page.status, 200, "{}", page.html);
    let table = page.text_of("calendar");
    assert!(
        table.contains("2026-06-21 星期日 调休上班日") && table.contains("2026-06-16 星期二 法定节假日"),
        "{table}"
    );
    let csrf = page.input("csrf");
    let form = |csv: &str, file: Option<&str>| {
        let mut form = reqwest::multipart::Form::new().text("csrf", csrf.clone()).text("csv", csv.to_owned());
        if let Some(content) = file {
            let part = reqwest::multipart::Part::bytes(content.as_bytes().to_vec()).file_name("calendar.csv");
            form = form.part("file", part);
        }
        form
    };
    let pasted = browser
        .post_multipart("/console/admin/calendar", form("date,kind\n2027-01-01,holiday\n2027-01-04,workday\n", None))
        .await;
    assert_eq!(pasted.status, 422, "{}", pasted.html);
    assert!(pasted.text_of("csv-error").starts_with("第 3 行"), "{}", pasted.text_of("csv-error"));
    assert!(pasted.html.contains("2027-01-04,workday"), "the text is kept");
    let empty = browser.post_multipart("/console/admin/calendar", form("", None)).await;
    assert_eq!(empty.status, 422);
    let loaded = browser
        .post_multipart(
            "/console/admin/calendar",
            form("", Some("date,kind\n2027-01-01,holiday\n2027-02-06,workday\n")),
        )
        .await;
    assert_eq!(
        (loaded.status, loaded.header("location")),
        (303, "/console/admin/calendar?done=days-loaded"),
        "{}",
        loaded.html
    );
    let next_year = browser.get("/console/admin/calendar?year=2027").await;
    assert!(next_year.text_of("calendar").contains("2027-02-06 星期六 调休上班日"), "{}", next_year.html);
    assert!(next_year.text_of("calendar-years").contains("2026"));
    assert_eq!(browser.get("/console/admin/calendar?year=soon").await.status, 400);
    let forged = reqwest::multipart::Form::new().text("csrf", "forged").text("csv", "date,kind\n2028-01-03,holiday\n");
    assert_eq!(browser.post_multipart("/console/admin/calendar", forged).await.status, 403);
    assert_eq!(get(&app, "/api/v1/admin/calendar?year=2028", Some(&admin)).await.body["days"], json!([]));
}
db_test!(the_calendar_is_loaded_and_moves_the_dates, the_calendar_is_loaded_and_moves_the_dates);
