//! The kernel every feature stands on: roles, dates, the wire types two journeys share, and
//! (server side, in `ssr`) state, access, sessions, credentials, TOTP, links and activity.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

/// Where a server function lives decides who may call it (see the session middleware):
/// `/api/public/…` is open to callers who are not signed in and rate-limited per address,
/// `/api/public/unlimited/…` is open and not rate-limited (it must guess at nothing),
/// `/api/verify/…` needs a signed-in caller and is rate-limited (it checks a secret),
/// anything else under `/api/` needs a signed-in caller.
pub mod endpoints {
    pub const API: &str = "/api/";
    pub const PUBLIC: &str = "/api/public/";
    pub const PUBLIC_UNLIMITED: &str = "/api/public/unlimited/";
    pub const VERIFY: &str = "/api/verify/";

    /// Who may call a server function at `path`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Access {
        pub anonymous: bool,
        pub rate_limited: bool,
    }

    /// The access rules of a path, or `None` when it is not a server function.
    pub fn access(path: &str) -> Option<Access> {
        if !path.starts_with(API) {
            return None;
        }
        Some(if path.starts_with(PUBLIC_UNLIMITED) {
            Access { anonymous: true, rate_limited: false }
        } else if path.starts_with(PUBLIC) {
            Access { anonymous: true, rate_limited: true }
        } else if path.starts_with(VERIFY) {
            Access { anonymous: false, rate_limited: true }
        } else {
            Access { anonymous: false, rate_limited: false }
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_public_function_is_rate_limited_unless_it_says_otherwise() {
            assert_eq!(access("/api/public/login"), Some(Access { anonymous: true, rate_limited: true }));
            assert_eq!(access("/api/public/unlimited/check"), Some(Access { anonymous: true, rate_limited: false }));
            assert_eq!(access("/api/verify/change_password"), Some(Access { anonymous: false, rate_limited: true }));
            assert_eq!(access("/api/my_profile"), Some(Access { anonymous: false, rate_limited: false }));
            assert_eq!(access("/api/publicity"), Some(Access { anonymous: false, rate_limited: false }));
            assert_eq!(access("/profile"), None);
        }
    }
}

/// What someone may do in the portal. The catalogue lives in the database; these are the codes
/// the portal itself checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PortalRole {
    UsersPermissions,
    ViewActivity,
    ViewOrders,
    PlaceOrders,
}

impl PortalRole {
    pub const ALL: [PortalRole; 4] = [
        PortalRole::UsersPermissions,
        PortalRole::ViewActivity,
        PortalRole::ViewOrders,
        PortalRole::PlaceOrders,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PortalRole::UsersPermissions => "users-permissions",
            PortalRole::ViewActivity => "view-activity",
            PortalRole::ViewOrders => "view-orders",
            PortalRole::PlaceOrders => "place-orders",
        }
    }

    pub fn parse(code: &str) -> Option<PortalRole> {
        PortalRole::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Counts changes to what the page frame shows about the signed-in person (name, avatar): the
/// header asks again for its person whenever it moves. Provided by the root component.
#[derive(Clone, Copy)]
pub struct FrameVersion(pub leptos::prelude::RwSignal<u32>);

impl FrameVersion {
    pub fn bump() {
        use leptos::prelude::*;
        if let Some(v) = use_context::<FrameVersion>() {
            v.0.update(|n| *n += 1);
        }
    }
}

/// Who a valid e-mailed link belongs to, for the page it opens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkInfo {
    pub first_name: String,
    pub email: String,
}

/// What an authenticator app needs: a QR code and the same secret as text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MfaSetupInfo {
    pub secret: String,
    pub otpauth_uri: String,
    pub qr_svg: String,
}

/// Seconds since the Unix epoch, rendered the same way on the server and in the browser.
pub fn format_timestamp(lang: crate::i18n::Lang, secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (h, m) = (rem / 3600, (rem % 3600) / 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    match lang {
        crate::i18n::Lang::En => format!("{y:04}-{mo:02}-{d:02} {h:02}:{m:02} UTC"),
        _ => format!("{d:02}/{mo:02}/{y:04} {h:02}:{m:02} UTC"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn timestamps_render_as_civil_dates() {
        assert_eq!(format_timestamp(Lang::En, 0), "1970-01-01 00:00 UTC");
        assert_eq!(format_timestamp(Lang::Fr, 1_795_352_340), "22/11/2026 12:59 UTC");
        assert_eq!(format_timestamp(Lang::En, 951_782_400), "2000-02-29 00:00 UTC");
    }
}
