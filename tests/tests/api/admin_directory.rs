//! The directory at its full size (some 20,000 offices): the offices list filtered and paged in
//! the API and the console, the count of unconfirmed addresses by province that tells
//! administrators what is left to do, and offices named by their code in the staff and rule forms.

use intake_tests::browser::Browser;
use intake_tests::staff::*;
use intake_tests::*;
use serde_json::{Value, json};

async fn patch(app: &TestApp, path: &str, token: &str, body: &Value) -> Response {
    let response = app
        .client
        .patch(app.url(path))
        .bearer_auth(token)
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("PATCH {path}: {e}"));
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Response { status, headers, body, text }
}

fn items(r: &Response) -> Vec<Value> {
    r.body.as_array().cloned().unwrap_or_default()
}

fn codes(list: &[Value]) -> Vec<String> {
    list.iter().map(|o| o["code"].as_str().unwrap_or_default().to_owned()).collect()
}

fn total(r: &Response) -> u64 {
    r.header("x-total-count").and_then(|t| t.parse().ok()).unwrap_or(u64::MAX)
}

fn in_province(o: &Value, province: &str) -> bool {
    o["region_code"].as_str().is_some_and(|r| r.starts_with(province))
}

async fn the_offices_list_is_filtered_and_paged(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    let officer = account(&app, "officer@example.org", "officer", Some("341102-labour-inspection")).await;

    // Without parameters: every office, in the order they were created, as clients always had it.
    let all = get(&app, "/api/v1/admin/offices", Some(&admin)).await;
    assert_eq!(all.status, 200, "{}", all.text);
    let every = items(&all);
    assert!(every.len() > 15_000, "the directory has every county: {}", every.len());
    assert_eq!(total(&all), every.len() as u64);
    let ids: Vec<i64> = every.iter().map(|o| o["id"].as_i64().unwrap_or_default()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "by id");
    assert!(every.iter().all(|o| o["address_confirmed"] == false), "the seed's addresses are placeholders");

    // A province and a kind: the same offices as filtering the whole list.
    let anhui = get(&app, "/api/v1/admin/offices?region=34&kind=labour_inspection", Some(&admin)).await;
    assert_eq!(anhui.status, 200, "{}", anhui.text);
    let expected: Vec<Value> =
        every.iter().filter(|o| in_province(o, "34") && o["kind"] == "labour_inspection").cloned().collect();
    assert_eq!(codes(&items(&anhui)), codes(&expected));
    assert_eq!(total(&anhui), expected.len() as u64);
    assert!(codes(&expected).contains(&"341102-labour-inspection".to_owned()) && expected.len() > 50);
    let county = get(&app, "/api/v1/admin/offices?region=341102", Some(&admin)).await;
    assert_eq!(total(&county), 6, "six kinds in a county: {}", county.text);

    // Pages: counted and cut in the database, the same offices as the whole list.
    let province: Vec<Value> = every.iter().filter(|o| in_province(o, "34")).cloned().collect();
    let page = get(&app, "/api/v1/admin/offices?region=34&page=2&per_page=10", Some(&admin)).await;
    assert_eq!(page.status, 200, "{}", page.text);
    assert_eq!(codes(&items(&page)), codes(&province[10..20]));
    assert_eq!(total(&page), province.len() as u64, "the total of every page");
    let first = get(&app, "/api/v1/admin/offices?page=1", Some(&admin)).await;
    assert_eq!((items(&first).len(), total(&first)), (100, every.len() as u64), "100 a page by default");
    let beyond = get(&app, "/api/v1/admin/offices?region=34&page=100000&per_page=1000", Some(&admin)).await;
    assert_eq!((beyond.status, items(&beyond).len()), (200, 0));

    // Text in the code or a name, in any case; the state and the address.
    let langya = get(&app, "/api/v1/admin/offices?q=%E7%90%85%E7%90%8A%E5%8C%BA", Some(&admin)).await;
    assert!(
        items(&langya).iter().all(|o| o["name_zh"].as_str().is_some_and(|n| n.contains("琅琊区")))
            && total(&langya) >= 6,
        "{}",
        langya.text
    );
    let desk = get(&app, "/api/v1/admin/offices?q=cn-INTAKE", Some(&admin)).await;
    assert_eq!(codes(&items(&desk)), ["CN-INTAKE"]);
    let literal = get(&app, "/api/v1/admin/offices?q=%25", Some(&admin)).await;
    assert_eq!((literal.status, total(&literal)), (200, 0), "a wildcard is a character");
    let unconfirmed = get(&app, "/api/v1/admin/offices?unconfirmed=true&per_page=1", Some(&admin)).await;
    assert_eq!(total(&unconfirmed), every.len() as u64);
    let confirmed = get(&app, "/api/v1/admin/offices?unconfirmed=false", Some(&admin)).await;
    assert_eq!((total(&confirmed), items(&confirmed).len()), (0, 0));
    let disabled = get(&app, "/api/v1/admin/offices?active=false", Some(&admin)).await;
    assert_eq!(total(&disabled), 0);

    // A filter that does not parse is refused, never read as no filter.
    for (query, field, code) in [
        ("kind=police", "kind", "kind_invalid"),
        ("region=99", "region", "prefix_unknown"),
        ("region=3", "region", "prefix_unknown"),
    ] {
        let r = get(&app, &format!("/api/v1/admin/offices?{query}"), Some(&admin)).await;
        assert_eq!(r.status, 422, "{query}: {}", r.text);
        assert_eq!(r.field_errors(), vec![(field.to_owned(), code.to_owned())], "{query}");
    }
    for query in ["unconfirmed=maybe", "page=first", "active=yes"] {
        let r = get(&app, &format!("/api/v1/admin/offices?{query}"), Some(&admin)).await;
        assert_eq!(r.status, 400, "{query}: {}", r.text);
    }
    assert_eq!(get(&app, "/api/v1/admin/offices?region=34", Some(&officer)).await.status, 403);
    assert_eq!(get(&app, "/api/v1/admin/offices", None).await.status, 401);
}
db_test!(the_offices_list_is_filtered_and_paged, the_offices_list_is_filtered_and_paged);

