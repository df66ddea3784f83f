//! The salutation a person chose, stored and sent as its short code.

use serde::{Deserialize, Serialize};

use super::Invalid;

/// A salutation. Serialized as its code (`"mr"`, `"ms"`, `"mx"`, `"dr"`, `"prof"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Salutation {
    Mr,
    Ms,
    Mx,
    Dr,
    Prof,
}

impl Salutation {
    /// Every salutation, in the order a select lists them.
    pub const ALL: [Salutation; 5] = [Salutation::Mr, Salutation::Ms, Salutation::Mx, Salutation::Dr, Salutation::Prof];

    /// The code stored in the database and sent by the form.
    pub fn code(self) -> &'static str {
        match self {
            Salutation::Mr => "mr",
            Salutation::Ms => "ms",
            Salutation::Mx => "mx",
            Salutation::Dr => "dr",
            Salutation::Prof => "prof",
        }
    }

    /// The Fluent id of the salutation as shown (`salutation-mr`, …).
    pub fn message_id(self) -> &'static str {
        match self {
            Salutation::Mr => "salutation-mr",
            Salutation::Ms => "salutation-ms",
            Salutation::Mx => "salutation-mx",
            Salutation::Dr => "salutation-dr",
            Salutation::Prof => "salutation-prof",
        }
    }

    /// From a code, surrounding spaces ignored. Empty gives `error-required`, an unknown code
    /// `error-salutation-invalid`.
    pub fn parse(code: &str) -> Result<Salutation, Invalid> {
        let code = code.trim();
        if code.is_empty() {
            return Err(Invalid("error-required"));
        }
        Salutation::ALL.into_iter().find(|s| s.code() == code).ok_or(Invalid("error-salutation-invalid"))
    }

    /// As [`Salutation::parse`], but an empty choice is `Ok(None)`.
    pub fn parse_optional(code: &str) -> Result<Option<Salutation>, Invalid> {
        if code.trim().is_empty() {
            Ok(None)
        } else {
            Salutation::parse(code).map(Some)
        }
    }
}

impl std::fmt::Display for Salutation {
    /// Writes the code.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for s in Salutation::ALL {
            assert_eq!(Salutation::parse(s.code()), Ok(s));
            assert_eq!(Salutation::parse_optional(s.code()), Ok(Some(s)));
            assert_eq!(s.message_id(), format!("salutation-{}", s.code()));
            assert_eq!(s.to_string(), s.code());
        }
        assert_eq!(Salutation::parse(" prof "), Ok(Salutation::Prof));
    }

    #[test]
    fn unknown_and_empty() {
        for bad in ["mrs", "Mr.", "MR", "sir", "m r"] {
            assert_eq!(Salutation::parse(bad), Err(Invalid("error-salutation-invalid")), "{bad:?}");
        }
        assert_eq!(Salutation::parse(""), Err(Invalid("error-required")));
        assert_eq!(Salutation::parse_optional(""), Ok(None));
        assert_eq!(Salutation::parse_optional("  "), Ok(None));
        assert_eq!(Salutation::parse_optional("x"), Err(Invalid("error-salutation-invalid")));
    }
}
