//! `/console/admin/calendar`: the working-day calendar a year at a time (public holidays and
//! make-up working days), and loading days from a CSV file or text pasted in, each problem shown
//! with its row.

use super::{Form, admin_in, done, notice};
use crate::domain::deadline::DayKind;
use crate::http::console::{Console, failure, signed_in};
use crate::http::multipart::{self, UploadLimits};
use crate::http::pages::{Page, csrf, errors};
use crate::service::admin::{self, CALENDAR_CSV_LIMIT, CalendarDayView, CalendarList};
use crate::service::{AppState, ServiceError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{Datelike, Weekday};

const PAGE: &str = "/console/admin/calendar";

/// The form: its token and the text field, and one file.
const LIMITS: UploadLimits = UploadLimits {
    max_files: 1,
    max_file_bytes: CALENDAR_CSV_LIMIT,
    max_fields: 4,
    max_field_bytes: CALENDAR_CSV_LIMIT,
};

#[derive(Template)]
#[template(path = "console/admin/calendar.html")]
struct CalendarPage<'a> {
    page: &'a Page,
    c: &'a Console,
    year: i32,
    /// The years to choose from: those with days, and this year.
    years: Vec<i32>,
    days: Vec<CalendarDayView>,
    form: Form,
    notice: Option<String>,
}

impl CalendarPage<'_> {
    pub fn weekday(&self, day: &CalendarDayView) -> String {
        let key = match day.date.weekday() {
            Weekday::Mon => "calendar-weekday-mon",
            Weekday::Tue => "calendar-weekday-tue",
            Weekday::Wed => "calendar-weekday-wed",
            Weekday::Thu => "calendar-weekday-thu",
            Weekday::Fri => "calendar-weekday-fri",
            Weekday::Sat => "calendar-weekday-sat",
            Weekday::Sun => "calendar-weekday-sun",
        };
        self.page.t(key)
    }

    pub fn kind(&self, day: &CalendarDayView) -> String {
        self.page.t(match day.kind {
            DayKind::Holiday => "calendar-kind-holiday",
            DayKind::Workday => "calendar-kind-workday",
        })
    }

    pub fn caption(&self) -> String {
        self.page.t2("calendar-caption", ("year", &self.year.to_string()), ("count", &self.days.len().to_string()))
    }

    pub fn is_holiday(&self, day: &CalendarDayView) -> bool {
        day.kind == DayKind::Holiday
    }
}

/// The year in the address, this year (in China) when there is none; `Err` for one that is no
/// year.
fn year_of(state: &AppState, req: &HttpRequest) -> Result<i32, ()> {
    let asked = form_urlencoded::parse(req.query_string().as_bytes()).find(|(k, _)| k == "year").map(|(_, v)| v);
    match asked.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
        None => Ok(state.clock.today_in_china().year()),
        Some(text) => text.parse::<i32>().ok().filter(|y| (1..=9999).contains(y)).ok_or(()),
    }
}

async fn render(
    state: &AppState,
    req: &HttpRequest,
    console: Console,
    form: Form,
    notice: Option<String>,
) -> HttpResponse {
    let Ok(year) = year_of(state, req) else {
        return errors::render(req, 400);
    };
    let CalendarList { mut years, days } = match admin::calendar(state, Some(&console.caller), Some(year)).await {
        Ok(list) => list,
        Err(err) => return failure(req, &err),
    };
    let this_year = state.clock.today_in_china().year();
    for y in [this_year, year] {
        if !years.contains(&y) {
            years.push(y);
        }
    }
    years.sort_unstable();
    let status = if form.has_errors() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let body = CalendarPage { page: &console.page, c: &console, year, years, days, form, notice }.render();
    console.page.respond(status, body)
}

pub async fn show(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let console = match admin_in(&state, &req).await {
        Ok(c) => c,
        Err(answer) => return *answer,
    };
    let done: Option<String> =
        form_urlencoded::parse(req.query_string().as_bytes()).find(|(k, _)| k == "done").map(|(_, v)| v.into_owned());
    let notice = notice(&console, done.as_deref());
    render(&state, &req, console, Form::new(""), notice).await
}

/// Loads the days of the file sent, or else of the text pasted (a multipart form: its token is
/// checked before the file is read).
pub async fn import(req: HttpRequest, state: web::Data<AppState>, payload: web::Payload) -> HttpResponse {
    let console = match signed_in(&state, &req).await {
        Ok(c) if c.is_admin() => c,
        Ok(_) => return errors::render(&req, 403),
        Err(answer) => return *answer,
    };
    let refused = |err: multipart::UploadError| {
        let status = crate::http::problem::status_of(err.to_api(console.page.lang).code);
        errors::render(&req, status.as_u16())
    };
    let mut reader = match multipart::Reader::new(req.headers(), payload, &LIMITS) {
        Ok(reader) => reader,
        Err(err) => return refused(err),
    };
    let token = match reader.fields_before_files().await {
        Ok(fields) => fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.clone()).unwrap_or_default(),
        Err(err) => return refused(err),
    };
    if !csrf::verify(&state, &req, &token) {
        return errors::render(&req, 403);
    }
    let mut upload = match reader.finish().await {
        Ok(upload) => upload,
        Err(err) => return refused(err),
    };
    let pasted = upload.field("csv").unwrap_or_default().to_owned();
    let file = match upload.take_files("file").into_iter().next().map(|f| f.content.into_bytes()).transpose() {
        Ok(file) => file.filter(|bytes| !bytes.is_empty()),
        Err(e) => return failure(&req, &ServiceError::Internal(format!("the calendar file cannot be read: {e}"))),
    };
    let mut form = Form::new("");
    form.set("csv", pasted.clone());
    let bytes = match file {
        Some(bytes) => bytes,
        None if pasted.trim().is_empty() => {
            form.field_errors(&[crate::domain::field_error::FieldError::new("csv", "required")], console.page.lang);
            return render(&state, &req, console, form, None).await;
        }
        None => pasted.into_bytes(),
    };
    match admin::import_calendar(&state, Some(&console.caller), &bytes).await {
        Ok(_) => done(PAGE, "days-loaded"),
        Err(err) => match form.refusal(err, console.page.lang) {
            Ok(()) => render(&state, &req, console, form, None).await,
            Err(err) => failure(&req, &err),
        },
    }
}
