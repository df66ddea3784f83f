//! Names of people and short free texts (job title, department): one trimmed line each.

use serde::{Deserialize, Serialize};

use super::{breaks_line, Invalid};

/// The most characters a name or a short text may have.
pub const MAX_CHARS: usize = 100;

/// A first or last name: trimmed, not empty, at most 100 characters on one line.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

string_newtype!(PersonName);

impl PersonName {
    /// Trims. Empty gives `error-required`; over 100 characters, or a line break or other
    /// control character, gives `error-name-invalid`.
    pub fn parse(raw: &str) -> Result<PersonName, Invalid> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(Invalid("error-required"));
        }
        if name.chars().count() > MAX_CHARS || name.chars().any(breaks_line) {
            return Err(Invalid("error-name-invalid"));
        }
        Ok(PersonName(name.to_string()))
    }
}

/// An optional short free text such as a job title or a department: trimmed, not empty, at most
/// 100 characters on one line. A blank field is `None`, see [`ShortText::parse_optional`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShortText(String);

string_newtype!(ShortText);

impl ShortText {
    /// Trims. Empty gives `error-required`; over 100 characters, or a line break or other
    /// control character, gives `error-text-invalid`.
    pub fn parse(raw: &str) -> Result<ShortText, Invalid> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(Invalid("error-required"));
        }
        if text.chars().count() > MAX_CHARS || text.chars().any(breaks_line) {
            return Err(Invalid("error-text-invalid"));
        }
        Ok(ShortText(text.to_string()))
    }

    /// As [`ShortText::parse`], but a blank field is `Ok(None)`.
    pub fn parse_optional(raw: &str) -> Result<Option<ShortText>, Invalid> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            ShortText::parse(raw).map(Some)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_trimmed_and_kept_as_typed() {
        assert_eq!(PersonName::parse("  Sophie ").unwrap().as_str(), "Sophie");
        assert_eq!(PersonName::parse("Van den Broeck-O'Neil").unwrap().as_str(), "Van den Broeck-O'Neil");
        assert_eq!(PersonName::parse("Ærøskøbing Łukasz 李").unwrap().to_string(), "Ærøskøbing Łukasz 李");
        assert!(PersonName::parse(&"é".repeat(MAX_CHARS)).is_ok(), "100 characters, 200 bytes");
    }

    #[test]
    fn names_refused() {
        assert_eq!(PersonName::parse(""), Err(Invalid("error-required")));
        assert_eq!(PersonName::parse(" \n "), Err(Invalid("error-required")));
        for bad in ["Sophie\nClaes", "Sophie\rClaes", "So\tphie", "So\u{0}phie", "a\u{2028}b"] {
            assert_eq!(PersonName::parse(bad), Err(Invalid("error-name-invalid")), "{bad:?}");
        }
        assert_eq!(PersonName::parse(&"x".repeat(MAX_CHARS + 1)), Err(Invalid("error-name-invalid")));
    }

    #[test]
    fn short_text_is_optional() {
        assert_eq!(ShortText::parse_optional(""), Ok(None));
        assert_eq!(ShortText::parse_optional("   "), Ok(None));
        assert_eq!(ShortText::parse_optional(" Logistics ").unwrap().unwrap().as_str(), "Logistics");
        assert_eq!(ShortText::parse(" "), Err(Invalid("error-required")));
        assert_eq!(ShortText::parse_optional(&"x".repeat(MAX_CHARS + 1)), Err(Invalid("error-text-invalid")));
        assert_eq!(ShortText::parse_optional("Head of\nSales"), Err(Invalid("error-text-invalid")));
        assert!(ShortText::parse_optional(&"x".repeat(MAX_CHARS)).unwrap().is_some());
    }

    #[test]
    fn deserializing_goes_through_parse() {
        assert_eq!(PersonName::try_from(" Jan ".to_string()).unwrap().as_str(), "Jan");
        assert_eq!(PersonName::try_from("a\nb".to_string()), Err(Invalid("error-name-invalid")));
        assert_eq!(ShortText::try_from(String::new()), Err(Invalid("error-required")));
        assert_eq!(String::from(ShortText::parse("Sales").unwrap()), "Sales");
    }

    proptest! {
        #[test]
        fn parse_is_idempotent(raw in "\\PC{0,120}") {
            if let Ok(n) = PersonName::parse(&raw) {
                prop_assert_eq!(n.as_str(), raw.trim());
                prop_assert_eq!(PersonName::parse(n.as_str()), Ok(n.clone()));
            }
            if let Ok(Some(t)) = ShortText::parse_optional(&raw) {
                prop_assert_eq!(ShortText::parse_optional(t.as_str()), Ok(Some(t.clone())));
            }
        }
    }
}
