//! Password rules (NIST SP 800-63B, OWASP ASVS 5.0 chapter 6): length only, no composition rules,
//! checked exactly as typed. The server also refuses the most common passwords; that list stays
//! on the server.

use std::fmt;

use super::Invalid;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 256;

/// The length rule, counted in characters as typed: `password-too-short` or `password-too-long`.
pub fn check_length(password: &str) -> Result<(), Invalid> {
    let n = password.chars().count();
    if n < MIN_CHARS {
        Err(Invalid("password-too-short"))
    } else if n > MAX_CHARS {
        Err(Invalid("password-too-long"))
    } else {
        Ok(())
    }
}

/// Refuses a password that contains one of the context words (brand, organization name, the
/// person's e-mail address or its local part), compared without case: `password-contains-context`.
pub fn check_context(password: &str, context: &[&str]) -> Result<(), Invalid> {
    // Letters and digits only, so that "Brightwave-Logistics" matches "Brightwave Logistics".
    let squash = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect() };
    let lower = squash(password);
    for word in context {
        let w = squash(word);
        if w.chars().count() >= 4 && lower.contains(&w) {
            return Err(Invalid("password-contains-context"));
        }
    }
    Ok(())
}

/// A rough strength from 0 (too short) to 4 (very strong) for the meter while typing: estimated
/// bits from the length and the kinds of characters used, where repeating a few characters
/// counts for little.
pub fn strength(password: &str) -> u8 {
    let len = password.chars().count();
    if len < MIN_CHARS {
        return 0;
    }
    let mut distinct: Vec<char> = password.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut pool = 0u32;
    if password.chars().any(|c| c.is_lowercase()) {
        pool += 26;
    }
    if password.chars().any(|c| c.is_uppercase()) {
        pool += 26;
    }
    if password.chars().any(|c| c.is_numeric()) {
        pool += 10;
    }
    if password.chars().any(|c| !c.is_alphanumeric()) {
        pool += 33;
    }
    let counted = len.min(distinct.len() * 2) as f64;
    let bits = counted * f64::from(pool.max(2)).log2();
    match bits {
        b if b < 40.0 => 1,
        b if b < 60.0 => 2,
        b if b < 80.0 => 3,
        _ => 4,
    }
}

/// Which of the two password fields a refusal belongs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordField {
    New,
    Confirm,
}

/// Why a new password was refused: the field and the Fluent id of the message shown on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordError {
    pub field: PasswordField,
    pub id: &'static str,
}

impl fmt::Display for PasswordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

impl std::error::Error for PasswordError {}

/// A new password that passed the rules and was typed the same twice. Kept exactly as typed;
/// its `Debug` does not show it.
pub struct NewPassword(String);

impl NewPassword {
    /// Checks, in this order: the length (`password-too-short`, `password-too-long`), the
    /// context words (`password-contains-context`), both on the new field; then that the
    /// confirmation is the same (`password-mismatch`, on the confirm field). Nothing is trimmed.
    pub fn parse(new: &str, confirm: &str, context: &[&str]) -> Result<NewPassword, PasswordError> {
        let on_new = |Invalid(id)| PasswordError { field: PasswordField::New, id };
        check_length(new).map_err(on_new)?;
        check_context(new, context).map_err(on_new)?;
        if new != confirm {
            return Err(PasswordError { field: PasswordField::Confirm, id: "password-mismatch" });
        }
        Ok(NewPassword(new.to_string()))
    }

    /// The password as typed, to hash it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CTX: [&str; 4] = ["Arxus", "Brightwave Logistics NV", "sophie.claes@brightwave.example", "sophie.claes"];

