//! The worker's pages: server-rendered from the templates in web-form/templates (compiled in),
//! every word from the Fluent catalogs, usable with JavaScript off. The JSON API and these pages
//! share the use cases in `service/`.

pub mod assets;
pub mod complaint_form;
pub mod csrf;
pub mod deadline_text;
pub mod errors;
pub mod form_values;
pub mod info;
pub mod language;
pub mod session;
pub mod signin;
pub mod track;

use crate::domain::language::Language;
use crate::i18n;
use crate::service::AppState;
use actix_web::cookie::Cookie;
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, VARY};
use actix_web::{HttpRequest, HttpResponse, web};

/// Scripts, styles, images and requests only from this host, no inline script or style, no
/// framing, forms only to this host.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// HTML form bodies: a 5,000-character description, percent-encoded, fits with room to spare.
pub const FORM_LIMIT: usize = 128 * 1024;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/").get(complaint_form::show).post(complaint_form::submit))
        .service(web::resource("/track").get(track::show).post(track::lookup))
        .service(web::resource("/track/message").post(track::message))
        .service(web::resource("/track/evidence").post(track::evidence))
        .service(web::resource("/privacy").get(info::privacy))
        .service(web::resource("/signin").get(signin::show).post(signin::submit))
        .service(web::resource("/signout").post(signin::signout))
        .service(web::resource("/language").get(language::switch))
        .service(web::resource("/assets/{name}").get(assets::serve));
}

/// What every page needs: its language, a CSRF token for its forms, where the language switch
/// returns to, and who is signed in.
pub struct Page {
    pub lang: Language,
    pub csrf: String,
    pub path: String,
    /// The display name of a signed-in volunteer.
    pub volunteer: Option<String>,
    cookies: Vec<Cookie<'static>>,
}

pub fn secure_cookies(state: &AppState) -> bool {
    state.mail.public_url.starts_with("https://")
}

impl Page {
    pub fn new(state: &AppState, req: &HttpRequest) -> Self {
        let csrf = csrf::cookie_of(req);
        let cookies = csrf.to_set(secure_cookies(state)).into_iter().collect();
        Self { lang: language::of(req), csrf: csrf.token(state), path: req.path().to_owned(), volunteer: None, cookies }
    }

    pub fn set_cookie(&mut self, cookie: Cookie<'static>) {
        self.cookies.push(cookie);
    }

    pub fn t(&self, key: &str) -> String {
        i18n::catalog(self.lang).text(key)
    }

    /// A message with one argument.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        i18n::catalog(self.lang).text_with(key, &[(name, value.to_owned())])
    }

    /// A message with two arguments.
    pub fn t2(&self, key: &str, (n1, v1): (&str, &str), (n2, v2): (&str, &str)) -> String {
        i18n::catalog(self.lang).text_with(key, &[(n1, v1.to_owned()), (n2, v2.to_owned())])
    }

    pub fn lang_tag(&self) -> &'static str {
        self.lang.tag()
    }

    /// The language the switch offers.
    pub fn other_lang(&self) -> &'static str {
        match self.lang {
            Language::ZhCn => Language::En.tag(),
            Language::En => Language::ZhCn.tag(),
        }
    }

    /// The switch's label is written in the language it switches to.
    pub fn other_lang_name(&self) -> &'static str {
        match self.lang {
            Language::ZhCn => "English",
            Language::En => "中文",
        }
    }

    pub fn stylesheet(&self) -> &'static str {
        &assets::STYLESHEET.url
    }

    pub fn console_stylesheet(&self) -> &'static str {
        &assets::CONSOLE_STYLESHEET.url
    }

    pub fn script(&self) -> &'static str {
        &assets::SCRIPT.url
    }

    /// An HTML answer: never cached (it holds a CSRF token, and perhaps a receipt code).
    pub fn respond(self, status: StatusCode, body: Result<String, askama::Error>) -> HttpResponse {
        let body = match body {
            Ok(body) => body,
            Err(err) => {
                tracing::error!(error = %err, "a page failed to render");
                return errors::plain(self.lang, 500);
            }
        };
        let mut response = HttpResponse::build(status);
        response
            .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
            .insert_header((CONTENT_SECURITY_POLICY, PAGE_CSP))
            .insert_header((CACHE_CONTROL, "no-store"))
            .insert_header((VARY, "Accept-Language, Cookie"));
        for cookie in self.cookies {
            response.cookie(cookie);
        }
        response.body(body)
    }
}
