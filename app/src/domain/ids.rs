//! Typed row ids, so that a group id cannot be passed where a profile id is expected. Row ids are
//! 128 random bits as 32 lowercase hexadecimal digits; a session's public id is 64 bits (16).
//! A malformed id is refused as `error-not-found`, the same as an id that names nothing.

use serde::{Deserialize, Serialize};

use super::Invalid;

fn is_lower_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

macro_rules! hex_id {
    ($(#[$meta:meta])* $name:ident, $len:expr) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        string_newtype!($name);

        impl $name {
            /// How many lowercase hexadecimal digits the id has.
            pub const LEN: usize = $len;

            /// Exactly `LEN` lowercase hexadecimal digits, else `error-not-found`.
            pub fn parse(raw: &str) -> Result<$name, Invalid> {
                if is_lower_hex(raw, Self::LEN) {
                    Ok($name(raw.to_string()))
                } else {
                    Err(Invalid("error-not-found"))
                }
            }
        }
    };
}

hex_id!(
    /// The id of a person's profile.
    ProfileId,
    32
);
hex_id!(
    /// The id of a permission group.
    GroupId,
    32
);
hex_id!(
    /// The id of an organization.
    OrganizationId,
    32
);
hex_id!(
    /// The id of a session as shown in the list of one's sessions (never its secret token).
    SessionPublicId,
    16
);

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ROW: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn row_ids() {
        assert_eq!(ProfileId::parse(ROW).unwrap().as_str(), ROW);
        assert_eq!(GroupId::parse(ROW).unwrap().to_string(), ROW);
        assert_eq!(OrganizationId::parse(ROW).unwrap().as_ref(), ROW);
        for bad in ["", &ROW[..31], &format!("{ROW}0"), &ROW.to_uppercase(), &ROW.replace('f', "g"), &format!(" {}", &ROW[1..])] {
            assert_eq!(ProfileId::parse(bad), Err(Invalid("error-not-found")), "{bad:?}");
            assert_eq!(GroupId::parse(bad), Err(Invalid("error-not-found")), "{bad:?}");
            assert_eq!(OrganizationId::parse(bad), Err(Invalid("error-not-found")), "{bad:?}");
        }
    }

    #[test]
    fn session_public_ids_are_shorter() {
        assert_eq!(SessionPublicId::parse(&ROW[..16]).unwrap().as_str(), &ROW[..16]);
        assert_eq!(SessionPublicId::parse(ROW), Err(Invalid("error-not-found")));
        assert_eq!(ProfileId::parse(&ROW[..16]), Err(Invalid("error-not-found")));
        assert_eq!((ProfileId::LEN, SessionPublicId::LEN), (32, 16));
    }

    #[test]
    fn deserializing_goes_through_parse() {
        assert_eq!(ProfileId::try_from(ROW.to_string()).unwrap().as_str(), ROW);
        assert_eq!(GroupId::try_from("1".to_string()), Err(Invalid("error-not-found")));
        assert_eq!(String::from(OrganizationId::parse(ROW).unwrap()), ROW);
    }

    proptest! {
        #[test]
        fn any_lowercase_hex_of_the_right_length_round_trips(row in "[0-9a-f]{32}", public in "[0-9a-f]{16}") {
            let id = ProfileId::parse(&row).unwrap();
            prop_assert_eq!(ProfileId::try_from(String::from(id.clone())), Ok(id));
            let id = SessionPublicId::parse(&public).unwrap();
            prop_assert_eq!(SessionPublicId::try_from(String::from(id.clone())), Ok(id));
        }
    }
}
