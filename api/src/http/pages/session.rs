//! Staff signed in on the pages (a volunteer filing for a worker): the short-lived staff token
//! kept in an HttpOnly, SameSite=Strict cookie that scripts cannot read.

use crate::service::AppState;
use crate::service::staff::auth::{self, Caller};
use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration};

pub const COOKIE: &str = "intake_session";

/// The signed-in staff member, if the cookie holds a valid token.
pub async fn caller(state: &AppState, req: &HttpRequest) -> Option<Caller> {
    let token = req.cookie(COOKIE)?.value().to_owned();
    auth::authenticate(state, &token).await.ok()
}

pub fn cookie(token: String, ttl_seconds: i64, secure: bool) -> Cookie<'static> {
    Cookie::build(COOKIE, token)
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .max_age(Duration::seconds(ttl_seconds))
        .finish()
}

pub fn cleared(secure: bool) -> Cookie<'static> {
    let mut c = cookie(String::new(), 0, secure);
    c.make_removal();
    c
}
