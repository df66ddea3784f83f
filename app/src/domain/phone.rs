//! Phone numbers in international form, stored as E.164 (`+` and at most 15 digits), so that a
//! number is stored once whatever way it was typed and can be dialled or texted from anywhere.

use serde::{Deserialize, Serialize};

use super::Invalid;

/// E.164 allows at most 15 digits after the `+`, country code included.
pub const MAX_DIGITS: usize = 15;
/// Shorter numbers are almost always a national number typed without the country code.
pub const MIN_DIGITS: usize = 8;

/// A phone number in E.164 form, for example `+32470123456`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

string_newtype!(PhoneNumber);

impl PhoneNumber {
    /// Drops spaces, dashes, dots, slashes and brackets, and a `(0)` trunk prefix written right
    /// after the country code (`+32 (0)470 12 34 56`). What is left must be `+` (or the
    /// international prefix `00`) and 8 to 15 digits, the first not 0. Empty gives
    /// `error-required`; anything else `error-phone-e164`.
    pub fn parse(raw: &str) -> Result<PhoneNumber, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(Invalid("error-required"));
        }
        let invalid = Invalid("error-phone-e164");
        let compact: String = raw.chars().filter(|&c| !(c.is_whitespace() || matches!(c, '-' | '.' | '/'))).collect();
        let Some(rest) = compact.strip_prefix('+').or_else(|| compact.strip_prefix("00")) else { return Err(invalid) };
        let country = rest.bytes().take_while(u8::is_ascii_digit).count();
        let rest = match rest.get(country..) {
            Some(after) if (1..=3).contains(&country) && after.starts_with("(0)") => format!("{}{}", &rest[..country], &after[3..]),
            _ => rest.to_string(),
        };
        let digits: String = rest.chars().filter(|&c| !matches!(c, '(' | ')')).collect();
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.starts_with('0') {
            return Err(invalid);
        }
        Ok(PhoneNumber(format!("+{digits}")))
    }

    /// As [`PhoneNumber::parse`], but a blank field is `Ok(None)`.
    pub fn parse_optional(raw: &str) -> Result<Option<PhoneNumber>, Invalid> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            PhoneNumber::parse(raw).map(Some)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn e164(raw: &str) -> String {
        PhoneNumber::parse(raw).unwrap().as_str().to_string()
    }

    #[test]
    fn typed_forms_become_e164() {
        assert_eq!(e164("+32470123456"), "+32470123456");
        assert_eq!(e164("+32 470 12 34 56"), "+32470123456");
        assert_eq!(e164(" +32-470-12.34.56 "), "+32470123456");
        assert_eq!(e164("+32 470/12.34.56"), "+32470123456");
        assert_eq!(e164("0032 470 12 34 56"), "+32470123456");
        assert_eq!(e164("+1 (555) 010-0199"), "+15550100199");
        assert_eq!(e164("+32\u{a0}2\u{a0}123\u{a0}45\u{a0}67"), "+3221234567");
        assert_eq!(PhoneNumber::parse("+33 1 23 45 67 89").unwrap().to_string(), "+33123456789");
    }

    #[test]
    fn a_trunk_zero_after_the_country_code_is_dropped() {
        assert_eq!(e164("+32 (0)470 12 34 56"), "+32470123456");
        assert_eq!(e164("+32(0)470123456"), "+32470123456");
        assert_eq!(e164("+44 (0) 20 7946 0958"), "+442079460958");
        assert_eq!(e164("0031 (0)6 12345678"), "+31612345678");
        assert_eq!(e164("+352 (0)621 123 456"), "+352621123456");
    }

    #[test]
    fn refuses_what_is_not_international() {
        for bad in [
            "0470 12 34 56",
            "470123456",
            "+0470123456",
            "+32 470 12 34 5x",
            "+32 470 12 34 56 ext 2",
            "+1234567",
            "+1234567890123456",
            "++32470123456",
            "+32 (0)",
            "+",
            "00",
            "0+32470123456",
            "+(0)32470123456",
            "+٣٢٤٧٠١٢٣٤٥٦",
        ] {
            assert_eq!(PhoneNumber::parse(bad), Err(Invalid("error-phone-e164")), "{bad:?}");
        }
        assert!(PhoneNumber::parse("+12345678").is_ok(), "8 digits");
        assert!(PhoneNumber::parse("+123456789012345").is_ok(), "15 digits");
    }

    #[test]
    fn empty_is_required_or_none() {
        assert_eq!(PhoneNumber::parse(""), Err(Invalid("error-required")));
        assert_eq!(PhoneNumber::parse("  "), Err(Invalid("error-required")));
        assert_eq!(PhoneNumber::parse_optional(""), Ok(None));
        assert_eq!(PhoneNumber::parse_optional(" \t"), Ok(None));
        assert_eq!(PhoneNumber::parse_optional("+32 470 12 34 56").unwrap().unwrap().as_str(), "+32470123456");
        assert_eq!(PhoneNumber::parse_optional("0470"), Err(Invalid("error-phone-e164")));
    }

    #[test]
    fn deserializing_goes_through_parse() {
        assert_eq!(PhoneNumber::try_from("+32 470 12 34 56".to_string()).unwrap().as_str(), "+32470123456");
        assert_eq!(PhoneNumber::try_from("0470".to_string()), Err(Invalid("error-phone-e164")));
        assert_eq!(String::from(PhoneNumber::parse("+32470123456").unwrap()), "+32470123456");
    }

    proptest! {
        #[test]
        fn as_str_parses_to_itself(raw in "[+0-9 ()./-]{0,30}") {
            if let Ok(p) = PhoneNumber::parse(&raw) {
                prop_assert_eq!(PhoneNumber::parse(p.as_str()), Ok(p.clone()));
            }
        }

        #[test]
        fn separators_do_not_matter(
            digits in "[1-9][0-9]{7,14}",
            seps in proptest::collection::vec(prop_oneof![Just(""), Just(" "), Just("-"), Just("."), Just("/")], 15),
            double_zero in any::<bool>(),
        ) {
            let mut raw = String::from(if double_zero { "00" } else { "+" });
            for (d, s) in digits.chars().zip(&seps) {
                raw.push(d);
                raw.push_str(s);
            }
            let p = PhoneNumber::parse(&raw).unwrap();
            prop_assert_eq!(p.as_str(), format!("+{digits}"));
            prop_assert_eq!(PhoneNumber::parse(p.as_str()), Ok(p.clone()));
        }
    }
}
