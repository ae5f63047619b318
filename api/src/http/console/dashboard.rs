//! `/console/dashboard`: the figures of `GET /api/v1/stats` for officers and administrators, as
//! charts drawn on the server (no script) with the same numbers in tables for screen readers
//! and for anyone who prefers to read them.

pub mod charts;

use super::queue::status_name;
use super::{Console, failure, signed_in};
use crate::domain::status::ALL_STATUSES;
use crate::http::pages::Page;
use crate::service::stats::{self, Stats, StatsQuery};
use crate::service::{AppState, ServiceError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use charts::Datum;
use chrono::NaiveDate;
use serde::Deserialize;

/// How many cities the region chart shows: the busiest ones.
pub const TOP_CITIES: usize = 10;

/// The address bar: dates as typed, so that a half-typed date shows the page, not an error.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct DashboardQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

fn date(value: &Option<String>) -> Option<NaiveDate> {
    value.as_deref().and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
}

/// One chart with its data table.
pub struct Chart {
    /// The element ids of the figure derive from it: `{id}-table` holds the numbers.
    pub id: &'static str,
    pub caption: String,
    /// The heading of the table's first column.
    pub key_header: String,
    pub svg: String,
    pub rows: Vec<Datum>,
}

#[derive(Template)]
#[template(path = "console/dashboard.html")]
pub struct DashboardPage<'a> {
    pub page: &'a Page,
    pub c: &'a Console,
    pub stats: Stats,
    pub charts: Vec<Chart>,
    pub from: String,
    pub to: String,
}

impl DashboardPage<'_> {
    pub fn median(&self) -> String {
        match self.stats.median_days_to_acknowledge {
            Some(days) => self.page.t1("dashboard-median-days", "days", &format!("{days:.1}")),
            None => self.page.t("dashboard-median-none"),
        }
    }

    pub fn scope(&self) -> String {
        self.page.t(if self.c.is_admin() { "dashboard-scope-all" } else { "dashboard-scope-office" })
    }
}

fn chart(page: &Page, id: &'static str, key_header: &str, rows: Vec<Datum>, horizontal: bool) -> Chart {
    let caption = page.t(&format!("dashboard-{id}-caption"));
    let empty = page.t("dashboard-no-data");
    let svg = if horizontal { charts::bars(&caption, &rows, &empty) } else { charts::columns(&caption, &rows, &empty) };
    Chart { id, caption, key_header: page.t(key_header), svg, rows }
}

/// The four charts of the figures, in the page's language.
fn charts_of(state: &AppState, page: &Page, s: &Stats) -> Vec<Chart> {
    let lang = page.lang;
    let count = |map: &std::collections::BTreeMap<String, u64>, key: &str| map.get(key).copied().unwrap_or(0);
    let statuses = ALL_STATUSES
        .iter()
        .map(|st| Datum {
            key: st.as_str().to_owned(),
            label: status_name(lang, *st),
            value: count(&s.by_status, st.as_str()),
        })
        .collect();
    let mut categories: Vec<Datum> = state
        .directory
        .categories()
        .iter()
        .map(|c| Datum { key: c.code.clone(), label: c.name(lang).to_owned(), value: count(&s.by_category, &c.code) })
        .collect();
    // A code the directory no longer knows still counts, under its code.
    for (code, n) in s.by_category.iter().filter(|(code, _)| state.directory.category(code).is_none()) {
        categories.push(Datum { key: code.clone(), label: code.clone(), value: *n });
    }
    let mut cities: Vec<(&String, &u64)> = s.by_region.iter().collect();
    cities.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let cities = cities
        .into_iter()
        .take(TOP_CITIES)
        .map(|(code, n)| {
            let name = state.directory.full_name(code);
            Datum { key: code.clone(), label: if name.is_empty() { code.clone() } else { name }, value: *n }
        })
        .collect();
    let weeks = s
        .by_week
        .iter()
        .map(|w| Datum {
            key: w.week_start.to_string(),
            label: w.week_start.format("%m-%d").to_string(),
            value: w.count,
        })
        .collect();
    vec![
        chart(page, "status", "dashboard-col-status", statuses, false),
        chart(page, "category", "dashboard-col-category", categories, true),
        chart(page, "region", "dashboard-col-city", cities, true),
        chart(page, "week", "dashboard-col-week", weeks, false),
    ]
}

pub async fn show(req: HttpRequest, state: web::Data<AppState>, query: web::Query<DashboardQuery>) -> HttpResponse {
    let console = match signed_in(&state, &req).await {
        Ok(c) => c,
        Err(answer) => return *answer,
    };
    if console.is_volunteer() {
        return failure(&req, &ServiceError::Forbidden);
    }
    let query = query.into_inner();
    let asked = StatsQuery { from: date(&query.from), to: date(&query.to) };
    let figures = match stats::stats(&state, &console.caller, asked.clone()).await {
        Ok(figures) => figures,
        Err(err) => return failure(&req, &err),
    };
    let charts = charts_of(&state, &console.page, &figures);
    let shown = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let body = DashboardPage {
        page: &console.page,
        c: &console,
        stats: figures,
        charts,
        from: shown(asked.from),
        to: shown(asked.to),
    }
    .render();
    console.page.respond(StatusCode::OK, body)
}
