//! Who the client is when the service sits behind a reverse proxy: the proxies an operator trusts
//! (`INTAKE_TRUSTED_PROXIES`), and the walk of a forwarding chain from the right that finds the
//! first address no trusted proxy vouches for. Nothing a client writes into a header is believed
//! unless the connection comes from a trusted proxy, and then only as far as trusted hops reach.

use ipnet::IpNet;
use std::net::IpAddr;

/// Addresses and networks whose forwarding headers are believed. Empty: none are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// `127.0.0.1, 10.0.0.0/8, ::1`: addresses or CIDR networks, separated by commas or spaces.
    pub fn parse<'a>(items: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let mut nets = Vec::new();
        for item in items.into_iter().flat_map(|i| i.split([',', ' '])).map(str::trim).filter(|i| !i.is_empty()) {
            let net = match item.parse::<IpNet>() {
                Ok(net) => net.trunc(),
                Err(_) => item
                    .parse::<IpAddr>()
                    .map(IpNet::from)
                    .map_err(|_| format!("'{item}' is neither an address nor a network such as 10.0.0.0/8"))?,
            };
            nets.push(net);
        }
        Ok(Self(nets))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }
}

/// An IPv4 client seen through an IPv6 socket (`::ffff:203.0.113.7`) is that IPv4 client.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// Which header a trusted proxy writes the chain into (`INTAKE_PROXY_HEADER`). Only that one is
/// read: a proxy that sets one passes the other through from the client unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProxyHeader {
    XForwardedFor,
    Forwarded,
}

/// How the service sits behind its proxies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxySettings {
    pub trusted: TrustedProxies,
    pub header: ProxyHeader,
}

impl ProxyHeader {
    pub fn parse(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "x-forwarded-for" => Some(Self::XForwardedFor),
            "forwarded" => Some(Self::Forwarded),
            _ => None,
        }
    }
}

impl Default for ProxySettings {
    fn default() -> Self {
        Self { trusted: TrustedProxies::default(), header: ProxyHeader::XForwardedFor }
    }
}

