//! `/console/dashboard` without JavaScript: a chart and a table per figure, the tables' numbers
//! those of `GET /api/v1/stats`, nothing inline that the CSP would block, and no page for
//! volunteers.

use crate::stats::{SCOPED, seed};
use intake_tests::browser::{Browser, Page};
use intake_tests::staff::{account, get, login};
use intake_tests::*;
use serde_json::Value;

/// The rows of a data table: (the `data-key` of the row, the number in its cell).
fn rows(page: &Page, table: &str) -> Vec<(String, u64)> {
    let start = page.html.find(&format!("id=\"{table}\"")).unwrap_or_else(|| panic!("no table {table}"));
    let html = &page.html[start..];
    let html = &html[..html.find("</table>").unwrap_or(html.len())];
    html.split("data-key=\"")
        .skip(1)
        .map(|row| {
            let key = row.split('"').next().unwrap_or_default().to_owned();
            let cell = row.split("<td>").nth(1).and_then(|c| c.split("</td>").next()).unwrap_or_default();
            (key, cell.trim().parse().unwrap_or_else(|_| panic!("{table}: {cell}")))
        })
        .collect()
}

fn as_map(v: &Value) -> Vec<(String, u64)> {
    v.as_object()
        .map(|m| m.iter().map(|(k, n)| (k.clone(), n.as_u64().unwrap_or(u64::MAX))).collect())
        .unwrap_or_default()
}

fn sorted(mut v: Vec<(String, u64)>) -> Vec<(String, u64)> {
    v.sort();
    v
}

fn assert_matches(page: &Page, api: &Value) {
    assert_eq!(page.html.matches("<svg").count(), 4, "one chart per figure");
    for (tag, n) in [("<figure", 4), ("<figcaption>", 4), ("role=\"img\"", 4), ("<title>", 5), ("<caption>", 4)] {
        assert_eq!(page.html.matches(tag).count(), n, "{tag}");
    }
    assert!(page.html.contains("<th scope=\"row\">") && page.html.contains("<th scope=\"col\">"));
    assert!(!page.html.contains("style=") && !page.html.contains("<script>"), "nothing inline for the CSP to block");

    assert_eq!(sorted(rows(page, "status-table")), as_map(&api["by_status"]));
    assert_eq!(sorted(rows(page, "category-table")), as_map(&api["by_category"]));
    let weeks: Vec<(String, u64)> = api["by_week"]
        .as_array()
        .map(|w| {
            w.iter()
                .map(|x| (x["week_start"].as_str().unwrap_or_default().to_owned(), x["count"].as_u64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(rows(page, "week-table"), weeks, "twelve weeks, oldest first");
    // The ten busiest cities, each with its own count, none busier left out.
    let cities = as_map(&api["by_region"]);
    let shown = rows(page, "region-table");
    assert_eq!(shown.len(), cities.len().min(10));
    let least = shown.iter().map(|(_, n)| *n).min().unwrap_or(0);
    for (code, n) in &shown {
        assert!(cities.contains(&(code.clone(), *n)), "{code} {n}");
    }
    assert!(cities.iter().filter(|c| !shown.contains(c)).all(|(_, n)| *n <= least));
    assert_eq!(page.text_of("total"), api["total"].to_string());
    assert_eq!(page.text_of("overdue"), api["overdue"].to_string());
    let median = api["median_days_to_acknowledge"].as_f64().map(|d| format!("{d:.1}")).unwrap_or_default();
    assert!(page.text_of("median").contains(&median), "{} {median}", page.text_of("median"));
}

async fn the_dashboard_draws_the_figures_of_the_api(backend: Backend) {
    let app = spawn_app(backend).await;
    seed(&app, 40).await;
    let email = format!("{SCOPED}@example.org");
    let token = login(&app, &email).await;
    let api = get(&app, "/api/v1/stats", Some(&token)).await;
    assert_eq!(api.status, 200, "{}", api.text);

    let mut officer = Browser::sign_in(&app, &email).await;
    let page = officer.get("/console/dashboard").await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.header("content-security-policy").contains("script-src 'self'"));
    assert!(page.html.contains("各状态的案件数") && page.html.contains("已受理"), "in Chinese by default");
    assert_matches(&page, &api.body);

    admin_and_volunteer(&app).await;
}
db_test!(the_dashboard_draws_the_figures_of_the_api, the_dashboard_draws_the_figures_of_the_api);

/// An administrator sees every office's figures; a volunteer gets no dashboard, a stranger signs in.
async fn admin_and_volunteer(app: &TestApp) {
    let admin = account(app, "admin@example.org", "admin", None).await;
    let api = get(app, "/api/v1/stats", Some(&admin)).await;
    let mut browser = Browser::sign_in(app, "admin@example.org").await;
    let page = browser.get("/console/dashboard").await;
    assert_eq!(page.status, 200);
    assert_matches(&page, &api.body);
    assert_eq!(page.text_of("total"), "40");
    assert!(api.body["by_region"].as_object().map_or(0, |m| m.len()) > 10, "the top ten leaves cities out");

    account(app, "volunteer@example.org", "volunteer", None).await;
    let mut volunteer = Browser::sign_in(app, "volunteer@example.org").await;
    assert_eq!(volunteer.get("/console/dashboard").await.status, 403);
    let away = Browser::new(app).get("/console/dashboard").await;
    assert_eq!(away.status, 303);
    assert!(away.header("location").starts_with("/signin?next=%2Fconsole%2Fdashboard"));
}

async fn the_dashboard_speaks_english_and_filters_by_date(backend: Backend) {
    let app = spawn_app(backend).await;
    account(&app, "officer@example.org", "officer", Some(SCOPED)).await;
    let mut officer = Browser::sign_in(&app, "officer@example.org").await;
    officer.language = Some("en");
    let page = officer.get("/console/dashboard?from=2026-06-01&to=not-a-date").await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.html.contains("Cases by status") && page.html.contains("No cases"), "{}", page.html);
    assert!(page.html.contains("value=\"2026-06-01\"") && page.text_of("median").contains("No case acknowledged"));
}
db_test!(the_dashboard_speaks_english_and_filters_by_date, the_dashboard_speaks_english_and_filters_by_date);
