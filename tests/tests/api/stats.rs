//! `GET /api/v1/stats`: a hundred varied complaints filed over three months, some accepted or
//! refused by their handling office, and the figures checked against counts made here from what
//! was filed, for an officer (their office's cases only) and for an administrator (all).

use chrono::{DateTime, Datelike, Days, Duration, FixedOffset, NaiveDate, Utc};
use intake::clock::Clock;
use intake_tests::staff::{account, get, login, office_id, post};
use intake_tests::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

const CATEGORIES: [&str; 11] = [
    "wage_arrears",
    "social_insurance",
    "occupational_injury",
    "working_hours",
    "algorithm_penalties",
    "pay_deductions",
    "account_deactivation",
    "heat_safety",
    "discrimination",
    "employment_status",
    "other",
];

/// Three provinces, thirteen places in twelve cities (one given by its city code).
const REGIONS: [&str; 13] = [
    "341102", "340102", "340202", "340302", "340503", "341502", "340402", "3401", "440103", "440303", "440604",
    "440402", "110101",
];

/// Platforms as workers type them, and the key each is counted under.
const PLATFORMS: [(Option<&str>, &str); 8] = [
    (Some("美团"), "美团"),
    (Some("饿了么"), "饿了么"),
    (Some("Meituan"), "meituan"),
    (Some(" MEITUAN "), "meituan"),
    (None, ""),
    (Some("顺丰同城"), "顺丰同城"),
    (Some("ＭＥＩＴＵＡＮ"), "meituan"),
    (Some("滴滴  出行"), "滴滴 出行"),
];

/// The officer whose figures are checked: the trade union of 琅琊区, 滁州, which handles some cases
/// and is copied on others.
pub const SCOPED: &str = "341102-trade-union";

/// What the test filed and did, from which it computes the figures on its own.
#[derive(Clone, Debug)]
pub struct Filed {
    pub reference: String,
    pub category: &'static str,
    pub region: &'static str,
    pub platform_key: &'static str,
    pub created_at: DateTime<Utc>,
    pub acknowledge_by: NaiveDate,
    /// As the case list gives it at the end (it moves when labour inspection accepts).
    pub result_by: Option<NaiveDate>,
    pub offices: Vec<i64>,
    pub primary: i64,
    pub status: &'static str,
    pub acknowledged_at: Option<DateTime<Utc>>,
}

pub struct Seeded {
    pub cases: Vec<Filed>,
    pub scoped_office: i64,
}

fn email(office: &str) -> String {
    format!("{office}@example.org")
}

fn complaint(i: usize) -> (Value, &'static str, &'static str, &'static str) {
    // From the 41st, every fifth a platform penalty in 琅琊区, which the county's union handles itself: the scoped
    // office has cases of its own as well as the copies of wage, heat and injury cases there.
    let (category, region) = if i >= 40 && i % 5 == 3 {
        ("algorithm_penalties", "341102")
    } else {
        (CATEGORIES[(i * 7 + i / 5) % CATEGORIES.len()], REGIONS[(i * 5 + i * i / 7) % REGIONS.len()])
    };
    let (platform, key) = PLATFORMS[(i * 3 + i / 4) % PLATFORMS.len()];
    let mut body = if i.is_multiple_of(3) { anonymous_complaint() } else { valid_complaint() };
    body["category"] = json!(category);
    body["region_code"] = json!(region);
    body["platform"] = platform.map_or(Value::Null, |p| json!(p));
    body["affected_workers"] = json!(if i % 9 == 4 { 12 } else { 1 + i % 4 });
    body["tags"] = if i % 5 == 1 { json!(["women"]) } else { json!([]) };
    (body, category, region, key)
}

/// A token of the office's officer that is still valid now (the clock moves by days here).
async fn token(app: &TestApp, tokens: &mut HashMap<i64, (String, DateTime<Utc>)>, office: i64, code: &str) -> String {
    let now = app.clock.now();
    if let Some((t, at)) = tokens.get(&office)
        && now - *at < Duration::minutes(20)
    {
        return t.clone();
    }
    let t = login(app, &email(code)).await;
    tokens.insert(office, (t.clone(), now));
    t
}

