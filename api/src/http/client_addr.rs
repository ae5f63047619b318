//! The client's address, resolved once per request before anything else looks at it: the rate
//! limits, the audit log and the request log all use this one value. Behind a trusted proxy it is
//! the client the proxy names (`domain::client_address`); otherwise it is the TCP peer, and any
//! forwarding header the client sent is removed, so that nothing downstream (actix's
//! `ConnectionInfo`, which the request log reads) can be fooled by it.

use crate::domain::client_address::{ProxyHeader, ProxySettings, client_address, forwarded_hops, x_forwarded_for_hops};
use actix_web::dev::ServiceRequest;
use actix_web::http::header::{FORWARDED, HeaderMap, HeaderName, HeaderValue, X_FORWARDED_FOR, X_FORWARDED_HOST};
use actix_web::{HttpMessage, HttpRequest};
use std::net::{IpAddr, Ipv4Addr};

/// The resolved client address, kept in the request's extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

const X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");
const X_REAL_IP: HeaderName = HeaderName::from_static("x-real-ip");

fn values<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Vec<&'a str> {
    // A header that is not text cannot be read as a chain: it counts as one unreadable hop.
    headers.get_all(name).map(|v| v.to_str().unwrap_or("?")).collect()
}

/// Resolves the client, records it, and leaves the request with forwarding headers that say only
/// what was resolved. Runs first, outside every other middleware.
pub fn resolve(req: &mut ServiceRequest, settings: &ProxySettings) {
    let peer = req.peer_addr().map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |a| a.ip());
    let trusted_peer = settings.trusted.contains(peer);
    let headers = req.headers_mut();
    let client = if trusted_peer {
        let chain = match settings.header {
            ProxyHeader::XForwardedFor => x_forwarded_for_hops(values(headers, &X_FORWARDED_FOR)),
            ProxyHeader::Forwarded => forwarded_hops(values(headers, &FORWARDED)),
        };
        client_address(peer, &chain, &settings.trusted)
    } else {
        peer
    };
    for name in [FORWARDED, X_FORWARDED_FOR, X_REAL_IP] {
        headers.remove(name);
    }
    if !trusted_peer {
        // The scheme and host a client claims are not believed either.
        headers.remove(X_FORWARDED_PROTO);
        headers.remove(X_FORWARDED_HOST);
    } else if let Ok(value) = HeaderValue::from_str(&client.to_string()) {
        headers.insert(X_FORWARDED_FOR, value);
    }
    req.extensions_mut().insert(ClientAddr(client));
}

/// The client's address for limits and logs.
pub fn of(req: &HttpRequest) -> IpAddr {
    req.extensions()
        .get::<ClientAddr>()
        .map(|c| c.0)
        .or_else(|| req.peer_addr().map(|a| a.ip()))
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}
