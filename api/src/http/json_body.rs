//! A JSON body extractor that answers every failure as a problem: 415 for another content type,
//! 413 past the size limit, 400 for malformed JSON and 422 naming the field for a value of the
//! wrong type. It keeps the exact bytes too, for Idempotency-Key comparison.

use super::lang::negotiate;
use super::problem::ApiError;
use crate::domain::field_error::FieldError;
use crate::service::ProblemCode;
use actix_web::dev::Payload;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::web::{Bytes, BytesMut};
use actix_web::{FromRequest, HttpRequest};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

/// The largest body accepted: a complaint is text, 64 KiB is plenty.
pub const BODY_LIMIT: usize = 64 * 1024;

pub struct JsonBody<T> {
    pub value: T,
    pub raw: Bytes,
}

fn is_json(req: &HttpRequest) -> bool {
    let Some(value) = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let lang = negotiate(req);
        let json = is_json(req);
        let declared =
            req.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            let too_large = || ApiError::new(ProblemCode::PayloadTooLarge, lang).with("limit", "64 KiB");
            if declared.is_some_and(|n| n > BODY_LIMIT) {
                return Err(too_large());
            }
            if !json {
                return Err(ApiError::new(ProblemCode::UnsupportedMediaType, lang));
            }
            let mut body = BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|_| {
                    ApiError::new(ProblemCode::BadRequest, lang).with("reason", "the request body could not be read")
                })?;
                if body.len() + chunk.len() > BODY_LIMIT {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            let raw = body.freeze();
            // Every body of this API is an object; anything else is malformed, not a bad field.
            if raw.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
                return Err(ApiError::new(ProblemCode::MalformedJson, lang));
            }
            let mut de = serde_json::Deserializer::from_slice(&raw);
            match serde_path_to_error::deserialize::<_, T>(&mut de) {
                // Anything after the value (`{}{}`, `{} x`) makes the body malformed too.
                Ok(value) => match de.end() {
                    Ok(()) => Ok(JsonBody { value, raw }),
                    Err(_) => Err(ApiError::new(ProblemCode::MalformedJson, lang)),
                },
                Err(err) => {
                    let path = err.path().to_string();
                    let inner = err.into_inner();
                    if inner.is_data() && path != "." && !path.is_empty() {
                        Err(ApiError::validation(vec![FieldError::new(path, "invalid_type")], lang))
                    } else {
                        Err(ApiError::new(ProblemCode::MalformedJson, lang))
                    }
                }
            }
        })
    }
}
