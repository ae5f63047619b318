//! CSRF protection of the HTML forms: a random cookie per browser (HttpOnly, SameSite=Strict)
//! and, in every form, a token that is a fresh nonce plus an HMAC of cookie and nonce. A forged
//! cross-site POST carries no cookie (SameSite) and cannot compute a token (HMAC).

use crate::secrets::random_bytes;
use crate::service::AppState;
use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration};

pub const COOKIE: &str = "intake_csrf";
/// A form left open this long still submits; after that the worker is asked to press again.
const COOKIE_DAYS: i64 = 7;

/// The browser's CSRF cookie value; `fresh` when this answer must set it.
#[derive(Clone, Debug)]
pub struct CsrfCookie {
    value: String,
    fresh: bool,
}

fn well_formed(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The cookie the browser sent, or a new one to set.
pub fn cookie_of(req: &HttpRequest) -> CsrfCookie {
    match req.cookie(COOKIE).map(|c| c.value().to_owned()).filter(|v| well_formed(v)) {
        Some(value) => CsrfCookie { value, fresh: false },
        None => CsrfCookie { value: random_bytes::<16>().map(hex::encode).unwrap_or_default(), fresh: true },
    }
}

impl CsrfCookie {
    /// A token for one form.
    pub fn token(&self, state: &AppState) -> String {
        let nonce = random_bytes::<12>().map(hex::encode).unwrap_or_default();
        format!("{nonce}.{}", state.secrets.csrf_tag(&self.value, &nonce))
    }

    /// The Set-Cookie this answer needs, if any.
    pub fn to_set(&self, secure: bool) -> Option<Cookie<'static>> {
        self.fresh.then(|| {
            Cookie::build(COOKIE, self.value.clone())
                .path("/")
                .http_only(true)
                .secure(secure)
                .same_site(SameSite::Strict)
                .max_age(Duration::days(COOKIE_DAYS))
                .finish()
        })
    }
}

/// The browser's CSRF cookie as sent (not a fresh one): what the form's idempotency keys are
/// bound to. Only meaningful once `verify` has passed.
pub fn browser_id(req: &HttpRequest) -> Option<String> {
    req.cookie(COOKIE).map(|c| c.value().to_owned()).filter(|v| well_formed(v))
}

/// Whether a submitted token belongs to the cookie the browser sent.
pub fn verify(state: &AppState, req: &HttpRequest, token: &str) -> bool {
    let Some(cookie) = req.cookie(COOKIE).map(|c| c.value().to_owned()).filter(|v| well_formed(v)) else {
        return false;
    };
    token.split_once('.').is_some_and(|(nonce, tag)| {
        nonce.len() == 24
            && nonce.bytes().all(|b| b.is_ascii_hexdigit())
            && state.secrets.csrf_matches(&cookie, nonce, tag)
    })
}