/// Files `n` complaints about 22 hours apart; four filings later, three of every four are
/// accepted (some then taken in hand) or refused by their handling office. The rest stay
/// `received`, and the older of those pass their acknowledge-by date.
pub async fn seed(app: &TestApp, n: usize) -> Seeded {
    // The handling offices' codes, each with an officer made the first time it handles a case.
    let mut offices: HashMap<i64, String> = HashMap::new();
    account(app, &email(SCOPED), "officer", Some(SCOPED)).await;
    offices.insert(office_id(app, SCOPED).await, SCOPED.to_owned());
    let mut tokens = HashMap::new();
    let mut cases: Vec<Filed> = Vec::new();
    for i in 0..n {
        let (body, category, region, platform_key) = complaint(i);
        let r = app.file(&body).await;
        assert_eq!(r.status, 201, "{}", r.text);
        let recipients = r.body["recipients"].as_array().cloned().unwrap_or_default();
        let id_of = |v: &Value| v["id"].as_i64().unwrap_or_default();
        let primary = recipients.iter().find(|v| v["role"] == "primary").map(id_of).unwrap_or_default();
        if let std::collections::hash_map::Entry::Vacant(slot) = offices.entry(primary) {
            let office = intake::store::admin::office(&app.state.db, primary).await.ok().flatten();
            let code = office.map(|o| o.code).unwrap_or_else(|| panic!("office {primary}"));
            account(app, &email(&code), "officer", Some(&code)).await;
            slot.insert(code);
        }
        cases.push(Filed {
            reference: r.body["reference"].as_str().unwrap_or_default().to_owned(),
            category,
            region,
            platform_key,
            created_at: DateTime::parse_from_rfc3339(r.body["created_at"].as_str().unwrap_or_default())
                .map(|t| t.to_utc())
                .unwrap_or_else(|e| panic!("created_at: {e}")),
            acknowledge_by: r.body["acknowledge_by"].as_str().and_then(|d| d.parse().ok()).unwrap_or_default(),
            result_by: None,
            offices: recipients.iter().map(id_of).collect(),
            primary,
            status: "received",
            acknowledged_at: None,
        });
        if let Some(j) = i.checked_sub(4).filter(|j| j % 4 != 0)
            && let Some(code) = offices.get(&cases[j].primary).cloned()
        {
            let t = token(app, &mut tokens, cases[j].primary, &code).await;
            let path = format!("/api/v1/cases/{}/transitions", cases[j].reference);
            let (to, reason) =
                if j % 7 == 1 { ("rejected", Some("不属于本机构受理范围")) } else { ("accepted", None) };
            let moved = post(app, &path, Some(&t), &json!({"to": to, "reason": reason})).await;
            assert_eq!(moved.status, 200, "{}", moved.text);
            cases[j].status = to;
            cases[j].acknowledged_at = Some(app.clock.now());
            if to == "accepted" && j % 5 == 2 {
                let worked = post(app, &path, Some(&t), &json!({"to": "in_progress"})).await;
                assert_eq!(worked.status, 200, "{}", worked.text);
                cases[j].status = "in_progress";
            }
        }
        app.clock.advance(Duration::hours(22) + Duration::minutes(7 * (i % 5) as i64));
    }
    app.clock.advance(Duration::days(3));
    // The result dates as they stand (labour inspection's run from acceptance).
    let admin = account(app, "seed-admin@example.org", "admin", None).await;
    let list = get(app, "/api/v1/cases?per_page=200", Some(&admin)).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let result_dates: HashMap<String, NaiveDate> = list.body["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| Some((c["reference"].as_str()?.to_owned(), c["result_by"].as_str()?.parse().ok()?)))
        .collect();
    for case in &mut cases {
        case.result_by = result_dates.get(&case.reference).copied();
        assert!(case.result_by.is_some(), "{} has a result date", case.reference);
    }
    Seeded { cases, scoped_office: office_id(app, SCOPED).await }
}

fn china_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| panic!("offset"))).date_naive()
}

