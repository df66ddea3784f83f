//! The values the portal accepts, as types: parse, don't validate. Each type has a private field
//! and a `parse` that either gives a value known to be well formed or says why not, as the Fluent
//! id of the message shown on the field.
//!
//! This module is plain Rust (no feature gates, only `serde`): it runs both in the browser, where
//! the form checks what is typed, and on the server, which checks again. So both sides refuse the
//! same input with the same message, and the server code past the parse never sees raw strings.
//! Types that cross the wire deserialize through `parse` too.
//!
//! Inside these files, siblings are reached through `super::`, never `crate::`.

use std::fmt;

/// Why a value was refused: the Fluent id of the message shown on its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Invalid(pub &'static str);

impl Invalid {
    /// The Fluent message id.
    pub fn id(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Invalid {}

/// True for characters that have no place in a one-line text field: control characters
/// (tabs, line breaks, NUL…) and the Unicode line and paragraph separators.
fn breaks_line(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

/// The common impls of a newtype over a `String` that has `fn parse(&str) -> Result<Self, Invalid>`:
/// `as_str`, `Display`, `AsRef<str>`, `From<T> for String` and a `TryFrom<String>` that parses (so
/// `#[serde(try_from = "String", into = "String")]` deserializes through `parse`).
macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = super::Invalid;

            fn try_from(raw: String) -> Result<Self, Self::Error> {
                Self::parse(&raw)
            }
        }
    };
}

pub mod agreement;
pub mod codes;
pub mod contact_type;
pub mod details;
pub mod email;
pub mod ids;
pub mod language;
pub mod name;
pub mod notice_kind;
pub mod password;
pub mod phone;
pub mod return_to;
pub mod salutation;

pub use agreement::AgreementState;
pub use contact_type::ContactType;
pub use codes::{LinkToken, OneTimeCode, RecoveryCode, TotpCode};
pub use details::{stored, Details, DetailsInput, FieldErrors, Holder};
pub use email::Email;
pub use ids::{GroupId, OrganizationId, ProfileId, SessionPublicId};
pub use language::Lang;
pub use name::{PersonName, ShortText};
pub use notice_kind::{NoticeKind, Route};
pub use password::{NewPassword, PasswordError, PasswordField};
pub use phone::PhoneNumber;
pub use return_to::ReturnTo;
pub use salutation::Salutation;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_displays_its_message_id() {
        let e = Invalid("error-required");
        assert_eq!(e.to_string(), "error-required");
        assert_eq!(e.id(), "error-required");
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert_eq!(boxed.to_string(), "error-required");
    }

    #[test]
    fn one_line_text_refuses_breaks_and_controls() {
        for c in ['\n', '\r', '\t', '\0', '\u{7f}', '\u{85}', '\u{2028}', '\u{2029}'] {
            assert!(breaks_line(c), "{c:?}");
        }
        for c in ['a', ' ', 'é', '-', '\''] {
            assert!(!breaks_line(c), "{c:?}");
        }
    }
}
