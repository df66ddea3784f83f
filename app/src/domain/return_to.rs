//! Where signing in continues: a path of the portal itself (an application's sign-in that sent
//! the person to the sign-in page, for one), never another site.

use super::Invalid;

/// A path on the portal, with its query: starts with one `/`, holds no backslash, no control
/// character and no scheme or host, and is at most [`ReturnTo::MAX_LEN`] bytes long.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnTo(String);

string_newtype!(ReturnTo);

impl ReturnTo {
    pub const MAX_LEN: usize = 2048;

    pub fn parse(raw: &str) -> Result<ReturnTo, Invalid> {
        let bytes = raw.as_bytes();
        let local = bytes.first() == Some(&b'/') && !matches!(bytes.get(1), Some(b'/') | Some(b'\\'));
        if !local || raw.len() > Self::MAX_LEN || raw.contains('\\') || raw.chars().any(char::is_control) {
            return Err(Invalid("error-bad-request"));
        }
        Ok(ReturnTo(raw.to_string()))
    }

    /// The optional `next` of a form: empty means none; anything not a portal path is dropped.
    pub fn optional(raw: Option<&str>) -> Option<ReturnTo> {
        raw.filter(|r| !r.is_empty()).and_then(|r| ReturnTo::parse(r).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_the_portal_are_kept() {
        for ok in ["/oauth/authorize?client_id=a&state=b", "/profile", "/"] {
            assert_eq!(ReturnTo::parse(ok).map(String::from).as_deref(), Ok(ok));
        }
        for bad in ["", "//evil.example/x", "/\\evil.example", "https://evil.example/", "profile", "/a\nb", "/a\\b", "javascript:alert(1)"] {
            assert!(ReturnTo::parse(bad).is_err(), "{bad:?}");
        }
        assert!(ReturnTo::parse(&format!("/{}", "a".repeat(ReturnTo::MAX_LEN))).is_err());
        assert_eq!(ReturnTo::optional(Some("")), None);
        assert_eq!(ReturnTo::optional(Some("//x")), None);
        assert_eq!(ReturnTo::optional(None), None);
    }
}