    #[test]
    fn length_is_counted_in_characters_as_typed() {
        assert_eq!(check_length("short"), Err(Invalid("password-too-short")));
        assert_eq!(check_length("exactly-12ch"), Ok(()));
        assert_eq!(check_length("  spaces  ok "), Ok(()));
        assert_eq!(check_length("ééééééééééé"), Err(Invalid("password-too-short")), "11 characters, 22 bytes");
        assert_eq!(check_length(&"x".repeat(128)), Ok(()));
        assert_eq!(check_length(&"x".repeat(MAX_CHARS)), Ok(()));
        assert_eq!(check_length(&"x".repeat(257)), Err(Invalid("password-too-long")));
    }

    #[test]
    fn context_words_are_refused_without_case() {
        assert_eq!(check_context("my-ARXUS-password", &CTX), Err(Invalid("password-contains-context")));
        assert_eq!(check_context("Sophie.Claes-2026!", &CTX), Err(Invalid("password-contains-context")));
        assert_eq!(check_context("brightwave-logistics-nv", &CTX), Err(Invalid("password-contains-context")));
        assert_eq!(check_context("harbour-lantern-47-quay", &CTX), Ok(()));
        assert_eq!(check_context("nv-nv-nv-nv-nv", &["NV"]), Ok(()), "words under 4 characters are ignored");
    }

    #[test]
    fn strength_grows_with_length_and_variety() {
        assert_eq!(strength(""), 0);
        assert_eq!(strength("aaaaaaaaaaaa"), 1);
        assert!(strength("correct horse battery staple") >= 3);
        assert!(strength("harbour-lantern-47-quay") > strength("aaaaaaaaaaaa"));
    }

    #[test]
    fn new_password_checks_length_then_context_then_confirmation() {
        let err = |field, id| Err(PasswordError { field, id });
        let parse = |new: &str, confirm: &str| NewPassword::parse(new, confirm, &CTX).map(|p| p.expose().to_string());
        assert_eq!(parse("short", "other"), err(PasswordField::New, "password-too-short"));
        assert_eq!(parse(&"x".repeat(MAX_CHARS + 1), ""), err(PasswordField::New, "password-too-long"));
        assert_eq!(parse("arxus-is-my-company", "nope"), err(PasswordField::New, "password-contains-context"));
        assert_eq!(parse("harbour-lantern-47-quay", "harbour-lantern-47-qua"), err(PasswordField::Confirm, "password-mismatch"));
        assert_eq!(parse("harbour-lantern-47-quay", ""), err(PasswordField::Confirm, "password-mismatch"));
        assert_eq!(parse(" harbour-lantern-47-quay ", " harbour-lantern-47-quay "), Ok(" harbour-lantern-47-quay ".to_string()));
        assert_eq!(
            parse(" harbour-lantern-47-quay ", "harbour-lantern-47-quay"),
            err(PasswordField::Confirm, "password-mismatch"),
            "not trimmed"
        );
    }

    #[test]
    fn debug_does_not_show_the_password() {
        let p = NewPassword::parse("harbour-lantern-47-quay", "harbour-lantern-47-quay", &[]).unwrap();
        let shown = format!("{p:?} {:?}", Ok::<_, ()>(&p));
        assert!(!shown.contains("harbour"), "{shown}");
        assert_eq!(p.expose(), "harbour-lantern-47-quay");
    }

    #[test]
    fn errors_display_their_message_id() {
        let e = PasswordError { field: PasswordField::Confirm, id: "password-mismatch" };
        assert_eq!(e.to_string(), "password-mismatch");
    }

    proptest! {
        #[test]
        fn shorter_than_the_minimum_scores_zero(p in "\\PC{0,11}") {
            prop_assert_eq!(strength(&p), 0);
            prop_assert_eq!(check_length(&p), Err(Invalid("password-too-short")));
        }

        #[test]
        fn long_enough_scores_at_least_one(p in "\\PC{12,64}") {
            prop_assert!((1..=4).contains(&strength(&p)));
        }

        #[test]
        fn any_long_enough_password_typed_twice_without_context_is_kept_as_typed(p in "\\PC{12,64}") {
            let kept = NewPassword::parse(&p, &p, &[]).unwrap();
            prop_assert_eq!(kept.expose(), p.as_str());
        }
    }
}
