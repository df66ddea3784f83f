//! The sign-in flow's requests to identity providers: no redirects followed, no proxy, a
//! time-out, and (unless the server allows it for development) HTTPS to public addresses only.

use super::super::state::AppState;
use crate::error::AppError;
use std::time::Duration;

/// Outbound requests to identity providers: no redirects followed, no proxy, a time-out, and
/// (unless the server allows it for development) HTTPS only, to public addresses only (names
/// resolved to public addresses, address literals checked), for every URL a discovery document
/// names too, so that an issuer typed in a form cannot reach the provider's own network.
pub fn http_client(state: &AppState) -> Result<Outbound, AppError> {
    let mut b = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).no_proxy().timeout(Duration::from_secs(10));
    let insecure = state.config.idp_allow_insecure;
    if !insecure {
        b = b.dns_resolver(std::sync::Arc::new(PublicOnly));
    }
    Ok(Outbound { client: b.build().map_err(super::super::internal)?, insecure })
}

/// The HTTP client of the sign-in flow, checking each URL before it is fetched.
pub struct Outbound {
    client: reqwest::Client,
    insecure: bool,
}

/// Whether the portal may fetch `uri`: HTTPS to a public address, or anything the development
/// setting allows.
pub fn allowed(uri: &str, insecure: bool) -> bool {
    let Ok(u) = url::Url::parse(uri) else { return false };
    if insecure {
        return matches!(u.scheme(), "http" | "https");
    }
    let public_host = match u.host() {
        Some(url::Host::Domain(_)) => true,
        Some(url::Host::Ipv4(ip)) => is_public(ip.into()),
        Some(url::Host::Ipv6(ip)) => is_public(ip.into()),
        None => false,
    };
    u.scheme() == "https" && public_host
}

type Pending<'c> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<openidconnect::HttpResponse, openidconnect::HttpClientError<reqwest::Error>>> + Send + Sync + 'c>>;

impl<'c> openidconnect::AsyncHttpClient<'c> for Outbound {
    type Error = openidconnect::HttpClientError<reqwest::Error>;
    type Future = Pending<'c>;

    fn call(&'c self, request: openidconnect::HttpRequest) -> Self::Future {
        Box::pin(async move {
            let uri = request.uri().to_string();
            if !allowed(&uri, self.insecure) {
                return Err(openidconnect::HttpClientError::Other(format!("refused to fetch {uri}: not HTTPS to a public address")));
            }
            self.client.call(request).await
        })
    }
}

/// Resolves names to public addresses only.
struct PublicOnly;

fn is_public(ip: std::net::IpAddr) -> bool {
    match ip {
        std::net::IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (b & 0xc0) == 64)
                || (a == 198 && (b & 0xfe) == 18)
                || a >= 240)
        }
        std::net::IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(v4.into());
            }
            let s0 = v6.segments()[0];
            !(v6.is_loopback() || v6.is_unspecified() || v6.is_multicast() || (s0 & 0xfe00) == 0xfc00 || (s0 & 0xffc0) == 0xfe80 || (s0 == 0x64 && v6.segments()[1] == 0xff9b))
        }
    }
}

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<std::net::SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.filter(|a| is_public(a.ip())).collect();
            if addrs.is_empty() {
                return Err(format!("{host} has no public address").into());
            }
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_are_not_public_and_only_https_to_public_addresses_is_fetched() {
        for ip in ["127.0.0.1", "10.1.2.3", "192.168.1.1", "169.254.169.254", "100.64.0.1", "::1", "fd00::1", "fe80::1", "0.0.0.0", "0.1.2.3", "198.18.0.1", "240.0.0.1", "224.0.0.1", "::ffff:127.0.0.1", "64:ff9b::a00:1"] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "2a00:1450::1"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
        // Every URL the flow fetches: HTTPS to a public address, unless development allows it.
        assert!(allowed("https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration", false));
        for bad in ["http://login.example.com/", "https://10.0.0.5/", "https://[::1]/", "https://169.254.169.254/latest", "ftp://x.example/", "not a url"] {
            assert!(!allowed(bad, false), "{bad}");
        }
        assert!(allowed("http://127.0.0.1:3400/token", true));
    }
}
