//! "Get help" on the server: the manager set by the provider, the Service Desk from the configuration.

use super::{HelpInfo, Manager};
use crate::error::AppError;
use crate::platform::ssr::{reply, require_user};

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
                    (Some(name), Some(email), phone) => Some(Manager { name, email, phone }),
                    _ => None,
                },
                service_desk_email: config.service_desk_email.clone(),
                service_desk_phone: config.service_desk_phone.clone(),
                chat_url: config.support_chat_url.clone(),
            })
        }
        .await,
    )
}
