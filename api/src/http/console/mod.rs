//! The staff console under `/console`: server-rendered like the worker's pages, signed in with
//! the staff token kept in the HttpOnly session cookie, a CSRF token on every form. An expired
//! session leads back to sign-in and then to the page the officer was on.

pub mod admin;
pub mod case;
pub mod dashboard;
pub mod documents;
pub mod documents_panel;
pub mod leads;
pub mod queue;

use super::pages::{Page, csrf, errors, session};
use crate::domain::role::StaffRole;
use crate::service::staff::auth::Caller;
use crate::service::{AppState, ServiceError};
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/console").get(queue::show))
        .service(web::resource("/console/dashboard").get(dashboard::show))
        .service(web::resource("/console/cases.csv").get(queue::csv))
        .service(web::resource("/console/cases/{reference}").get(case::show))
        .service(web::resource("/console/cases/{reference}/reveal").post(case::reveal))
        .service(web::resource("/console/cases/{reference}/transition").post(case::transition))
        .service(web::resource("/console/cases/{reference}/note").post(case::note))
        .service(web::resource("/console/cases/{reference}/transfer").post(case::transfer))
        .service(web::resource("/console/cases/{reference}/assign").post(case::assign))
        .service(web::resource("/console/cases/{reference}/extension").post(case::extension))
        .service(web::resource("/console/cases/{reference}/attachments/{id}").get(case::attachment))
        .service(web::resource("/console/cases/{reference}/documents").post(documents::record))
        .service(web::resource("/console/cases/{reference}/documents/draft").get(documents::draft))
        .service(web::resource("/console/cases/{reference}/referral").post(documents::refer))
        .service(web::resource("/console/leads").get(leads::list))
        .service(web::resource("/console/leads/{id}").get(leads::show).post(leads::decide))
        .configure(admin::configure);
}

/// A signed-in staff member on a console page.
pub struct Console {
    pub page: Page,
    pub caller: Caller,
}

impl Console {
    pub fn is_admin(&self) -> bool {
        self.caller.role == StaffRole::Admin
    }

    pub fn is_volunteer(&self) -> bool {
        self.caller.role == StaffRole::Volunteer
    }
}

/// Back to sign-in, and from there to where the staff member was.
pub fn to_signin(req: &HttpRequest) -> HttpResponse {
    let mut next = req.path().to_owned();
    if req.method() == actix_web::http::Method::GET && !req.query_string().is_empty() {
        next = format!("{next}?{}", req.query_string());
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("next", &next)
        .append_pair("expired", if req.cookie(session::COOKIE).is_some() { "1" } else { "0" })
        .finish();
    let target = format!("/signin?{query}");
    HttpResponse::SeeOther().insert_header((LOCATION, target)).finish()
}

/// The signed-in staff member, or the answer that sends them to sign in.
pub async fn signed_in(state: &AppState, req: &HttpRequest) -> Result<Console, Box<HttpResponse>> {
    match session::caller(state, req).await {
        Some(caller) => {
            let mut page = Page::new(state, req);
            page.volunteer = Some(caller.display_name.clone());
            Ok(Console { page, caller })
        }
        None => Err(Box::new(to_signin(req))),
    }
}

/// A console form posted by a signed-in staff member with the page's CSRF token, decoded into
/// `T` (see `http::form`). Anything else is answered before the handler runs: sign-in for an
/// ended session, 403 for a wrong token, 400 for a form that cannot be read, 413 for one too big.
pub struct Posted<T> {
    pub console: Console,
    pub form: T,
}

#[derive(serde::Deserialize)]
struct WithCsrf<T> {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    form: T,
}

impl<T: serde::de::DeserializeOwned + 'static> actix_web::FromRequest for Posted<T> {
    type Error = actix_web::Error;
    type Future = futures_util::future::LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let answer = |response: HttpResponse| -> actix_web::Error {
                actix_web::error::InternalError::from_response("console form", response).into()
            };
            let body = body.await.map_err(|_| answer(errors::render(&req, 413)))?;
            if body.len() > super::pages::FORM_LIMIT {
                return Err(answer(errors::render(&req, 413)));
            }
            let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
                return Err(answer(errors::render(&req, 500)));
            };
            let console = signed_in(&state, &req).await.map_err(|r| answer(*r))?;
            let posted: WithCsrf<T> = super::form::decode(&body).map_err(|_| answer(errors::render(&req, 400)))?;
            if !csrf::verify(&state, &req, &posted.csrf) {
                return Err(answer(errors::render(&req, 403)));
            }
            Ok(Self { console, form: posted.form })
        })
    }
}

/// Reads a small console form: signed in, the CSRF token right. `Err` is the answer. (The admin
/// pages, which show every value typed back beside its message, read their forms this way.)
pub async fn form_post(
    state: &AppState,
    req: &HttpRequest,
    body: &[u8],
) -> Result<(Console, Vec<(String, String)>), Box<HttpResponse>> {
    if body.len() > super::pages::FORM_LIMIT {
        return Err(Box::new(errors::render(req, 413)));
    }
    let console = signed_in(state, req).await?;
    let fields: Vec<(String, String)> =
        form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let token = fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or_default();
    if !csrf::verify(state, req, token) {
        return Err(Box::new(errors::render(req, 403)));
    }
    Ok((console, fields))
}

pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default()
}

/// The page for a use case's failure that is not the user's to fix on the spot.
pub fn failure(req: &HttpRequest, err: &ServiceError) -> HttpResponse {
    match err {
        ServiceError::NotFound(_) => errors::render(req, 404),
        ServiceError::Forbidden => errors::render(req, 403),
        ServiceError::Unauthorized => to_signin(req),
        ServiceError::Unavailable(_) => errors::render(req, 503),
        other => {
            tracing::error!(error = %other, "console action failed");
            errors::render(req, 500)
        }
    }
}
