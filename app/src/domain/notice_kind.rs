//! The kinds of notice the provider sends, and who receives each: decided here, from the
//! contact types, never by the sender.

use super::ContactType;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NoticeKind {
    IncidentUpdate,
    Alert,
    SecurityIncident,
    DataBreach,
    Commercial,
    ServiceAgreement,
    CspContract,
}

/// Who receives a notice of a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    /// Addressed to the holders of these types, in this order (the first are sent first).
    pub to: &'static [ContactType],
    /// Every holder of these types in copy of each e-mail.
    pub cc: &'static [ContactType],
    /// Only holders with signing authority (contracts).
    pub signing_authority: bool,
    /// Each e-mail carries a link to acknowledge it; without one in time, reminders follow.
    pub acknowledgement: bool,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 7] = [
        NoticeKind::IncidentUpdate,
        NoticeKind::Alert,
        NoticeKind::SecurityIncident,
        NoticeKind::DataBreach,
        NoticeKind::Commercial,
        NoticeKind::ServiceAgreement,
        NoticeKind::CspContract,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NoticeKind::IncidentUpdate => "incident-update",
            NoticeKind::Alert => "alert",
            NoticeKind::SecurityIncident => "security-incident",
            NoticeKind::DataBreach => "data-breach",
            NoticeKind::Commercial => "commercial",
            NoticeKind::ServiceAgreement => "service-agreement",
            NoticeKind::CspContract => "csp-contract",
        }
    }

    pub fn parse(code: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// `notice-kind-data-breach`, …
    pub fn message_id(self) -> String {
        format!("notice-kind-{}", self.code())
    }

    /// A document to approve comes with it (the contracts' own journey, not a plain notice).
    pub fn is_contract(self) -> bool {
        matches!(self, NoticeKind::ServiceAgreement | NoticeKind::CspContract)
    }

    pub fn route(self) -> Route {
        use ContactType::*;
        let plain = |to| Route { to, cc: &[], signing_authority: false, acknowledgement: false };
        match self {
            NoticeKind::IncidentUpdate | NoticeKind::Alert => Route { cc: &[Watchlist], ..plain(&[Technical]) },
            NoticeKind::SecurityIncident => Route { acknowledgement: true, ..plain(&[SecurityIncident, Technical]) },
            NoticeKind::DataBreach => Route { acknowledgement: true, ..plain(&[Dpo]) },
            NoticeKind::Commercial => plain(&[Commercial]),
            NoticeKind::ServiceAgreement | NoticeKind::CspContract => Route { signing_authority: true, ..plain(&[Commercial]) },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_reaches_the_types_the_manual_names() {
        use ContactType::*;
        let to = |k: NoticeKind| k.route().to.to_vec();
        assert_eq!(to(NoticeKind::IncidentUpdate), [Technical]);
        assert_eq!(NoticeKind::Alert.route().cc, [Watchlist], "the Watchlist in copy");
        assert_eq!(to(NoticeKind::SecurityIncident), [SecurityIncident, Technical], "escalation contacts first");
        assert_eq!(to(NoticeKind::DataBreach), [Dpo]);
        assert_eq!(to(NoticeKind::Commercial), [Commercial]);
        assert!(NoticeKind::CspContract.route().signing_authority && NoticeKind::ServiceAgreement.route().signing_authority);
        assert!(!NoticeKind::Commercial.route().signing_authority);
        let acknowledged: Vec<_> = NoticeKind::ALL.into_iter().filter(|k| k.route().acknowledgement).collect();
        assert_eq!(acknowledged, [NoticeKind::SecurityIncident, NoticeKind::DataBreach]);
        for k in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(k.code()), Some(k));
        }
        assert_eq!(NoticeKind::parse("gossip"), None);
    }
}
