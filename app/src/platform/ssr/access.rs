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
//! // The log's handle exists only through `Identity::activity_viewer`.
//! fn sneak(org: app::platform::ssr::OrgDb) -> app::platform::ssr::ActivityViewerDb { app::platform::ssr::ActivityViewerDb { org } }
//! ```
//! ```compile_fail
//! // A handle runs statements itself: it never hands out the pool.
//! fn sneak(org: &app::platform::ssr::OrgDb) { let _ = org.db(); }
//! ```
//! ```compile_fail
//! // The operator's handle runs its statements itself too.
//! fn sneak(op: &app::platform::ssr::OperatorDb) { let _ = op.db(); }
//! ```
//! ```compile_fail
//! // An administrators' handle exists only through `Identity::admin`.
//! fn sneak(org: app::platform::ssr::OrgDb) -> app::platform::ssr::AdminDb { app::platform::ssr::AdminDb { org } }
//! ```

use super::state::{AppState, Config, Db};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::PortalRole;
use sqlx::any::{AnyArguments, AnyQueryResult, AnyRow};
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
    /// When the browser session behind this identity was signed in (Unix time; 0 without one).
    pub(super) signed_in_at: i64,
    pub(super) roles: Vec<PortalRole>,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity").field("profile_id", &self.profile_id).field("organization_id", &self.organization_id).finish()
    }
}

impl Identity {
    /// When the person signed in to this session (Unix time): an ID token's `auth_time`.
    pub fn signed_in_at(&self) -> i64 {
        self.signed_in_at
    }

    pub fn profile_id(&self) -> &str {
        &self.profile_id
    }
    pub fn email(&self) -> &str {
        &self.email
    }
    /// The caller's own organization (what an application is told they belong to).
    pub fn organization_id(&self) -> &str {
        &self.organization_id
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

    /// The organization's log, for a caller holding View organization activity.
    pub fn activity_viewer(&self) -> Result<ActivityViewerDb, AppError> {
        if self.has(PortalRole::ViewActivity) {
            Ok(ActivityViewerDb { org: self.org() })
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// A transaction begun from a handle.
pub type Tx = sqlx::Transaction<'static, Any>;

/// A statement of a handle, its organization bound: it runs on the handle's database, or in a
/// transaction begun from a handle. The pool itself is never handed out.
#[must_use = "a statement does nothing until it runs"]
pub struct Stmt<'q> {
    pub(super) pool: AnyPool,
    pub(super) q: Query<'q, Any, AnyArguments<'q>>,
}

impl<'q> Stmt<'q> {
    pub fn bind<T: 'q + sqlx::Encode<'q, Any> + sqlx::Type<Any>>(mut self, value: T) -> Self {
        self.q = self.q.bind(value);
        self
    }

    pub async fn execute(self) -> Result<AnyQueryResult, sqlx::Error> {
        self.q.execute(&self.pool).await
    }

    pub async fn execute_in(self, tx: &mut Tx) -> Result<AnyQueryResult, sqlx::Error> {
        self.q.execute(&mut **tx).await
    }

    pub async fn fetch_all(self) -> Result<Vec<AnyRow>, sqlx::Error> {
        self.q.fetch_all(&self.pool).await
    }
}

/// A row to insert, built column by column: `.value("email", email)`.
#[must_use = "an insert does nothing until it runs"]
pub struct Insert {
    pool: AnyPool,
    table: &'static str,
    columns: Vec<&'static str>,
    args: AnyArguments<'static>,
    /// A value that could not be encoded, reported when the insert runs.
    bad: Option<String>,
    /// `ON CONFLICT (...) DO NOTHING`, when a row already there is skipped.
    skip_on: Option<&'static str>,
    /// `DO UPDATE SET …` instead of nothing, for a row already there.
    update: Option<&'static str>,
}

impl Insert {
    /// A row of `table` on `pool`: the kernel's own inserts (the handles make theirs).
    pub(super) fn into(pool: &AnyPool, table: &'static str) -> Insert {
        Insert { pool: pool.clone(), table, columns: vec![], args: AnyArguments::default(), bad: None, skip_on: None, update: None }
    }

    /// Inserts nothing when a row with the same `columns` (a unique key, e.g. `"email"`)
    /// exists; `rows_affected` then says 0.
    pub fn unless_exists(mut self, columns: &'static str) -> Self {
        self.skip_on = Some(columns);
        self
    }

    /// When a row with the same `columns` exists, changes it with `set` (`"ended_at = NULL"`)
    /// instead: one statement either way.
    pub fn or_update(mut self, columns: &'static str, set: &'static str) -> Self {
        self.skip_on = Some(columns);
        self.update = Some(set);
        self
    }

    pub fn value<T: 'static + sqlx::Encode<'static, Any> + sqlx::Type<Any>>(mut self, column: &'static str, value: T) -> Self {
        self.columns.push(column);
        if let Err(e) = sqlx::Arguments::add(&mut self.args, value) {
            self.bad.get_or_insert_with(|| format!("{}.{column}: {e}", self.table));
        }
        self
    }

    fn sql(&self) -> String {
        let values: Vec<String> = (1..=self.columns.len()).map(|i| format!("${i}")).collect();
        let then = self.update.map_or("NOTHING".to_string(), |set| format!("UPDATE SET {set}"));
        let skip = self.skip_on.map(|key| format!(" ON CONFLICT ({key}) DO {then}")).unwrap_or_default();
        format!("INSERT INTO {} ({}) VALUES ({}){skip}", self.table, self.columns.join(", "), values.join(", "))
    }

    pub async fn execute_in(self, tx: &mut Tx) -> Result<AnyQueryResult, sqlx::Error> {
        self.execute_on(tx).await
    }

    /// On a connection the kernel holds (a transaction derefs to one).
    pub(super) async fn execute_on(self, conn: &mut sqlx::AnyConnection) -> Result<AnyQueryResult, sqlx::Error> {
        if let Some(bad) = self.bad {
            return Err(sqlx::Error::Encode(bad.into()));
        }
        let sql = self.sql();
        sqlx::query_with(&sql, self.args).execute(conn).await
    }

    pub async fn execute(self) -> Result<AnyQueryResult, sqlx::Error> {
        if let Some(bad) = self.bad {
            return Err(sqlx::Error::Encode(bad.into()));
        }
        let sql = self.sql();
        sqlx::query_with(&sql, self.args).execute(&self.pool).await
    }
}

/// A statement of a handle read into `T` (see [`Stmt`]).
#[must_use = "a statement does nothing until it runs"]
pub struct StmtAs<'q, T> {
    pub(super) pool: AnyPool,
    pub(super) q: QueryAs<'q, Any, T, AnyArguments<'q>>,
}

impl<'q, T> StmtAs<'q, T>
where
    T: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
{
    pub fn bind<V: 'q + sqlx::Encode<'q, Any> + sqlx::Type<Any>>(mut self, value: V) -> Self {
        self.q = self.q.bind(value);
        self
    }

    pub async fn fetch_all(self) -> Result<Vec<T>, sqlx::Error> {
        self.q.fetch_all(&self.pool).await
    }

    pub async fn fetch_one(self) -> Result<T, sqlx::Error> {
        self.q.fetch_one(&self.pool).await
    }

    pub async fn fetch_optional(self) -> Result<Option<T>, sqlx::Error> {
        self.q.fetch_optional(&self.pool).await
    }

    pub async fn fetch_all_in(self, tx: &mut Tx) -> Result<Vec<T>, sqlx::Error> {
        self.q.fetch_all(&mut **tx).await
    }

    pub async fn fetch_one_in(self, tx: &mut Tx) -> Result<T, sqlx::Error> {
        self.q.fetch_one(&mut **tx).await
    }

    pub async fn fetch_optional_in(self, tx: &mut Tx) -> Result<Option<T>, sqlx::Error> {
        self.q.fetch_optional(&mut **tx).await
    }
}

/// What a holder of View organization activity reads: the organization's log.
#[derive(Clone)]
pub struct ActivityViewerDb {
    org: OrgDb,
}

impl std::ops::Deref for ActivityViewerDb {
    type Target = OrgDb;
    fn deref(&self) -> &OrgDb {
        &self.org
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
    pub fn query<'q>(&self, sql: &'q str) -> Stmt<'q> {
        Stmt { pool: self.db().clone(), q: sqlx::query(sql).bind(self.who.organization_id.clone()) }
    }

    /// A statement whose `$1` is the caller's organization id, read into `T`.
    pub fn query_as<'q, T>(&self, sql: &'q str) -> StmtAs<'q, T>
    where
        T: for<'r> FromRow<'r, AnyRow>,
    {
        StmtAs { pool: self.db().clone(), q: sqlx::query_as(sql).bind(self.who.organization_id.clone()) }
    }

