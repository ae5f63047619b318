//! Health, catalog and documentation endpoints.

use intake_tests::*;
use serde_json::json;

async fn health_and_readiness(backend: Backend) {
    let app = spawn_app(backend).await;
    let health = app.get("/healthz").await;
    assert_eq!((health.status, health.body["status"].as_str()), (200, Some("ok")));
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status, 200, "{}", ready.text);
    assert_eq!(health.header("x-content-type-options"), Some("nosniff"));
    assert!(health.header("x-request-id").is_some_and(|id| !id.is_empty()), "every answer names its request id");
}
db_test!(health_and_readiness, health_and_readiness);

async fn categories_are_localised(backend: Backend) {
    let app = spawn_app(backend).await;
    let zh = app.get("/api/v1/categories").await;
    assert_eq!(zh.status, 200);
    let list = zh.body.as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 15, "{}", zh.text);
    assert_eq!(list[0]["code"], "wage_arrears");
    assert_eq!(list[0]["name"], "拖欠工资/报酬");
    assert!(list.iter().all(|c| c["description"].as_str().is_some_and(|d| d.chars().count() > 10)));
    // The four added with competence by place, each described in plain words.
    for code in ["maternity_rights", "sexual_harassment", "personal_information", "commission_pricing"] {
        assert!(list.iter().any(|c| c["code"] == code), "{code}");
    }
    assert_eq!(list.last().map(|c| c["code"].clone()), Some(json!("other")), "other comes last");
    let en = app.get_with("/api/v1/categories", &[("Accept-Language", "en-GB,en;q=0.9")]).await;
    assert_eq!(en.body[0]["name"], "Unpaid or late wages");
    assert_eq!(en.header("content-language"), Some("en"));
}
db_test!(categories_are_localised, categories_are_localised);

async fn regions_by_level(backend: Backend) {
    let app = spawn_app(backend).await;
    let provinces = app.get("/api/v1/regions").await;
    assert_eq!(provinces.body.as_array().map(Vec::len), Some(31));
    assert!(provinces.body.as_array().into_iter().flatten().all(|p| p["level"] == "province" && p["parent"].is_null()));
    let cities = app.get("/api/v1/regions?parent=34").await;
    let cities = cities.body.as_array().cloned().unwrap_or_default();
    assert!(
        cities
            .iter()
            .any(|c| c["code"] == "3411" && c["name"] == "滁州市" && c["level"] == "city" && c["parent"] == "34")
    );
    let counties = app.get("/api/v1/regions?parent=3411").await;
    assert!(counties.body.as_array().into_iter().flatten().any(|c| c["code"] == "341102" && c["name"] == "琅琊区"));
    let one = app.get("/api/v1/regions/341102").await;
    assert_eq!(one.body, serde_json::json!({"code": "341102", "name": "琅琊区", "level": "county", "parent": "3411"}));
    for path in ["/api/v1/regions/349999", "/api/v1/regions/abc", "/api/v1/regions?parent=99"] {
        let missing = app.get(path).await;
        assert_eq!(missing.status, 404, "{path}");
        assert_eq!(missing.header("content-type"), Some("application/problem+json"), "{path}");
        assert_eq!(missing.body["code"], "region_not_found", "{path}");
    }
}
db_test!(regions_by_level, regions_by_level);

async fn openapi_and_docs(backend: Backend) {
    let app = spawn_app(backend).await;
    let doc = app.get("/api/v1/openapi.json").await;
    assert_eq!(doc.status, 200);
    assert_eq!(doc.body["openapi"], "3.1.0");
    for path in [
        "/api/v1/complaints",
        "/api/v1/complaints/{reference}",
        "/api/v1/routing/preview",
        "/api/v1/categories",
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/healthz",
        "/readyz",
    ] {
        assert!(doc.body["paths"][path].is_object(), "{path} is documented");
    }
    assert!(doc.body["components"]["schemas"]["ComplaintRequest"].is_object());
    // Every path parameter is in its path's template, so query parameters are not declared as
    // path ones (which once told clients that `page` and `per_page` were required path segments).
    let paths = doc.body["paths"].as_object().cloned().unwrap_or_default();
    for (path, item) in &paths {
        let operations = item.as_object().cloned().unwrap_or_default();
        for (method, op) in &operations {
            for param in op["parameters"].as_array().cloned().unwrap_or_default() {
                let name = param["name"].as_str().unwrap_or_default();
                if param["in"] == "path" {
                    assert!(path.contains(&format!("{{{name}}}")), "{method} {path}: `{name}` is not in the path");
                }
            }
        }
    }
    let cases = &doc.body["paths"]["/api/v1/cases"]["get"];
    let page = cases["parameters"].as_array().and_then(|p| p.iter().find(|p| p["name"] == "page").cloned());
    assert_eq!(page.as_ref().map(|p| (p["in"].clone(), p["required"].clone())), Some(("query".into(), false.into())));
    // Each staff operation documents the answers of its extractors: no token, a bad query string.
    for status in ["400", "401", "403", "422"] {
        assert!(cases["responses"][status].is_object(), "GET /api/v1/cases documents {status}");
    }
    let page = app.get("/api/docs").await;
    assert_eq!(page.status, 200);
    assert!(page.text.contains("/api/v1/complaints") && page.text.contains("Idempotency-Key"));
    assert!(!page.text.contains("<script"), "the docs page runs no script");
}
db_test!(openapi_and_docs, openapi_and_docs);
