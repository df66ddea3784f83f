//! E-mail addresses, kept trimmed and lowercased so that one address is one account.

use serde::{Deserialize, Serialize};

use super::Invalid;

/// The longest address that fits in SMTP's forward path (RFC 5321, 4.5.3.1.3).
pub const MAX_CHARS: usize = 254;

/// Characters that are only valid inside a quoted local part or as header syntax: refused, so an
/// address is never mistaken for a display name or a list of addresses.
const SPECIALS: &[char] = &['"', '(', ')', ',', ':', ';', '<', '>', '[', '\\', ']'];

/// A well-formed e-mail address: trimmed, lowercased, one `@`, a dotted domain.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

string_newtype!(Email);

impl Email {
    /// Trims and lowercases. Empty gives `error-required`; anything but one local part, one `@`
    /// and a domain of non-empty dot-separated labels (at most 254 characters, no spaces or
    /// control characters) gives `error-email-invalid`.
    pub fn parse(raw: &str) -> Result<Email, Invalid> {
        let address = raw.trim().to_lowercase();
        if address.is_empty() {
            return Err(Invalid("error-required"));
        }
        let invalid = Invalid("error-email-invalid");
        if address.chars().count() > MAX_CHARS
            || address.chars().any(|c| c.is_whitespace() || c.is_control() || SPECIALS.contains(&c))
        {
            return Err(invalid);
        }
        let Some((local, domain)) = address.split_once('@') else { return Err(invalid) };
        if local.is_empty() || domain.contains('@') || !domain.contains('.') || domain.split('.').any(str::is_empty) {
            return Err(invalid);
        }
        Ok(Email(address))
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or(self.0.as_str(), |(local, _)| local)
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, domain)| domain)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_and_normalises() {
        let e = Email::parse("  Sophie.Claes@Brightwave.EXAMPLE \n").unwrap();
        assert_eq!(e.as_str(), "sophie.claes@brightwave.example");
        assert_eq!(e.to_string(), "sophie.claes@brightwave.example");
        assert_eq!(e.local_part(), "sophie.claes");
        assert_eq!(e.domain(), "brightwave.example");
        for ok in ["a@b.co", "first+tag@sub.domain.be", "o'neil@example.ie", "jérôme@exemple.fr", "x_y-z@a-b.c.d"] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn empty_is_required() {
        assert_eq!(Email::parse(""), Err(Invalid("error-required")));
        assert_eq!(Email::parse(" \t\n"), Err(Invalid("error-required")));
    }

    #[test]
    fn refuses_malformed() {
        let long = format!("{}@example.com", "a".repeat(MAX_CHARS));
        for bad in [
            "plain",
            "@example.com",
            "a@",
            "a@b",
            "a@@b.c",
            "a@b@c.d",
            "a@.b.c",
            "a@b.c.",
            "a@b..c",
            "a b@c.d",
            "a@b\u{a0}c.d",
            "a\u{0}@b.c",
            "Sophie <sophie@b.c>",
            "a@b.c,d@e.f",
            "\"a\"@b.c",
            long.as_str(),
        ] {
            assert_eq!(Email::parse(bad), Err(Invalid("error-email-invalid")), "{bad:?}");
        }
        let exactly = format!("{}@example.com", "a".repeat(MAX_CHARS - 12));
        assert_eq!(exactly.chars().count(), MAX_CHARS);
        assert!(Email::parse(&exactly).is_ok());
    }

    #[test]
    fn deserializing_goes_through_parse() {
        assert_eq!(Email::try_from(" A@B.C ".to_string()).unwrap().as_str(), "a@b.c");
        assert_eq!(Email::try_from("nope".to_string()), Err(Invalid("error-email-invalid")));
        assert_eq!(String::from(Email::parse("a@b.c").unwrap()), "a@b.c");
    }

    proptest! {
        #[test]
        fn parse_is_idempotent(raw in "\\PC{0,40}") {
            if let Ok(e) = Email::parse(&raw) {
                prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
            }
        }

        #[test]
        fn generated_addresses_parse_to_their_lowercase(
            local in "[A-Za-z0-9._%+-]{1,20}",
            labels in proptest::collection::vec("[A-Za-z0-9-]{1,10}", 2..4),
        ) {
            let raw = format!(" {local}@{} ", labels.join("."));
            let e = Email::parse(&raw).unwrap();
            prop_assert_eq!(e.as_str(), raw.trim().to_lowercase());
            prop_assert_eq!(Email::parse(e.as_str()), Ok(e.clone()));
        }
    }
}
