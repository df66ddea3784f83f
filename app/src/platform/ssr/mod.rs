//! Server-side kernel. The database pool is private to this module: features reach data only
//! through the handles made here ([`OrgDb`] and [`AdminDb`], opened by an [`Identity`];
//! [`Pending`] for the sign-in steps; [`RecipientDb`] for a contact's e-mailed link; [`OperatorDb`]
//! for the provider's command line), or
//! through the operations this module offers for the steps before sign-in.

// Floors: a file imports only from its own floor or lower ones (a test in `lib.rs` says so).
// 0 - state, access, time, phone numbers, cookies, replies: they import nothing above them.
mod access;
pub mod cookies;
mod recipient;
mod hash_pool;
pub mod phone;
mod reply;
pub mod sealed;
mod state;
pub mod time;
// 1 - the activity log, the outbox, sign-in (sessions, credentials and lockout, TOTP), links,
//     the OpenID Provider's applications, grants, keys and back-channel logouts.
pub mod activity;
pub mod api_keys;
pub mod backchannel;
pub mod clients;
pub mod contact_links;
pub mod credentials;
pub mod grants;
pub mod links;
pub mod mail;
pub mod session;
pub mod signed_in;
pub mod signing;
pub mod totp;
// 2 - the account flows: activation, reset, e-mail change.
pub mod account;
pub mod federation;
pub use account::{activation, email_change, reset};

pub use access::{ActivityViewerDb, AdminDb, Identity, Insert, OperatorDb, OrgDb, Stmt, StmtAs, Tx};
pub use recipient::RecipientDb;
pub use activity::Activity;
pub use reply::{back_to_form, is_form_post, local_redirect, reply};
pub use session::{pending_session, Pending, PendingStage};
pub use state::{AppState, Clock, Config, Db, SystemClock};

use crate::error::AppError;
use crate::i18n::Lang;
use http::request::Parts;
use leptos::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The language a request is answered in, decided by the session middleware.
#[derive(Clone, Copy, Debug)]
pub struct RequestLang(pub Lang);

/// The client's address as the server saw it.
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal("AppState missing from context"))
}

/// The signed-in caller, or `Unauthorized`. The only way a server function gets at an
/// organization's rows: through `who.org()` or `who.admin()?`.
pub fn require_user() -> Result<Identity, AppError> {
    parts()
        .and_then(|p| p.extensions.get::<Identity>().cloned())
        .ok_or(AppError::Unauthorized)
}

/// The signed-in caller if there is one, for pages that render either way.
pub fn current_identity() -> Option<Identity> {
    parts().and_then(|p| p.extensions.get::<Identity>().cloned())
}

pub fn request_lang() -> Lang {
    parts()
        .and_then(|p| p.extensions.get::<RequestLang>().copied())
        .map(|l| l.0)
        .unwrap_or_default()
}

pub fn client_addr() -> Option<String> {
    parts().and_then(|p| p.extensions.get::<ClientAddr>().map(|a| a.0.clone()))
}

pub fn user_agent() -> Option<String> {
    parts().and_then(|p| {
        p.headers
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(300).collect())
    })
}

/// Logs the cause on the server and returns the generic error the browser may see.
pub fn internal(cause: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %cause, "internal error");
    AppError::Internal
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        internal(format!("database: {e}"))
    }
}

/// A unique-constraint violation becomes `field`'s error `message_id`; anything else is
/// internal. Use on the INSERT or UPDATE itself instead of checking first.
pub fn unique_violation(field: &str, message_id: &str) -> impl FnOnce(sqlx::Error) -> AppError {
    let (field, message_id) = (field.to_string(), message_id.to_string());
    move |e| match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => AppError::field(&field, &message_id),
        _ => AppError::from(e),
    }
}

/// 128 random bits as hex: row ids.
pub fn new_id() -> String {
    random_hex(16)
}

pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

/// SHA-256 of a secret token, as stored in the database.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
