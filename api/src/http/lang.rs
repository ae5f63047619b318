//! The caller's language, from `Accept-Language` (zh-CN when absent).

use crate::domain::language::Language;
use actix_web::dev::Payload;
use actix_web::http::header::ACCEPT_LANGUAGE;
use actix_web::{FromRequest, HttpRequest};
use std::convert::Infallible;
use std::future::{Ready, ready};

#[derive(Clone, Copy, Debug)]
pub struct Lang(pub Language);

pub fn negotiate(req: &HttpRequest) -> Language {
    Language::negotiate(req.headers().get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()))
}

impl FromRequest for Lang {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Lang(negotiate(req))))
    }
}
