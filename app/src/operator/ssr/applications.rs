//! The ecosystem's applications, as the provider registers them: each an OpenID Connect client of
//! the portal, for one service, entered by people whose groups grant its application role.

use super::SERVICES;
use crate::error::AppError;
use crate::platform::ssr::{hash_token, random_hex, OperatorDb};

/// An application as registered, with its secret: printed once, kept only as a hash.
pub struct Registered {
    pub client_id: String,
    pub client_secret: String,
}

/// An address the portal may send a browser (or a logout token) to: absolute, http(s), no
/// fragment, and https unless it is this machine (a developer's or the demo's application).
fn endpoint(field: &str, uri: &str) -> Result<String, AppError> {
    let bad = || AppError::field(field, "error-uri-invalid");
    let url = url::Url::parse(uri.trim()).map_err(|_| bad())?;
    let local = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    let scheme_ok = url.scheme() == "https" || (url.scheme() == "http" && local);
    if !scheme_ok || url.fragment().is_some() || url.username() != "" || url.password().is_some() {
        return Err(bad());
    }
    Ok(uri.trim().to_string())
}

impl OperatorDb {
    /// Registers an application: its name, service, the application role it needs, the exact
    /// redirect URIs, the back-channel logout URI. The role must belong to the service.
    pub async fn register_application(&self, name: &str, service: &str, role: &str, redirect_uris: &[String], logout_uri: Option<&str>) -> Result<Registered, AppError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.contains(['\r', '\n']) {
            return Err(AppError::field("name", "error-required"));
        }
        if !SERVICES.contains(&service) {
            return Err(AppError::field("service", "error-service-unknown"));
        }
        let needs: Option<(Option<String>,)> = self.query_as("SELECT required_service FROM application_roles WHERE code = $1").bind(role.to_string()).fetch_optional().await?;
        match needs {
            Some((Some(of),)) if of == service => {}
            Some((None,)) => {}
            _ => return Err(AppError::field("role", "error-role-not-of-service")),
        }
        if redirect_uris.is_empty() {
            return Err(AppError::field("redirect_uri", "error-required"));
        }
        let uris = redirect_uris.iter().map(|u| endpoint("redirect_uri", u)).collect::<Result<Vec<_>, _>>()?;
        let logout = logout_uri.map(|u| endpoint("logout_uri", u)).transpose()?;
        let registered = Registered { client_id: random_hex(16), client_secret: random_hex(32) };
        self.store_application(&registered, name, service, role, uris, logout).await?;
        Ok(registered)
    }

    /// Registers the demo's application ("Service Desk (demo)", `scripts/run.sh`) under a fixed
    /// client id with the secret the demo application was started with, again at each start:
    /// its addresses below `base` (`/callback`, `/backchannel-logout`, `/login`).
    pub async fn register_demo_application(&self, client_id: &str, secret: &str, base: &str) -> Result<(), AppError> {
        let base = base.trim_end_matches('/');
        self.query("DELETE FROM oidc_redirect_uris WHERE client_id = $1").bind(client_id.to_string()).execute().await?;
        let uris = [endpoint("redirect_uri", &format!("{base}/callback"))?];
        let logout = Some(endpoint("logout_uri", &format!("{base}/backchannel-logout"))?);
        let registered = Registered { client_id: client_id.to_string(), client_secret: secret.to_string() };
        let kept: Option<(String,)> = self.query_as("SELECT client_id FROM oidc_clients WHERE client_id = $1").bind(client_id.to_string()).fetch_optional().await?;
        if kept.is_some() {
            self.query("UPDATE oidc_clients SET secret_hash = $1, backchannel_logout_uri = $2 WHERE client_id = $3")
                .bind(hash_token(secret))
                .bind(logout)
                .bind(client_id.to_string())
                .execute()
                .await?;
            for uri in uris {
                self.insert("oidc_redirect_uris").value("client_id", client_id.to_string()).value("uri", uri).unless_exists("client_id, uri").execute().await?;
            }
        } else {
            self.store_application(&registered, "Service Desk (demo)", "servicedesk", "servicenow-user", uris.to_vec(), logout).await?;
        }
        self.set_application_login(client_id, &format!("{base}/login")).await
    }

    async fn store_application(&self, registered: &Registered, name: &str, service: &str, role: &str, uris: Vec<String>, logout: Option<String>) -> Result<(), AppError> {
        let mut tx = self.begin().await?;
        self.insert("oidc_clients")
            .value("client_id", registered.client_id.clone())
            .value("name", name.to_string())
            .value("service_code", service.to_string())
            .value("application_role", role.to_string())
            .value("secret_hash", hash_token(&registered.client_secret))
            .value("backchannel_logout_uri", logout)
            .value("created_at", self.now())
            .execute_in(&mut tx)
            .await?;
        for uri in uris {
            self.insert("oidc_redirect_uris").value("client_id", registered.client_id.clone()).value("uri", uri).unless_exists("client_id, uri").execute_in(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Sets where My Profile's "Your applications" sends a person to start the application's
    /// sign-in (its `initiate_login_uri`).
    pub async fn set_application_login(&self, client_id: &str, uri: &str) -> Result<(), AppError> {
        let uri = endpoint("login_uri", uri)?;
        let changed = self
            .query("UPDATE oidc_clients SET initiate_login_uri = $1 WHERE client_id = $2")
            .bind(uri)
            .bind(client_id.to_string())
            .execute()
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(AppError::field("client_id", "error-not-found"));
        }
        Ok(())
    }
}
