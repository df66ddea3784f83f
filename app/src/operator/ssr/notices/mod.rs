//! The provider's notices: sent to an organization through the operator's command (and later the
//! provider's API), routed by contact type ([`send`]), reminded and escalated when nobody
//! acknowledges them ([`remind`]); the contact acknowledges through the `notices` page.

pub mod provider;
pub mod remind;
pub mod send;

pub use provider::{ContractState, NoticeState};
pub use send::{Reached, Sent};

use crate::domain::ContactType;
use crate::error::AppError;
use crate::i18n::{translate, Lang};
use crate::platform::ssr::mail::{self, Mail};
use crate::platform::ssr::{new_id, OperatorDb, Tx};

/// Someone a notice can reach: a contact of a type, or an administrator.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Contact {
    pub id: String,
    pub email: String,
    pub salutation: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub email_language: String,
    pub contact_phone: Option<String>,
}

impl Contact {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    pub fn lang(&self) -> Lang {
        Lang::parse(&self.email_language).unwrap_or_default()
    }

    /// `Name <address>`, as an e-mail header names them.
    fn mailbox(&self) -> String {
        format!("{} <{}>", self.name().replace(['<', '>', '"', ','], " "), self.email)
    }
}

const CONTACT_COLUMNS: &str = "p.id, p.email, p.salutation, p.first_name, p.last_name, p.email_language, p.contact_phone";

impl OperatorDb {
    /// The holders of a contact type in an organization (a disabled user holds none), by name;
    /// `signing` keeps those with signing authority.
    pub async fn contacts_of(&self, organization_id: &str, t: ContactType, signing: bool) -> Result<Vec<Contact>, AppError> {
        let signing = if signing { " AND p.signing_authority_at IS NOT NULL" } else { "" };
        Ok(self
            .query_as(&format!(
                "SELECT {CONTACT_COLUMNS} FROM profile_contact_types ct JOIN profiles p ON p.id = ct.profile_id \
                 WHERE ct.organization_id = $1 AND ct.contact_type_code = $2 AND (p.is_user = 0 OR p.user_status <> 'disabled'){signing} \
                 ORDER BY p.last_name, p.first_name, p.id"
            ))
            .bind(organization_id.to_string())
            .bind(t.code().to_string())
            .fetch_all()
            .await?)
    }

    /// The organization's active administrators (Users & Permissions), by name.
    pub async fn administrators_of(&self, organization_id: &str) -> Result<Vec<Contact>, AppError> {
        Ok(self
            .query_as(&format!(
                "SELECT DISTINCT {CONTACT_COLUMNS} FROM profiles p \
                 JOIN permission_group_members m ON m.profile_id = p.id \
                 JOIN permission_group_portal_roles r ON r.group_id = m.group_id \
                 WHERE p.organization_id = $1 AND p.is_user = 1 AND p.user_status = 'active' AND r.role_code = 'users-permissions' \
                 ORDER BY p.last_name, p.first_name, p.id"
            ))
            .bind(organization_id.to_string())
            .fetch_all()
            .await?)
    }

    /// The organization's name, or `None` when there is no such organization.
    pub async fn organization_name(&self, organization_id: &str) -> Result<Option<String>, AppError> {
        let row: Option<(String,)> = self.query_as("SELECT name FROM organizations WHERE id = $1").bind(organization_id.to_string()).fetch_optional().await?;
        Ok(row.map(|(n,)| n))
    }
}

/// What a notice's e-mail says, in the recipient's language.
pub(crate) struct NoticeMail<'a> {
    pub organization_id: &'a str,
    pub template: &'a str,
    pub args: Vec<(&'a str, String)>,
    pub cc: Vec<String>,
}

/// Queues one notice e-mail to `to` (inside the transaction that records the notice).
pub(crate) async fn write_mail(tx: &mut Tx, op: &OperatorDb, to: &Contact, m: NoticeMail<'_>) -> Result<(), AppError> {
    let lang = to.lang();
    let name = to.name();
    mail::write(
        &mut *tx,
        op.state(),
        Mail {
            organization_id: Some(m.organization_id),
            to_address: &to.email,
            to_name: &name,
            lang,
            template: m.template,
            args: &m.args,
            greeting: mail::greeting(lang, to.salutation.as_deref(), &to.first_name, &to.last_name),
            cc: m.cc,
        },
    )
    .await
}

/// The paragraph that asks for an acknowledgement, with the recipient's link.
pub(crate) fn acknowledge_paragraph(lang: Lang, link: &str, until: i64) -> String {
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("link", link.to_string());
    args.set("until", crate::platform::format_timestamp(lang, until));
    format!("{}\n\n", crate::i18n::translate_args(lang, "mail-notice-acknowledge", Some(&args)))
}

/// The contact types, as named in `lang` ("DPO Contact, Technical Contact").
pub(crate) fn type_names(lang: Lang, types: &[ContactType]) -> String {
    types.iter().map(|t| translate(lang, &t.message_id())).collect::<Vec<_>>().join(", ")
}

pub(crate) fn id() -> String {
    new_id()
}
