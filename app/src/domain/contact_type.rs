//! The contact types an organization gives its people: what each receives from the provider is
//! decided by the type (the notices' routing), who may hold it by the rules in `users`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ContactType {
    Technical,
    Commercial,
    Dpo,
    Watchlist,
    SecurityIncident,
}

impl ContactType {
    pub const ALL: [ContactType; 5] =
        [ContactType::Technical, ContactType::Commercial, ContactType::Dpo, ContactType::Watchlist, ContactType::SecurityIncident];
    /// Every organization should have one of each of these.
    pub const REQUIRED: [ContactType; 3] = [ContactType::Technical, ContactType::Commercial, ContactType::Dpo];

    pub fn code(self) -> &'static str {
        match self {
            ContactType::Technical => "technical",
            ContactType::Commercial => "commercial",
            ContactType::Dpo => "dpo",
            ContactType::Watchlist => "watchlist",
            ContactType::SecurityIncident => "security-incident-escalation",
        }
    }

    pub fn parse(code: &str) -> Option<ContactType> {
        ContactType::ALL.into_iter().find(|t| t.code() == code.trim())
    }

    /// `contact-type-technical`, …
    pub fn message_id(self) -> String {
        format!("contact-type-{}", self.code())
    }

    /// Comma-separated codes; unknown codes are an error.
    pub fn parse_list(codes: &str) -> Result<Vec<ContactType>, &'static str> {
        let mut out = vec![];
        for code in codes.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            let t = ContactType::parse(code).ok_or("error-contact-type-unknown")?;
            if !out.contains(&t) {
                out.push(t);
            }
        }
        Ok(out)
    }
}