async fn unconfirmed_addresses_are_counted_by_province(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    let every = items(&get(&app, "/api/v1/admin/offices", Some(&admin)).await);
    let in_anhui = every.iter().filter(|o| in_province(o, "34")).count();
    let in_jiangsu = every.iter().filter(|o| in_province(o, "32")).count();

    let mut browser = Browser::sign_in(&app, "admin@example.org").await;
    let page = browser.get("/console/admin/offices").await;
    assert_eq!(page.status, 200, "{}", page.html);
    // Every seed office is unconfirmed: each province's count is its number of offices.
    assert_eq!(page.text_of("unconfirmed-34"), in_anhui.to_string());
    assert_eq!(page.text_of("unconfirmed-32"), in_jiangsu.to_string());
    assert_eq!(page.text_of("unconfirmed-national"), "1", "the national desk");
    assert!(page.text_of("unconfirmed").contains("安徽省"), "provinces are named");
    let link = "/console/admin/offices?region=34&unconfirmed=on&state=active";
    assert!(page.html.replace("&#38;", "&").contains(link), "each count lists its offices");

    // A real address for one Anhui office: Anhui's count drops by one, the others stay.
    let langya = office_id(&app, "341102-labour-inspection").await;
    let changed =
        patch(&app, &format!("/api/v1/admin/offices/{langya}"), &admin, &json!({"email": "jiancha@langya.gov.cn"}))
            .await;
    assert_eq!((changed.status, changed.body["address_confirmed"].as_bool()), (200, Some(true)), "{}", changed.text);
    let page = browser.get("/console/admin/offices").await;
    assert_eq!(page.text_of("unconfirmed-34"), (in_anhui - 1).to_string());
    assert_eq!(page.text_of("unconfirmed-32"), in_jiangsu.to_string());
    let confirmed = get(&app, "/api/v1/admin/offices?unconfirmed=false", Some(&admin)).await;
    assert_eq!(codes(&items(&confirmed)), ["341102-labour-inspection"]);

    // The count's link lists those offices, a hundred a page; the confirmed one is not among them.
    let listed = browser.get(link).await;
    assert_eq!(listed.status, 200);
    assert!(
        listed.text_of("offices-count").contains(&(in_anhui - 1).to_string()),
        "{}",
        listed.text_of("offices-count")
    );
    assert!(listed.html.contains("rel=\"next\""), "more than one page");
    let county = browser.get("/console/admin/offices?region=34&unconfirmed=on&state=active&q=341102").await;
    let table = county.text_of("offices");
    assert!(table.contains("341102-trade-union") && !table.contains("341102-labour-inspection"), "{table}");
    let everything = browser.get("/console/admin/offices?region=34&q=341102").await.text_of("offices");
    assert!(everything.contains("341102-labour-inspection"), "without the filter it is listed: {everything}");

    // Filters that are not values are said beside their field; a page that is no number is refused.
    let wrong = browser.get("/console/admin/offices?kind=police&state=asleep").await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.html.contains("id=\"filter-kind-error\"") && wrong.html.contains("id=\"filter-state-error\""));
    assert_eq!(browser.get("/console/admin/offices?page=two").await.status, 400);
    let second = browser.get("/console/admin/offices?region=34&page=2").await;
    assert!(second.text_of("offices-page").contains("2 /"), "{}", second.text_of("offices-page"));
    assert!(second.html.contains("rel=\"prev\""));
}
db_test!(unconfirmed_addresses_are_counted_by_province, unconfirmed_addresses_are_counted_by_province);