fn monday(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// The figures of these cases, counted here.
pub fn expected(cases: &[&Filed], now: DateTime<Utc>) -> Value {
    let mut by_status: BTreeMap<String, u64> =
        ["received", "accepted", "in_progress", "resolved", "referred", "closed", "rejected"]
            .iter()
            .map(|s| (s.to_string(), 0))
            .collect();
    // Every category of the directory is counted, zeros included: those filed here and the four
    // added with competence by place.
    let added = ["maternity_rights", "sexual_harassment", "personal_information", "commission_pricing"];
    let mut by_category: BTreeMap<String, u64> =
        CATEGORIES.iter().chain(added.iter()).map(|c| (c.to_string(), 0)).collect();
    let mut by_region: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_platform: BTreeMap<String, u64> = BTreeMap::new();
    let today = china_day(now);
    let current = monday(today);
    let mondays: Vec<NaiveDate> = (0..12).rev().map(|w| current - Days::new(7 * w)).collect();
    let mut weeks: BTreeMap<NaiveDate, u64> = mondays.iter().map(|m| (*m, 0)).collect();
    let mut waits = Vec::new();
    let mut overdue = 0;
    let (mut overdue_acknowledge, mut overdue_result) = (0u64, 0u64);
    for c in cases {
        *by_status.entry(c.status.to_owned()).or_default() += 1;
        *by_category.entry(c.category.to_owned()).or_default() += 1;
        *by_region.entry(c.region[..4].to_owned()).or_default() += 1;
        *by_platform.entry(c.platform_key.to_owned()).or_default() += 1;
        if let Some(n) = weeks.get_mut(&monday(china_day(c.created_at))) {
            *n += 1;
        }
        let late_acknowledgement = c.status == "received" && c.acknowledge_by < today;
        let unfinished = matches!(c.status, "received" | "accepted" | "in_progress");
        let late_result = unfinished && c.result_by.is_some_and(|d| d < today);
        if late_acknowledgement || late_result {
            overdue += 1;
        }
        overdue_acknowledge += u64::from(late_acknowledgement);
        overdue_result += u64::from(late_result);
        if let Some(at) = c.acknowledged_at {
            waits.push((at - c.created_at).num_seconds());
        }
    }
    waits.sort_unstable();
    let median = match waits.len() {
        0 => None,
        n if n % 2 == 1 => Some(waits[n / 2] as f64),
        n => Some((waits[n / 2 - 1] + waits[n / 2]) as f64 / 2.0),
    };
    json!({
        "total": cases.len(),
        "by_status": by_status,
        "by_category": by_category,
        "by_region": by_region,
        "by_platform": by_platform,
        "by_week": weeks.iter().map(|(m, n)| json!({"week_start": m.to_string(), "count": n})).collect::<Vec<_>>(),
        "overdue": overdue,
        "overdue_acknowledge": overdue_acknowledge,
        "overdue_result": overdue_result,
        "median_days": median.map(|s| s / 86_400.0),
    })
}

/// The answer equals the expectation; the median to the hundredth of a day it is rounded to.
pub fn assert_figures(got: &Value, want: &Value, who: &str) {
    for key in [
        "total",
        "by_status",
        "by_category",
        "by_region",
        "by_platform",
        "by_week",
        "overdue",
        "overdue_acknowledge",
        "overdue_result",
    ] {
        assert_eq!(got[key], want[key], "{who}: {key}");
    }
    match (got["median_days_to_acknowledge"].as_f64(), want["median_days"].as_f64()) {
        (Some(g), Some(w)) => assert!((g - w).abs() <= 0.005, "{who}: median {g} against {w}"),
        (g, w) => assert_eq!(g.is_some(), w.is_some(), "{who}: median {g:?} against {w:?}"),
    }
}

async fn the_figures_match_what_was_filed(backend: Backend) {
    let app = spawn_app(backend).await;
    let seeded = seed(&app, 100).await;
    let now = app.clock.now();
    let officer = login(&app, &email(SCOPED)).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    let volunteer = account(&app, "volunteer@example.org", "volunteer", None).await;

    let all: Vec<&Filed> = seeded.cases.iter().collect();
    let mine: Vec<&Filed> = all.iter().copied().filter(|c| c.offices.contains(&seeded.scoped_office)).collect();
    // The seed must exercise what is counted: both roles of the office, overdue cases, weeks
    // outside the window, more than one province, refusals.
    assert!(mine.iter().any(|c| c.primary == seeded.scoped_office));
    assert!(mine.iter().any(|c| c.primary != seeded.scoped_office), "copied cases");
    assert!(mine.len() < all.len() && mine.len() > 10, "{} of {}", mine.len(), all.len());
    let want_all = expected(&all, now);
    let window: u64 = want_all["by_week"].as_array().map_or(0, |w| w.iter().filter_map(|x| x["count"].as_u64()).sum());
    assert!(
        window < 100 && want_all["overdue"].as_u64() > Some(5) && want_all["by_status"]["rejected"].as_u64() > Some(0)
    );
    // Both dates are exercised: cases never acknowledged, and accepted cases past their result date.
    assert!(want_all["overdue_acknowledge"].as_u64() > Some(0), "{want_all}");
    assert!(want_all["overdue_result"].as_u64() > Some(0), "{want_all}");

    let got = get(&app, "/api/v1/stats", Some(&admin)).await;
    assert_eq!(got.status, 200, "{}", got.text);
    assert_figures(&got.body, &want_all, "admin");
    assert_eq!(got.body["by_region"].as_object().map(|m| m.len()), Some(12), "13 places in 12 cities");

    let got = get(&app, "/api/v1/stats", Some(&officer)).await;
    assert_eq!(got.status, 200, "{}", got.text);
    assert_figures(&got.body, &expected(&mine, now), "officer");

    // Dates filter by the day of filing in China, both ends included.
    let (from, to) = (china_day(all[30].created_at), china_day(all[60].created_at));
    let between: Vec<&Filed> = all.iter().copied().filter(|c| (from..=to).contains(&china_day(c.created_at))).collect();
    let got = get(&app, &format!("/api/v1/stats?from={from}&to={to}"), Some(&admin)).await;
    assert_eq!(got.status, 200, "{}", got.text);
    let want = expected(&between, now);
    for key in ["total", "by_status", "by_category", "by_region", "by_platform", "overdue"] {
        assert_eq!(got.body[key], want[key], "filtered: {key}");
    }

    let refused = get(&app, "/api/v1/stats", Some(&volunteer)).await;
    assert_eq!((refused.status, refused.body["code"].as_str()), (403, Some("forbidden")));
    assert_eq!(get(&app, "/api/v1/stats", None).await.status, 401);
    let bad = get(&app, "/api/v1/stats?from=yesterday", Some(&admin)).await;
    assert_eq!(bad.status, 400, "{}", bad.text);
}
db_test!(the_figures_match_what_was_filed, the_figures_match_what_was_filed);

async fn no_cases_give_zeros_and_no_median(backend: Backend) {
    let app = spawn_app(backend).await;
    let officer = account(&app, "officer@example.org", "officer", Some(SCOPED)).await;
    let got = get(&app, "/api/v1/stats", Some(&officer)).await;
    assert_eq!(got.status, 200, "{}", got.text);
    assert_figures(&got.body, &expected(&[], app.clock.now()), "empty");
    assert_eq!(got.body["by_week"][11]["week_start"], "2026-06-15", "the current week comes last");
    assert!(got.body["median_days_to_acknowledge"].is_null());
}
db_test!(no_cases_give_zeros_and_no_median, no_cases_give_zeros_and_no_median);

async fn the_stats_are_documented(backend: Backend) {
    let app = spawn_app(backend).await;
    let doc = app.get("/api/v1/openapi.json").await;
    let op = &doc.body["paths"]["/api/v1/stats"]["get"];
    assert_eq!(op["tags"][0], "cases");
    assert!(op["responses"]["403"].is_object() && doc.body["components"]["schemas"]["Stats"].is_object());
}
db_test!(the_stats_are_documented, the_stats_are_documented);
