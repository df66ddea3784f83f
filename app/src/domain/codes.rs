//! Codes and tokens a person types or follows: authenticator codes, recovery codes and the
//! tokens in e-mailed links. These are secrets, so their `Debug` does not show them.

use std::fmt;

use super::Invalid;

/// A six-digit code from an authenticator app.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpCode(String);

impl TotpCode {
    /// Drops all whitespace (`123 456`); then exactly six ASCII digits, else `error-code-invalid`.
    pub fn parse(raw: &str) -> Result<TotpCode, Invalid> {
        let code: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
            Ok(TotpCode(code))
        } else {
            Err(Invalid("error-code-invalid"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for TotpCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpCode(<redacted>)")
    }
}

/// A single-use recovery code, `xxxxx-xxxxx` in lowercase hexadecimal.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode(String);

impl RecoveryCode {
    /// Drops all whitespace and lowercases; then ten hexadecimal digits, with or without a dash
    /// after the fifth, else `error-code-invalid`. Kept with the dash.
    pub fn parse(raw: &str) -> Result<RecoveryCode, Invalid> {
        let code: String = raw.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
        let hex = |s: &str| s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        let (head, tail) = match (code.len(), code.get(..5), code.get(5..)) {
            (10, Some(head), Some(tail)) => (head, tail),
            (11, Some(head), Some(rest)) => match rest.strip_prefix('-') {
                Some(tail) => (head, tail),
                None => return Err(Invalid("error-code-invalid")),
            },
            _ => return Err(Invalid("error-code-invalid")),
        };
        if hex(head) && hex(tail) {
            Ok(RecoveryCode(format!("{head}-{tail}")))
        } else {
            Err(Invalid("error-code-invalid"))
        }
    }

    /// The code as `xxxxx-xxxxx`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryCode(<redacted>)")
    }
}

/// What the second sign-in step accepts: a code from the authenticator app or a recovery code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OneTimeCode {
    Totp(TotpCode),
    Recovery(RecoveryCode),
}

impl OneTimeCode {
    /// A TOTP code if it reads as one, else a recovery code, else `error-code-invalid`.
    pub fn parse(raw: &str) -> Result<OneTimeCode, Invalid> {
        TotpCode::parse(raw).map(OneTimeCode::Totp).or_else(|_| RecoveryCode::parse(raw).map(OneTimeCode::Recovery))
    }
}

/// The token of an e-mailed link (activation, password reset): 64 lowercase hexadecimal digits.
#[derive(Clone, PartialEq, Eq)]
pub struct LinkToken(String);