async fn forms_name_an_office_by_its_code(backend: Backend) {
    let app = spawn_app(backend).await;
    account(&app, "admin@example.org", "admin", None).await;
    let mut admin = Browser::sign_in(&app, "admin@example.org").await;
    let staff = admin.get("/console/admin/staff").await;
    assert_eq!(staff.status, 200);
    assert!(!staff.html.contains("<select id=\"office_id\""), "no list of 20,000 offices");
    assert!(staff.html.contains("href=\"/console/admin/offices\""), "the hint links to the offices page");
    let csrf = staff.input("csrf");
    let officer = |email: &'static str, code: &'static str| {
        [("email", email), ("display_name", "李明"), ("role", "officer"), ("office_code", code), ("language", "zh-CN")]
    };
    let post = |fields: [(&'static str, &'static str); 5]| {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend(fields);
        all
    };

    let unknown =
        admin.post("/console/admin/staff", &post(officer("li@example.org", "999999-labour-inspection"))).await;
    assert_eq!(unknown.status, 422, "{}", unknown.html);
    assert_eq!(unknown.text_of("office_code-error"), "没有这个单位，或者它已停用。");
    assert_eq!(unknown.input("office_code"), "999999-labour-inspection", "kept as typed");
    let missing = admin.post("/console/admin/staff", &post(officer("li@example.org", ""))).await;
    assert_eq!(missing.status, 422);
    assert!(!missing.text_of("office_code-error").is_empty(), "an officer needs an office: {}", missing.html);
    admin.language = Some("en");
    let english = admin.post("/console/admin/staff", &post(officer("li@example.org", "34-police"))).await;
    assert_eq!(english.text_of("office_code-error"), "No active office has this code or id.");
    admin.language = None;

    let created =
        admin.post("/console/admin/staff", &post(officer("li@example.org", " 341102-labour-inspection "))).await;
    assert_eq!(created.status, 200, "{}", created.html);
    let account = intake::store::staff::by_email(&app.state.db, "li@example.org").await.ok().flatten();
    assert_eq!(account.and_then(|a| a.office_id), Some(office_id(&app, "341102-labour-inspection").await));
    assert!(admin.get("/console/admin/staff").await.text_of("staff").contains("341102-labour-inspection"));

    // A rule names one office by its code, or a kind with no office.
    let rules = admin.get("/console/admin/rules").await;
    let csrf = rules.input("csrf");
    // The list of levels always sends one, as a browser does; without a kind it says nothing.
    let level = |kind: &str| if kind.is_empty() { "county" } else { "city" };
    let rule = |code: &'static str, kind: &'static str| {
        [
            ("csrf", csrf.clone()),
            ("category", "working_hours".to_owned()),
            ("region_prefix", "3411".to_owned()),
            ("office_code", code.to_owned()),
            ("target_kind", kind.to_owned()),
            ("target_level", level(kind).to_owned()),
            ("role", "copy".to_owned()),
            ("priority", "0".to_owned()),
        ]
    };
    let pairs = |fields: &[(&'static str, String); 8]| fields.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    async fn send(admin: &mut Browser<'_>, fields: Vec<(&'static str, String)>) -> intake_tests::browser::Page {
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        admin.post("/console/admin/rules", &borrowed).await
    }
    let refused = send(&mut admin, pairs(&rule("3411-police", ""))).await;
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert_eq!(refused.text_of("office_code-error"), "没有这个单位，或者它已停用。");
    assert_eq!(refused.input("office_code"), "3411-police");
    let neither = send(&mut admin, pairs(&rule("", ""))).await;
    assert_eq!(neither.status, 422);
    assert!(!neither.text_of("office_code-error").is_empty(), "a rule names an office or a kind");
    let by_kind = send(&mut admin, pairs(&rule("", "womens_federation"))).await;
    assert_eq!(
        (by_kind.status, by_kind.header("location")),
        (303, "/console/admin/rules?done=rule-created"),
        "{}",
        by_kind.html
    );
    let by_code = send(&mut admin, pairs(&rule("3411-trade-union", ""))).await;
    assert_eq!(by_code.status, 303, "{}", by_code.html);

    // Editing shows the office's code.
    let token = login(&app, "admin@example.org").await;
    let listed = get(&app, "/api/v1/admin/routing-rules", Some(&token)).await;
    let union = office_id(&app, "3411-trade-union").await;
    let id = items(&listed)
        .iter()
        .filter(|r| r["office_id"].as_i64() == Some(union) && r["category"] == "working_hours")
        .filter_map(|r| r["id"].as_i64())
        .max()
        .unwrap_or_default();
    let edit = admin.get(&format!("/console/admin/rules/{id}")).await;
    assert_eq!((edit.status, edit.input("office_code").as_str()), (200, "3411-trade-union"), "{}", edit.html);
    assert!(admin.get("/console/admin/rules").await.text_of("rules").contains("3411-trade-union"));
}
db_test!(forms_name_an_office_by_its_code, forms_name_an_office_by_its_code);
