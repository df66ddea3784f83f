//! Who may reach which rows, as types. An [`Identity`] is made only where a session is resolved
//! (`session::resolve_identity`); only it opens an [`OrgDb`] (every statement starts with the
//! caller's organization bound as `$1`) and, when it holds the Users & Permissions role, an
//! [`AdminDb`]. The provider's command line has its own [`OperatorDb`].
//!
//! ```compile_fail
//! // A feature cannot make an identity up ...
//! let who = app::platform::ssr::Identity { profile_id: String::new() };
//! ```
//! ```compile_fail
//! // ... nor reach the pool behind the handles.
//! fn sneak(state: &app::platform::ssr::AppState) { let _ = &state.db; }
//! ```
//! ```compile_fail
//! // An administrators' handle exists only through `Identity::admin`.
//! fn sneak(org: app::platform::ssr::OrgDb) -> app::platform::ssr::AdminDb { app::platform::ssr::AdminDb { org } }
//! ```

use super::activity::{self, Activity};
use super::state::{AppState, Config, Db};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::PortalRole;
use sqlx::any::AnyArguments;
use sqlx::query::{Query, QueryAs};
use sqlx::{Any, AnyPool, FromRow};

/// The signed-in person behind a request.
#[derive(Clone)]
pub struct Identity {
    pub(super) state: AppState,
    pub(super) profile_id: String,
    pub(super) organization_id: String,
    pub(super) email: String,
    pub(super) first_name: String,
    pub(super) last_name: String,
    pub(super) portal_language: Lang,
    pub(super) avatar_style: String,
    /// The saved time zone (UTC until the browser has told it).
    pub(super) time_zone: chrono_tz::Tz,
    pub(super) session_hash: String,
    pub(super) roles: Vec<PortalRole>,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity").field("profile_id", &self.profile_id).field("organization_id", &self.organization_id).finish()
    }
}

impl Identity {
    pub fn profile_id(&self) -> &str {
        &self.profile_id
    }
    pub fn email(&self) -> &str {
        &self.email
    }
    pub fn first_name(&self) -> &str {
        &self.first_name
    }
    pub fn last_name(&self) -> &str {
        &self.last_name
    }
    pub fn portal_language(&self) -> Lang {
        self.portal_language
    }
    pub fn avatar_style(&self) -> &str {
        &self.avatar_style
    }
    pub fn has(&self, role: PortalRole) -> bool {
        self.roles.contains(&role)
    }

    /// The caller's organization's rows, and their own.
    pub fn org(&self) -> OrgDb {
        OrgDb { who: self.clone() }
    }

    /// The administrators' operations, for a caller holding Users & Permissions.
    pub fn admin(&self) -> Result<AdminDb, AppError> {
        if self.has(PortalRole::UsersPermissions) {
            Ok(AdminDb { org: self.org() })
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// The rows of the caller's organization. Every statement made here has the organization id
/// bound as `$1`; write the rest of the parameters from `$2`.
#[derive(Clone)]
pub struct OrgDb {
    who: Identity,
}

impl OrgDb {
    /// A statement whose `$1` is the caller's organization id.
    pub fn query<'q>(&self, sql: &'q str) -> Query<'q, Any, AnyArguments<'q>> {
        sqlx::query(sql).bind(self.who.organization_id.clone())
    }

    /// A statement whose `$1` is the caller's organization id, read into `T`.
    pub fn query_as<'q, T>(&self, sql: &'q str) -> QueryAs<'q, Any, T, AnyArguments<'q>>
    where
        T: for<'r> FromRow<'r, sqlx::any::AnyRow>,
    {
        sqlx::query_as(sql).bind(self.who.organization_id.clone())
    }

    /// Where the statements run.
    pub fn db(&self) -> &AnyPool {
        &self.who.state.db.pool
    }

    /// The caller.
    pub fn me(&self) -> &Identity {
        &self.who
    }

    pub fn profile_id(&self) -> &str {
        &self.who.profile_id
    }

    /// The caller's session (to keep it when ending the others).
    pub fn session_hash(&self) -> &str {
        &self.who.session_hash
    }

    pub fn state(&self) -> &AppState {
        &self.who.state
    }

    pub fn now(&self) -> i64 {
        self.who.state.now()
    }

    /// Saves the caller's portal language, and logs a change.
    pub async fn save_portal_language(&self, lang: Lang, ip: Option<&str>) -> Result<(), AppError> {
        self.query("UPDATE profiles SET portal_language = $2, updated_at = $3 WHERE organization_id = $1 AND id = $4")
            .bind(lang.code().to_string())
            .bind(self.now())
            .bind(self.profile_id().to_string())
            .execute(self.db())
            .await?;
        if lang != self.who.portal_language {
            self.record_own("language-changed", ip).await?;
        }
        Ok(())
    }

    /// Logs something the caller did to their own account.
    pub async fn record_own(&self, kind: &str, ip: Option<&str>) -> Result<(), AppError> {
        let who = &self.who;
        activity::record(&who.state, Activity::own(&who.organization_id, &who.profile_id, &who.email, kind, ip)).await
    }
}

/// The administrators' operations on the caller's organization.
#[derive(Clone)]
pub struct AdminDb {
    org: OrgDb,
}

impl std::ops::Deref for AdminDb {
    type Target = OrgDb;
    fn deref(&self) -> &OrgDb {
        &self.org
    }
}

impl AdminDb {
    /// Logs what the caller did to someone of the organization (the entry names both).
    pub async fn record_about(&self, subject_profile_id: &str, email: &str, kind: &str, ip: Option<&str>) -> Result<(), AppError> {
        let who = self.org.me();
        let line = Activity {
            organization_id: Some(&who.organization_id),
            actor_profile_id: Some(&who.profile_id),
            subject_profile_id: Some(subject_profile_id),
            email,
            kind,
            ip,
        };
        activity::record(&who.state, line).await
    }

    /// Invites a person into the caller's organization (see [`super::links::invite`]); the
    /// caller is the inviter. Returns the activation link.
    pub async fn invite(&self, person: super::links::NewPerson, ip: Option<&str>) -> Result<String, AppError> {
        let who = self.org.me();
        super::links::invite(&who.state, &who.organization_id, Some(&who.profile_id), person, ip).await
    }
}

/// The provider's command line: every organization, no identity. Made from the configuration
/// alone; the web code never opens one.
#[derive(Clone)]
pub struct OperatorDb {
    state: AppState,
}

impl OperatorDb {
    pub async fn connect(config: &Config) -> Result<OperatorDb, Box<dyn std::error::Error + Send + Sync>> {
        let db = Db::connect(&config.database_url).await?;
        Ok(OperatorDb { state: AppState::new(db, config.clone()) })
    }

    pub fn db(&self) -> &AnyPool {
        &self.state.db.pool
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub fn set_clock(&mut self, clock: std::sync::Arc<dyn super::Clock>) {
        self.state = self.state.clone().with_clock(clock);
    }

    pub fn now(&self) -> i64 {
        self.state.now()
    }

    /// Invites a person of `organization_id` (no inviter). Returns the activation link.
    pub async fn invite(&self, organization_id: &str, person: super::links::NewPerson) -> Result<String, AppError> {
        super::links::invite(&self.state, organization_id, None, person, None).await
    }

    pub async fn hash_password(&self, password: String) -> Result<String, AppError> {
        super::credentials::hash_password(&self.state, password).await
    }
}
