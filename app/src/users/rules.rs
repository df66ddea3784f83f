//! The contact types and their rules, the same in the browser (which shows a forbidden choice
//! disabled, with its reason) and on the server (which refuses it with that reason).

use serde::{Deserialize, Serialize};

pub use crate::domain::ContactType;

/// What the rules look at, about a person and their organization.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// Can sign in (invited or active; a disabled user counts as a user too).
    pub is_user: bool,
    /// A distribution list: an address and a display name, no person.
    pub distribution_list: bool,
    /// One of their permission groups grants the ServiceNow application role.
    pub servicenow: bool,
    /// Signing authority confirmed on the profile.
    pub signing_authority: bool,
    /// The organization has Secwise Watch or Secwise Care active.
    pub secwise: bool,
    /// A contact phone number is on the profile (or typed in the form).
    pub phone: bool,
}

/// Why `t` cannot be given to anyone of an organization with (or without) a Secwise service: the
/// part of [`refusal`] known before anything about the person is.
pub fn organization_refusal(t: ContactType, secwise: bool) -> Option<&'static str> {
    (t == ContactType::SecurityIncident && !secwise).then_some("rule-security-service")
}

/// Why `t` cannot be given to someone with these facts (a message id), or `None` if it can.
pub fn refusal(t: ContactType, f: &Facts) -> Option<&'static str> {
    if f.distribution_list && t != ContactType::Watchlist {
        return Some("rule-distribution-list");
    }
    if let Some(why) = organization_refusal(t, f.secwise) {
        return Some(why);
    }
    match t {
        ContactType::Technical if !(f.is_user && f.servicenow) => Some("rule-technical"),
        // "Must have ServiceNow access and be reachable for critical issues."
        ContactType::Technical if !f.phone => Some("rule-technical-phone"),
        ContactType::Commercial if !f.signing_authority => Some("rule-commercial"),
        ContactType::SecurityIncident if !(f.is_user && f.servicenow) => Some("rule-security-servicenow"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_as_the_manual_states_it() {
        let user = Facts { is_user: true, servicenow: true, secwise: true, phone: true, ..Facts::default() };
        assert_eq!(refusal(ContactType::Technical, &user), None);
        assert_eq!(refusal(ContactType::Technical, &Facts { phone: false, ..user }), Some("rule-technical-phone"), "reachable");
        assert_eq!(refusal(ContactType::Technical, &Facts { phone: false, servicenow: false, ..user }), Some("rule-technical"), "the first rule first");
        assert_eq!(refusal(ContactType::SecurityIncident, &Facts { phone: false, ..user }), None, "only a Technical Contact needs the number");
        assert_eq!(refusal(ContactType::Technical, &Facts { servicenow: false, ..user }), Some("rule-technical"));
        assert_eq!(refusal(ContactType::Technical, &Facts { is_user: false, ..user }), Some("rule-technical"));
        assert_eq!(refusal(ContactType::Commercial, &user), Some("rule-commercial"));
        assert_eq!(refusal(ContactType::Commercial, &Facts { signing_authority: true, ..Facts::default() }), None);
        assert_eq!(refusal(ContactType::Dpo, &Facts::default()), None, "any person");
        assert_eq!(refusal(ContactType::Watchlist, &Facts { distribution_list: true, ..Facts::default() }), None);
        assert_eq!(refusal(ContactType::Dpo, &Facts { distribution_list: true, ..Facts::default() }), Some("rule-distribution-list"));
        assert_eq!(refusal(ContactType::SecurityIncident, &user), None);
        assert_eq!(refusal(ContactType::SecurityIncident, &Facts { secwise: false, ..user }), Some("rule-security-service"));
        assert_eq!(refusal(ContactType::SecurityIncident, &Facts { servicenow: false, ..user }), Some("rule-security-servicenow"));
        assert_eq!(organization_refusal(ContactType::SecurityIncident, false), Some("rule-security-service"));
        assert_eq!(organization_refusal(ContactType::SecurityIncident, true), None);
        assert!(ContactType::ALL.into_iter().filter(|t| *t != ContactType::SecurityIncident).all(|t| organization_refusal(t, false).is_none()));
    }

    #[test]
    fn lists_parse_once_each_and_refuse_unknown_codes() {
        assert_eq!(ContactType::parse_list(" dpo,technical,dpo ,"), Ok(vec![ContactType::Dpo, ContactType::Technical]));
        assert_eq!(ContactType::parse_list("dpo,ceo"), Err("error-contact-type-unknown"));
        assert_eq!(ContactType::parse_list(""), Ok(vec![]));
    }
}
