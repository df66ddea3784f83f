//! "Get help" on the server: the manager set by the provider, the Service Desk from the configuration.

use super::{HelpInfo, Manager, Phone};
use crate::error::AppError;
use crate::platform::ssr::{phone, reply, require_user};

/// A stored E.164 number (or the configuration's, as written there) grouped by its country's plan.
fn phone_of(number: &str) -> Phone {
    let dialled: String = number.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    Phone { shown: phone::display(&dialled), tel: format!("tel:{dialled}") }
}

pub async fn get_help() -> Result<HelpInfo, AppError> {
    reply(
        async {
            let org = require_user()?.org();
            let row: (Option<String>, Option<String>, Option<String>) = org
                .query_as("SELECT csm_name, csm_email, csm_phone FROM organizations WHERE id = $1")
                .fetch_one()
                .await?;
            let config = &org.state().config;
            Ok(HelpInfo {
                manager: match row {
                    (Some(name), Some(email), phone) => Some(Manager { name, email, phone: phone.as_deref().map(phone_of) }),
                    _ => None,
                },
                service_desk_email: config.service_desk_email.clone(),
                service_desk_phone: phone_of(&config.service_desk_phone),
                chat_url: config.support_chat_url.clone(),
            })
        }
        .await,
    )
}
