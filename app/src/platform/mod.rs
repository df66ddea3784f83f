//! What every feature stands on: server state, the caller's identity, the activity log.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

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