    /// A row of `table` for the caller's organization (its `organization_id` is set), each
    /// column named next to its value.
    pub fn insert(&self, table: &'static str) -> Insert {
        Insert::into(self.db(), table).value("organization_id", self.who.organization_id.clone())
    }

    /// A transaction for statements that must all be kept or none ([`Stmt::execute_in`]).
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        self.db().begin().await
    }

    /// Where the statements run: the kernel's own, never handed to a feature.
    pub(super) fn db(&self) -> &AnyPool {
        &self.who.state.db.pool
    }

    /// The portal roles' catalogue, the same for every organization, in its order.
    pub async fn portal_role_codes(&self) -> Result<Vec<String>, sqlx::Error> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT code FROM portal_roles ORDER BY sort_order").fetch_all(self.db()).await?;
        Ok(rows.into_iter().map(|(c,)| c).collect())
    }

    /// Whether an address is already someone's, in any organization: an address signs in one
    /// person only. Tells nothing else about whose it is.
    pub async fn address_in_use(&self, email: &crate::domain::Email) -> Result<bool, sqlx::Error> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT id FROM profiles WHERE email = $1").bind(email.as_str().to_string()).fetch_optional(self.db()).await?;
        Ok(row.is_some())
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

    /// For the server's background work on the provider's behalf (the notices' reminders), on
    /// the server's own pool and clock. Only `server/` calls it (the architecture test keeps
    /// the operator's handle out of the web code).
    pub fn for_workers(state: &AppState) -> OperatorDb {
        OperatorDb { state: state.clone() }
    }

    /// For the provider's API: only a valid API key opens it (`api_keys::authenticate`).
    pub(super) fn for_api(state: AppState) -> OperatorDb {
        OperatorDb { state }
    }

    /// The kernel's own (the bench's statements), never handed to the operator's code.
    pub(super) fn db(&self) -> &AnyPool {
        &self.state.db.pool
    }

    /// A statement over every organization: nothing is bound for it.
    pub fn query<'q>(&self, sql: &'q str) -> Stmt<'q> {
        Stmt { pool: self.db().clone(), q: sqlx::query(sql) }
    }

    /// A statement over every organization, read into `T`.
    pub fn query_as<'q, T>(&self, sql: &'q str) -> StmtAs<'q, T>
    where
        T: for<'r> FromRow<'r, AnyRow>,
    {
        StmtAs { pool: self.db().clone(), q: sqlx::query_as(sql) }
    }

    /// A row of `table`, each column named next to its value.
    pub fn insert(&self, table: &'static str) -> Insert {
        Insert::into(self.db(), table)
    }

    /// A transaction for statements that must all be kept or none.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        self.db().begin().await
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
}