/// One hop of `X-Forwarded-For` or the `for=` of `Forwarded`: `203.0.113.7`, `203.0.113.7:4711`,
/// `2001:db8::1`, `[2001:db8::1]:4711`, quoted or not. `None` for what is not an address
/// (`unknown`, an obfuscated `_hidden` name, garbage).
pub fn parse_hop(raw: &str) -> Option<IpAddr> {
    let hop = raw.trim().trim_matches('"');
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Some(rest) = hop.strip_prefix('[') {
        let (inside, _) = rest.split_once(']')?;
        return inside.parse::<IpAddr>().ok().map(canonical);
    }
    let (host, port) = hop.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

/// The `for=` hops of `Forwarded` header values (RFC 7239), in order.
pub fn forwarded_hops<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<Option<IpAddr>> {
    values
        .into_iter()
        .flat_map(|v| v.split(','))
        .map(|element| {
            element.split(';').find_map(|pair| {
                let (name, value) = pair.split_once('=')?;
                name.trim().eq_ignore_ascii_case("for").then(|| parse_hop(value))
            })
        })
        .map(Option::flatten)
        .collect()
}

/// The hops of `X-Forwarded-For` header values, in order.
pub fn x_forwarded_for_hops<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<Option<IpAddr>> {
    values.into_iter().flat_map(|v| v.split(',')).map(parse_hop).collect()
}

/// The client's address. The peer is the client unless it is a trusted proxy; then the chain is
/// walked from the right (the hop the trusted proxy itself added) past every trusted proxy, and
/// the first untrusted hop is the client. A hop that is not an address stops the walk at the
/// trusted proxy that reported it: what lies left of it was written by someone not trusted.
pub fn client_address(peer: IpAddr, chain: &[Option<IpAddr>], trusted: &TrustedProxies) -> IpAddr {
    let peer = canonical(peer);
    if !trusted.contains(peer) {
        return peer;
    }
    let mut client = peer;
    for hop in chain.iter().rev() {
        match hop {
            Some(ip) if trusted.contains(*ip) => client = *ip,
            Some(ip) => return *ip,
            None => return client,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    fn proxies(s: &str) -> TrustedProxies {
        TrustedProxies::parse([s]).unwrap_or_default()
    }

    #[test]
    fn settings_parse_addresses_and_networks() {
        let t = proxies("127.0.0.1, 10.0.0.0/8 ::1");
        assert!(t.contains(ip("127.0.0.1")) && t.contains(ip("10.200.3.4")) && t.contains(ip("::1")));
        assert!(!t.contains(ip("127.0.0.2")) && !t.contains(ip("11.0.0.1")));
        assert!(t.contains(ip("::ffff:10.1.1.1")), "an IPv4-mapped address is the IPv4 address");
        assert!(TrustedProxies::parse(["10.0.0.0/33"]).is_err());
        assert!(TrustedProxies::parse(["proxy.example"]).is_err());
        assert!(TrustedProxies::parse([""]).is_ok_and(|t| t.is_empty()));
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let chain = x_forwarded_for_hops(["1.2.3.4"]);
        assert_eq!(client_address(ip("203.0.113.9"), &chain, &TrustedProxies::default()), ip("203.0.113.9"));
        assert_eq!(client_address(ip("203.0.113.9"), &chain, &proxies("127.0.0.1")), ip("203.0.113.9"));
    }

    #[test]
    fn the_chain_is_walked_from_the_right_past_trusted_proxies() {
        let t = proxies("127.0.0.1, 10.0.0.0/8");
        // The client wrote "6.6.6.6" itself; nginx appended the address it saw.
        let chain = x_forwarded_for_hops(["6.6.6.6, 198.51.100.20", "10.0.0.5"]);
        assert_eq!(client_address(ip("127.0.0.1"), &chain, &t), ip("198.51.100.20"));
        assert_eq!(client_address(ip("127.0.0.1"), &[], &t), ip("127.0.0.1"), "no header: the proxy is the client");
        let garbage = x_forwarded_for_hops(["198.51.100.20, nonsense"]);
        assert_eq!(client_address(ip("127.0.0.1"), &garbage, &t), ip("127.0.0.1"));
        let all_trusted = x_forwarded_for_hops(["10.0.0.7, 10.0.0.5"]);
        assert_eq!(client_address(ip("127.0.0.1"), &all_trusted, &t), ip("10.0.0.7"));
    }

    #[test]
    fn forwarded_header_hops() {
        let hops = forwarded_hops([r#"for=192.0.2.60;proto=http;by=203.0.113.43, For="[2001:db8:cafe::17]:4711""#]);
        assert_eq!(hops, vec![Some(ip("192.0.2.60")), Some(ip("2001:db8:cafe::17"))]);
        assert_eq!(forwarded_hops(["for=unknown", "proto=https"]), vec![None, None]);
        assert_eq!(parse_hop("192.0.2.60:8080"), Some(ip("192.0.2.60")));
        assert_eq!(parse_hop("_hidden"), None);
    }

    proptest! {
        #[test]
        fn the_answer_is_the_peer_or_a_hop_of_the_chain(
            peer in any::<[u8; 4]>(),
            hops in proptest::collection::vec(proptest::option::of(any::<[u8; 4]>()), 0..6),
        ) {
            let chain: Vec<Option<IpAddr>> = hops.iter().map(|h| h.map(IpAddr::from)).collect();
            let t = proxies("10.0.0.0/8, 127.0.0.1");
            let peer = IpAddr::from(peer);
            let client = client_address(peer, &chain, &t);
            prop_assert!(client == peer || chain.contains(&Some(client)));
            if !t.contains(peer) {
                prop_assert_eq!(client, peer);
            }
        }
    }
}
