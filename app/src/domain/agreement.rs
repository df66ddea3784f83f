//! Whether an organization has an approved service agreement: its tenant is provisioned only
//! then. One rule, read the same by its administrators (the Contracts tab) and the provider
//! (the command and the API).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgreementState {
    /// A signatory approved a service agreement.
    Approved,
    /// None approved yet, and one waits for a decision.
    Waiting,
    /// Every service agreement sent was declined.
    Declined,
    /// No service agreement was ever sent.
    None,
}

impl AgreementState {
    /// From the decisions on the organization's service agreements (`approved`, `declined`, or
    /// none yet), in any order: one approval is enough; a pending one outweighs a refusal.
    pub fn of<'a>(decisions: impl IntoIterator<Item = Option<&'a str>>) -> AgreementState {
        let mut state = AgreementState::None;
        for d in decisions {
            state = match (state, d) {
                (_, Some("approved")) | (AgreementState::Approved, _) => AgreementState::Approved,
                (_, None) | (AgreementState::Waiting, _) => AgreementState::Waiting,
                _ => AgreementState::Declined,
            };
        }
        state
    }

    pub fn code(self) -> &'static str {
        match self {
            AgreementState::Approved => "approved",
            AgreementState::Waiting => "waiting",
            AgreementState::Declined => "declined",
            AgreementState::None => "none",
        }
    }

    /// `agreement-state-waiting`, …
    pub fn message_id(self) -> String {
        format!("agreement-state-{}", self.code())
    }

    /// The tenant may be provisioned.
    pub fn approved(self) -> bool {
        self == AgreementState::Approved
    }
}

#[cfg(test)]
mod tests {
    use super::AgreementState::{self, *};

    #[test]
    fn one_approval_is_enough_and_a_pending_agreement_outweighs_a_refusal() {
        let of = |d: &[Option<&str>]| AgreementState::of(d.iter().copied());
        assert_eq!(of(&[]), None);
        assert_eq!(of(&[Option::None]), Waiting);
        assert_eq!(of(&[Some("declined")]), Declined);
        assert_eq!(of(&[Some("declined"), Option::None]), Waiting);
        assert_eq!(of(&[Option::None, Some("declined")]), Waiting);
        assert_eq!(of(&[Some("declined"), Some("approved"), Option::None]), Approved);
        assert_eq!(of(&[Some("approved"), Some("declined")]), Approved);
        assert!(of(&[Some("approved")]).approved());
        assert!(!of(&[Option::None]).approved());
        assert_eq!(Waiting.message_id(), "agreement-state-waiting");
    }
}
