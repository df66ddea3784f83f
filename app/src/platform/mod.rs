//! The kernel every feature stands on: roles, dates, the wire types two journeys share, and
//! (server side, in `ssr`) state, access, sessions, credentials, TOTP, links and activity.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

/// Where a server function lives decides who may call it, before its arguments are read (see
/// the session middleware); the function's body asks again for the handle it needs, for the type:
/// - `/api/public/…` is open to callers who are not signed in and rate-limited per address,
/// - `/api/public/unlimited/…` is open and not rate-limited (it must guess at nothing),
/// - `/api/verify/…` needs a signed-in caller and is rate-limited (it checks a secret),
/// - `/api/admin/…` needs a caller holding Users & Permissions,
/// - `/api/org-activity/…` needs a caller holding View organization activity,
/// - anything else under `/api/` needs a signed-in caller.
pub mod endpoints {
    use super::PortalRole;

    pub const API: &str = "/api/";
    pub const PUBLIC: &str = "/api/public/";
    pub const PUBLIC_UNLIMITED: &str = "/api/public/unlimited/";
    pub const VERIFY: &str = "/api/verify/";
    /// The prefix of each portal role's functions (Users & Permissions' screens, the
    /// organization's Activity tab). A role that guards no function has none.
    pub const ROLE_PREFIXES: [(&str, PortalRole); 2] =
        [("/api/admin/", PortalRole::UsersPermissions), ("/api/org-activity/", PortalRole::ViewActivity)];

    /// Who may call a server function at `path`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Access {
        pub anonymous: bool,
        pub rate_limited: bool,
        /// The portal role the caller must hold.
        pub role: Option<PortalRole>,
    }

    /// The access rules of a path, or `None` when it is not a server function.
    pub fn access(path: &str) -> Option<Access> {
        if !path.starts_with(API) {
            return None;
        }
        let signed_in = Access { anonymous: false, rate_limited: false, role: None };
        Some(if path.starts_with(PUBLIC_UNLIMITED) {
            Access { anonymous: true, ..signed_in }
        } else if path.starts_with(PUBLIC) {
            Access { anonymous: true, rate_limited: true, role: None }
        } else if path.starts_with(VERIFY) {
            Access { rate_limited: true, ..signed_in }
        } else if let Some((_, role)) = ROLE_PREFIXES.iter().find(|(prefix, _)| path.starts_with(prefix)) {
            Access { role: Some(*role), ..signed_in }
        } else {
            signed_in
        })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_path_says_who_may_call_it() {
            let signed_in = Access { anonymous: false, rate_limited: false, role: None };
            assert_eq!(access("/api/public/login"), Some(Access { anonymous: true, rate_limited: true, role: None }));
            assert_eq!(access("/api/public/unlimited/check"), Some(Access { anonymous: true, ..signed_in }));
            assert_eq!(access("/api/verify/change_password"), Some(Access { rate_limited: true, ..signed_in }));
            assert_eq!(access("/api/my_profile"), Some(signed_in));
            assert_eq!(access("/api/publicity"), Some(signed_in));
            assert_eq!(access("/api/admin/org_profiles"), Some(Access { role: Some(PortalRole::UsersPermissions), ..signed_in }));
            assert_eq!(access("/api/administrators"), Some(signed_in), "a prefix is a whole path segment");
            assert_eq!(access("/api/org-activity/org_activity"), Some(Access { role: Some(PortalRole::ViewActivity), ..signed_in }));
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

    /// Whether the portal checks this role anywhere yet. A role that guards nothing is not
    /// offered to groups (Place orders waits for ordering in the portal).
    pub fn guards_something(self) -> bool {
        !matches!(self, PortalRole::PlaceOrders)
    }
}

/// What the page frame needs to know about the signed-in person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionUser {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub avatar_style: String,
    pub avatar_seed: u32,
    pub portal_language: crate::i18n::Lang,
    /// The portal roles the person's groups grant.
    pub roles: Vec<PortalRole>,
}

impl SessionUser {
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    pub fn initials(&self) -> String {
        self.first_name
            .chars()
            .next()
            .into_iter()
            .chain(self.last_name.chars().next())
            .flat_map(char::to_uppercase)
            .collect()
    }

    pub fn has(&self, role: PortalRole) -> bool {
        self.roles.contains(&role)
    }

    /// Where "Users & Permissions" opens for this person: its first tab they may see, or
    /// nowhere when they hold none of its roles.
    pub fn users_permissions_href(&self) -> Option<&'static str> {
        if self.has(PortalRole::UsersPermissions) {
            Some("/users")
        } else if self.has(PortalRole::ViewActivity) {
            Some("/users/activity")
        } else {
            None
        }
    }
}

/// The signed-in person (or the refusal), asked once per navigation by the frame and provided
/// to every page.
#[derive(Clone, Copy)]
pub struct SignedIn(pub leptos::prelude::Resource<Result<SessionUser, crate::error::AppError>>);

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

/// An organization's identity provider as shown back (never its secret); `Default` is the form
/// before anything is configured (version 0, passwords allowed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderSettings {
    pub display_name: String,
    pub issuer: String,
    pub client_id: String,
    pub secret_stored: bool,
    /// Each domain, and whether the provider's operator verified it.
    pub domains: Vec<(String, bool)>,
    pub allow_passwords: bool,
    pub trust_provider_mfa: bool,
    pub break_glass_profile_id: Option<String>,
    pub version: i64,
}

impl Default for ProviderSettings {
    fn default() -> Self {
        ProviderSettings {
            display_name: String::new(),
            issuer: String::new(),
            client_id: String::new(),
            secret_stored: false,
            domains: vec![],
            allow_passwords: true,
            trust_provider_mfa: false,
            break_glass_profile_id: None,
            version: 0,
        }
    }
}

/// Who a valid e-mailed link belongs to, for the page it opens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkInfo {
    pub first_name: String,
    pub email: String,
    /// The organization's identity provider (its name), when it covers the address: the
    /// invited person signs in there rather than choosing a password.
    #[serde(default)]
    pub provider: Option<String>,
    /// Whether a password may still be chosen (no provider, or one that allows passwords).
    #[serde(default)]
    pub passwords: bool,
    /// Whose link it is: the server's to know, never sent.
    #[serde(skip)]
    pub profile_id: String,
    #[serde(skip)]
    pub organization_id: String,
}

/// What an authenticator app needs: a QR code and the same secret as text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MfaSetupInfo {
    pub secret: String,
    pub otpauth_uri: String,
    pub qr_svg: String,
}

/// The first set-up confirmed: the recovery codes (shown once) and where the person goes on
/// (the application whose sign-in they started, when they came from one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Enrolled {
    pub codes: Vec<String>,
    pub next: Option<String>,
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