impl LinkToken {
    /// Trims; then exactly 64 lowercase hexadecimal digits, else `error-link-invalid`.
    pub fn parse(raw: &str) -> Result<LinkToken, Invalid> {
        let token = raw.trim();
        if token.len() == 64 && token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            Ok(LinkToken(token.to_string()))
        } else {
            Err(Invalid("error-link-invalid"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for LinkToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LinkToken(<redacted>)")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const BAD_CODE: Result<(), Invalid> = Err(Invalid("error-code-invalid"));

    #[test]
    fn totp_codes() {
        assert_eq!(TotpCode::parse("123456").unwrap().as_str(), "123456");
        assert_eq!(TotpCode::parse(" 123 456\n").unwrap().as_str(), "123456");
        assert_eq!(TotpCode::parse("012\u{a0}345").unwrap().as_str(), "012345");
        for bad in ["", "12345", "1234567", "12345a", "123-456", "１２３４５６", "٠١٢٣٤٥"] {
            assert_eq!(TotpCode::parse(bad).map(|_| ()), BAD_CODE, "{bad:?}");
        }
    }

    #[test]
    fn recovery_codes() {
        for ok in ["a1b2c-3d4e5", "A1B2C-3D4E5", " a1b2c 3d4e5 ", "a1b2c3d4e5", "a1b2c - 3d4e5"] {
            assert_eq!(RecoveryCode::parse(ok).unwrap().as_str(), "a1b2c-3d4e5", "{ok:?}");
        }
        for bad in ["", "a1b2c-3d4e", "a1b2c-3d4e56", "a1b2c3d4e", "a1b2g-3d4e5", "a1b2c_3d4e5", "a1b2-c3d4e5", "a1b2c--3d4e", "ééééé-ééééé"] {
            assert_eq!(RecoveryCode::parse(bad).map(|_| ()), BAD_CODE, "{bad:?}");
        }
    }

    #[test]
    fn one_time_codes_try_totp_then_recovery() {
        assert_eq!(OneTimeCode::parse("123 456"), Ok(OneTimeCode::Totp(TotpCode::parse("123456").unwrap())));
        assert_eq!(OneTimeCode::parse("12345-67890"), Ok(OneTimeCode::Recovery(RecoveryCode::parse("1234567890").unwrap())));
        assert_eq!(OneTimeCode::parse("1234567890"), Ok(OneTimeCode::Recovery(RecoveryCode::parse("12345-67890").unwrap())));
        assert_eq!(OneTimeCode::parse("12345"), Err(Invalid("error-code-invalid")));
        assert_eq!(OneTimeCode::parse(""), Err(Invalid("error-code-invalid")));
    }

    #[test]
    fn link_tokens() {
        let token = "0123456789abcdef".repeat(4);
        assert_eq!(LinkToken::parse(&format!(" {token}\n")).unwrap().as_str(), token);
        for bad in [String::new(), token[..63].to_string(), format!("{token}0"), token.to_uppercase(), token.replace('a', "g")] {
            assert_eq!(LinkToken::parse(&bad).map(|_| ()), Err(Invalid("error-link-invalid")), "{bad:?}");
        }
    }

    #[test]
    fn debug_does_not_show_secrets() {
        let token = "0123456789abcdef".repeat(4);
        let shown = format!(
            "{:?} {:?} {:?} {:?}",
            TotpCode::parse("987654").unwrap(),
            RecoveryCode::parse("a1b2c-3d4e5").unwrap(),
            OneTimeCode::parse("987654").unwrap(),
            LinkToken::parse(&token).unwrap(),
        );
        for secret in ["987654", "a1b2c", "0123456789"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    proptest! {
        #[test]
        fn six_digits_with_spaces_are_a_totp_code(digits in "[0-9]{6}", spaces in proptest::collection::vec(" {0,2}", 7)) {
            let mut raw = spaces[6].clone();
            for (d, s) in digits.chars().zip(&spaces) {
                raw.push(d);
                raw.push_str(s);
            }
            let code = TotpCode::parse(&raw).unwrap();
            prop_assert_eq!(code.as_str(), digits.as_str());
            prop_assert_eq!(OneTimeCode::parse(&raw), Ok(OneTimeCode::Totp(TotpCode::parse(&digits).unwrap())));
        }

        #[test]
        fn recovery_codes_normalise_and_reparse(hex in "[0-9a-fA-F]{10}", dash in any::<bool>()) {
            let raw = if dash { format!("{}-{}", &hex[..5], &hex[5..]) } else { hex.clone() };
            let code = RecoveryCode::parse(&raw).unwrap();
            let lower = hex.to_lowercase();
            prop_assert_eq!(code.as_str(), format!("{}-{}", &lower[..5], &lower[5..]));
            prop_assert_eq!(RecoveryCode::parse(code.as_str()), Ok(code.clone()));
        }

        #[test]
        fn parsed_codes_reparse_to_themselves(raw in "\\PC{0,16}") {
            if let Ok(code) = TotpCode::parse(&raw) {
                prop_assert_eq!(TotpCode::parse(code.as_str()), Ok(code.clone()));
            }
            if let Ok(code) = RecoveryCode::parse(&raw) {
                prop_assert_eq!(RecoveryCode::parse(code.as_str()), Ok(code.clone()));
            }
        }
    }
}
