//! A database made by the previous release (its eleven migrations, provincial offices and rules,
//! complaints routed by them) is upgraded by starting the service on it: every old case still
//! opens, for its offices and for its worker, with its recipients, its routing history and now
//! a result date; provincial offices stay provincial; new complaints are routed by place.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use intake_tests::browser::Browser;
use intake_tests::staff::*;
use intake_tests::*;
use migration::MigratorTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, Value as DbValue};
use serde_json::json;

/// The migrations of the release before competence by place.
const PREVIOUS_RELEASE_MIGRATIONS: u32 = 11;
/// The test harness's receipt key: the old rows' receipt hashes are made with it.
const RECEIPT_KEY: &str = "test-receipt-key-0123456789abcdef0123456789";
const JWT_SECRET: &str = "test-jwt-secret-0123456789abcdef0123456789ab";

/// A directory for the old SQLite file, removed at the end (the harness removes it too should
/// this process die first: the name carries its pid).
struct Scratch(std::path::PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn id_of(db: &DatabaseConnection, table: &str, column: &str, value: &str) -> i64 {
    let query = Query::select()
        .column(Alias::new("id"))
        .from(Alias::new(table))
        .and_where(Expr::col(Alias::new(column)).eq(value))
        .to_owned();
    let row = db.query_one(&query).await.ok().flatten().unwrap_or_else(|| panic!("{table}.{column} = {value}"));
    row.try_get::<i64>("", "id").unwrap_or_else(|e| panic!("{e}"))
}

/// The id of the previous release's default rule for a category and office, in a province.
async fn old_rule(db: &DatabaseConnection, category: &str, office: i64) -> i64 {
    let query = Query::select()
        .column(Alias::new("id"))
        .from(Alias::new("routing_rules"))
        .and_where(Expr::col(Alias::new("category")).eq(category))
        .and_where(Expr::col(Alias::new("office_id")).eq(office))
        .to_owned();
    let row = db.query_one(&query).await.ok().flatten().unwrap_or_else(|| panic!("rule {category} {office}"));
    row.try_get::<i64>("", "id").unwrap_or_else(|e| panic!("{e}"))
}

async fn insert(db: &DatabaseConnection, table: &str, values: Vec<(&str, DbValue)>) {
    let (columns, values): (Vec<_>, Vec<_>) = values.into_iter().unzip();
    let mut query = Query::insert();
    query
        .into_table(Alias::new(table))
        .columns(columns.into_iter().map(Alias::new))
        .values(values.into_iter().map(Expr::val))
        .unwrap_or_else(|e| panic!("{e}"));
    db.execute(&query).await.unwrap_or_else(|e| panic!("insert into {table}: {e}"));
}

/// One complaint as the previous release stored it: routed to Anhui's provincial labour
/// inspection with the provincial union copied, with its routing decision in the old form.
async fn old_case(db: &DatabaseConnection, reference: &str, receipt_hash: String, filed: DateTime<Utc>) {
    let inspection = id_of(db, "offices", "code", "34-labour-inspection").await;
    let union = id_of(db, "offices", "code", "34-trade-union").await;
    let primary_rule = old_rule(db, "wage_arrears", inspection).await;
    let copy_rule = old_rule(db, "wage_arrears", union).await;
    let acknowledge_by = NaiveDate::from_ymd_opt(2026, 6, 17).unwrap_or_default();
    let mut complaint: Vec<(&str, DbValue)> = vec![
        ("reference", reference.into()),
        ("receipt_hash", receipt_hash.into()),
        ("status", "received".into()),
        ("category", "wage_arrears".into()),
        ("region_code", "341102".into()),
        ("description", "站点拖欠了我两个月的配送费，一共三千五百元。".into()),
        ("platform", Some("美团".to_owned()).into()),
        ("employer", Option::<String>::None.into()),
        ("occurred_on", Option::<NaiveDate>::None.into()),
        ("amount_owed_fen", Some(350_000i64).into()),
        ("affected_workers", 1i32.into()),
        ("tags", "".into()),
        ("anonymous", false.into()),
        ("contact_name", Some("王师傅".to_owned()).into()),
        ("contact_phone", Some("13800138000".to_owned()).into()),
        ("contact_email", Option::<String>::None.into()),
        ("contact_id_number", Option::<String>::None.into()),
        ("language", "zh-CN".into()),
        ("notify_by_email", false.into()),
        ("consented_at", filed.into()),
        ("on_behalf_consent_method", Option::<String>::None.into()),
        ("primary_office_id", inspection.into()),
        ("routing_fallback", false.into()),
        ("acknowledge_by", acknowledge_by.into()),
        ("created_at", filed.into()),
        ("updated_at", filed.into()),
        ("platform_key", Some("美团".to_owned()).into()),
        ("employer_key", Option::<String>::None.into()),
    ];
    insert(db, "complaints", std::mem::take(&mut complaint)).await;
    let id = id_of(db, "complaints", "reference", reference).await;
    for (office, role, rule) in [(inspection, "primary", primary_rule), (union, "copy", copy_rule)] {
        insert(
            db,
            "complaint_recipients",
            vec![
                ("complaint_id", id.into()),
                ("office_id", office.into()),
                ("role", role.into()),
                ("rule_id", Some(rule).into()),
                ("active", true.into()),
                ("created_at", filed.into()),
            ],
        )
        .await;
    }
    // The decision exactly as the previous release serialised it: every rule names its office.
    let explanation = json!({
        "recipients": [
            {"office_id": inspection, "role": "primary", "rule_id": primary_rule},
            {"office_id": union, "role": "copy", "rule_id": copy_rule}
        ],
        "fallback": false,
        "matched": [
            {"rule": {"id": primary_rule, "category": "wage_arrears", "region_prefix": "34", "platform": null,
                "min_affected_workers": null, "required_tag": null, "office_id": inspection, "role": "primary",
                "priority": 0}, "criteria": 2, "outcome": "primary"},
            {"rule": {"id": copy_rule, "category": "wage_arrears", "region_prefix": "34", "platform": null,
                "min_affected_workers": null, "required_tag": null, "office_id": union, "role": "copy",
                "priority": 0}, "criteria": 2, "outcome": "copied"}
        ]
    });
    insert(
        db,
        "routing_decisions",
        vec![
            ("complaint_id", id.into()),
            ("decided_at", filed.into()),
            ("fallback", false.into()),
            ("explanation", explanation.to_string().into()),
        ],
    )
    .await;
    insert(
        db,
        "complaint_events",
        vec![
            ("complaint_id", id.into()),
            ("at", filed.into()),
            ("kind", "submitted".into()),
            ("status", Some("received".to_owned()).into()),
            ("message", Option::<String>::None.into()),
            ("visible_to_worker", true.into()),
            ("office_id", Option::<i64>::None.into()),
        ],
    )
    .await;
}

async fn a_database_of_the_previous_release_upgrades(backend: Backend) {
    let scratch = Scratch(std::env::temp_dir().join(format!("intake-test-{}-upgrade-{backend:?}", std::process::id())));
    let _ = std::fs::create_dir_all(&scratch.0);
    let postgres = match backend {
        Backend::Postgres => Some(intake_tests::postgres::empty_database().await),
        Backend::Sqlite => None,
    };
    let url = match &postgres {
        Some(database) => database.url.clone(),
        None => format!("sqlite://{}/old.db?mode=rwc", scratch.0.display()),
    };

    // The previous release's database, with a case it routed.
    let db = intake::store::connect(&url, Some(2)).await.unwrap_or_else(|e| panic!("{e}"));
    migration::Migrator::up(&db, Some(PREVIOUS_RELEASE_MIGRATIONS)).await.unwrap_or_else(|e| panic!("{e}"));
    let secrets = intake::secrets::Secrets::load(Some(RECEIPT_KEY), Some(JWT_SECRET), &scratch.0)
        .unwrap_or_else(|e| panic!("{e}"));
    let (reference, code) = ("P8X5-B895", "9567413187153741");
    let filed = Utc.with_ymd_and_hms(2026, 6, 10, 2, 0, 0).single().unwrap_or_default();
    old_case(&db, reference, secrets.receipt_hash(reference, code), filed).await;
    db.close().await.unwrap_or_else(|e| panic!("{e}"));

    // The new release starts on it: the rest of the migrations run, old cases get result dates.
    let app = spawn_app_with(backend, |s| s.database_url = Some(url.clone())).await;

    // The worker still opens the case with the receipt code.
    let tracked = app.track(reference, code).await;
    assert_eq!(tracked.status, 200, "{}", tracked.text);
    let names: Vec<&str> =
        tracked.body["recipients"].as_array().into_iter().flatten().filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(names, ["安徽省人力资源和社会保障厅劳动保障监察局", "安徽省总工会"], "{}", tracked.text);
    assert_eq!(tracked.body["acknowledge_by"], "2026-06-17");
    // Filed Wednesday 10 June: the last day to accept is 17 June, and 60 working days from it.
    assert_eq!(tracked.body["result_by"], "2026-09-09", "{}", tracked.text);
    assert_eq!(tracked.body["acknowledge_basis"], "legal");

    // The provincial office still has it, with its routing history.
    let officer = account(&app, "inspector@example.org", "officer", Some("34-labour-inspection")).await;
    let case = get(&app, &format!("/api/v1/cases/{reference}"), Some(&officer)).await;
    assert_eq!(case.status, 200, "{}", case.text);
    assert_eq!(case.body["recipients"].as_array().map(Vec::len), Some(2));
    assert_eq!(case.body["routing"].as_array().map(Vec::len), Some(1), "{}", case.text);
    assert_eq!(case.body["routing"][0]["matched"][0]["rule"]["region_prefix"], "34");
    let mut browser = Browser::sign_in(&app, "inspector@example.org").await;
    let page = browser.get(&format!("/console/cases/{reference}")).await;
    assert_eq!(page.status, 200, "{}", page.html);
    let history = page.text_of("routing");
    assert!(
        history.contains("安徽省人力资源和社会保障厅劳动保障监察局") && history.contains("安徽省总工会"),
        "{history}"
    );

    // Provincial offices stay provincial; the old default rules are kept, disabled, for the
    // history; new complaints go to the county.
    let admin = account(&app, "admin@example.org", "admin", None).await;
    let rules = get(&app, "/api/v1/admin/routing-rules", Some(&admin)).await;
    let old_rules: Vec<&serde_json::Value> =
        rules.body.as_array().into_iter().flatten().filter(|r| r["note"] == "default directory").collect();
    assert_eq!(old_rules.len(), 31 * 18, "every old default rule is kept");
    assert!(old_rules.iter().all(|r| r["active"] == false && r["office_id"].is_i64()));
    let office = intake::store::directory::office_by_code(&app.state.db, "34-labour-inspection").await;
    let office = office.ok().flatten().unwrap_or_else(|| panic!("the provincial office is kept"));
    assert_eq!((office.region_code.as_deref(), office.active), (Some("34"), true));
    let new = app.file(&valid_complaint()).await;
    assert_eq!(new.body["recipients"][0]["name"], "滁州市琅琊区人力资源和社会保障局", "{}", new.text);
}
db_test!(a_database_of_the_previous_release_upgrades, a_database_of_the_previous_release_upgrades);
