//! Password rules (NIST SP 800-63B, OWASP ASVS 5.0 chapter 6): length only, no composition rules,
//! checked exactly as typed. The server also refuses common and context-derived passwords.

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 256;

/// The length rules, shared by the form and the server. Returns a Fluent message id.
pub fn check_length(password: &str) -> Result<(), &'static str> {
    let n = password.chars().count();
    if n < MIN_CHARS {
        Err("password-too-short")
    } else if n > MAX_CHARS {
        Err("password-too-long")
    } else {
        Ok(())
    }
}

/// Refuses a password that contains one of the context words (brand, organization name, the
/// person's e-mail address or its local part), compared without case.
pub fn check_context(password: &str, context: &[&str]) -> Result<(), &'static str> {
    // Letters and digits only, so that "Brightwave-Logistics" matches "Brightwave Logistics".
    let squash = |s: &str| -> String { s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect() };
    let lower = squash(password);
    for word in context {
        let w = squash(word);
        if w.chars().count() >= 4 && lower.contains(&w) {
            return Err("password-contains-context");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters_as_typed() {
        assert_eq!(check_length("short"), Err("password-too-short"));
        assert_eq!(check_length("exactly-12ch"), Ok(()));
        assert_eq!(check_length("  spaces  ok "), Ok(()));
        assert_eq!(check_length("ééééééééééé"), Err("password-too-short"), "11 characters, 22 bytes");
        assert_eq!(check_length(&"x".repeat(128)), Ok(()));
        assert_eq!(check_length(&"x".repeat(257)), Err("password-too-long"));
    }

    #[test]
    fn context_words_are_refused_without_case() {
        let ctx = ["Arxus", "Brightwave Logistics NV", "sophie.claes@brightwave.example", "sophie.claes"];
        assert_eq!(check_context("my-ARXUS-password", &ctx), Err("password-contains-context"));
        assert_eq!(check_context("Sophie.Claes-2026!", &ctx), Err("password-contains-context"));
        assert_eq!(check_context("harbour-lantern-47-quay", &ctx), Ok(()));
    }

    #[test]
    fn strength_grows_with_length_and_variety() {
        assert_eq!(strength(""), 0);
        assert_eq!(strength("aaaaaaaaaaaa"), 1);
        assert!(strength("correct horse battery staple") >= 3);
        assert!(strength("harbour-lantern-47-quay") > strength("aaaaaaaaaaaa"));
    }
}
