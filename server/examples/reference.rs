//! The bench's yardstick, not part of the portal: one hand-written axum handler that does the
//! work of signed-in "My Profile" (resolve the session cookie, load the profile, its permission
//! groups and what they grant) and answers equivalent HTML built with `format!`, without Leptos.
//! `scripts/bench.sh` runs it on its own port against the portal's database and divides My
//! Profile's requests/s by its own.
//!
//! usage: PORTAL_DATABASE_URL=… PORTAL_BIND=127.0.0.1:PORT reference

use app::platform::ssr::{cookies, session, AppState, Config, Db};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;

#[derive(sqlx::FromRow)]
struct ProfileRow {
    email: String,
    mfa_phone: Option<String>,
    salutation: Option<String>,
    first_name: String,
    last_name: String,
    job_title: Option<String>,
    department: Option<String>,
    contact_phone: Option<String>,
    portal_language: String,
    email_language: String,
    organization_name: String,
}

#[derive(sqlx::FromRow)]
struct GroupRow {
    id: String,
    name: String,
    description: String,
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    group_id: String,
    role_code: String,
}

/// Text for HTML: the five characters that matter escaped.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn row(label: &str, value: Option<&str>) -> String {
    format!("<div><dt>{}</dt><dd>{}</dd></div>", label, esc(value.unwrap_or("")))
}

async fn my_profile(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = cookies::read(&headers, cookies::SESSION_COOKIE) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let who = match session::resolve_identity(&state, &token).await {
        Ok(Some(who)) => who,
        Ok(None) => return StatusCode::UNAUTHORIZED.into_response(),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let org = who.org();
    let me = org.profile_id().to_string();
    let profile = org
        .query_as::<ProfileRow>(
            "SELECT p.email, p.mfa_phone, p.salutation, p.first_name, p.last_name, p.job_title, p.department, \
                    p.contact_phone, p.portal_language, p.email_language, o.name AS organization_name \
             FROM profiles p JOIN organizations o ON o.id = p.organization_id WHERE p.organization_id = $1 AND p.id = $2",
        )
        .bind(me.clone())
        .fetch_one();
    let groups = org
        .query_as::<GroupRow>(
            "SELECT g.id, g.name, g.description FROM permission_groups g \
             JOIN permission_group_members m ON m.group_id = g.id AND m.organization_id = g.organization_id \
             WHERE g.organization_id = $1 AND m.profile_id = $2 ORDER BY g.built_in DESC, g.name",
        )
        .bind(me.clone())
        .fetch_all();
    let grants = org
        .query_as::<GrantRow>(
            "SELECT r.group_id, r.role_code FROM permission_group_portal_roles r \
             JOIN permission_group_members m ON m.group_id = r.group_id \
             WHERE m.organization_id = $1 AND m.profile_id = $2",
        )
        .bind(me)
        .fetch_all();
    let (Ok(p), Ok(groups), Ok(grants)) = (profile.await, groups.await, grants.await) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut aside = String::new();
    for g in &groups {
        let roles: String = grants
            .iter()
            .filter(|r| r.group_id == g.id)
            .map(|r| format!("<li>{} <span>Granted by {}</span></li>", esc(&r.role_code), esc(&g.name)))
            .collect();
        aside.push_str(&format!("<h3>{}</h3><p>{}</p><ul aria-label=\"What you can do\">{roles}</ul>", esc(&g.name), esc(&g.description)));
    }
    let name = format!("{} {}", p.first_name, p.last_name);
    let details = [
        row("Email", Some(&p.email)),
        row("Multifactor Authentication Number", p.mfa_phone.as_deref()),
        row("Salutation", p.salutation.as_deref()),
        row("First name", Some(&p.first_name)),
        row("Last name", Some(&p.last_name)),
        row("Job title", p.job_title.as_deref()),
        row("Department", p.department.as_deref()),
        row("Phone", p.contact_phone.as_deref()),
        row("Organization", Some(&p.organization_name)),
        row("Portal language", Some(&p.portal_language)),
        row("E-mail language", Some(&p.email_language)),
    ]
    .concat();
    Html(format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>My Profile</title><link rel=\"stylesheet\" href=\"/pkg/portal.css\"></head>\
         <body><header class=\"site-header\"><a class=\"skip-link\" href=\"#main\">Skip to main content</a>\
         <nav aria-label=\"Main navigation\"><a href=\"/profile\" aria-current=\"page\">My Profile</a></nav>\
         <button type=\"button\" aria-haspopup=\"menu\">{name}</button></header>\
         <main id=\"main\" class=\"content\"><h1>My Profile</h1>\
         <nav aria-label=\"My Profile sections\"><a href=\"/profile\" aria-current=\"page\">Profile</a>\
         <a href=\"/profile/activity\">Activity</a><a href=\"/profile/orders\">Orders</a></nav>\
         <section aria-labelledby=\"details\"><h2 id=\"details\">Personal information</h2><a href=\"/profile?edit=details\">Edit</a>\
         <dl>{details}</dl></section>\
         <aside aria-label=\"My permission groups\"><h2>My permission groups</h2>{aside}</aside></main>\
         <footer class=\"site-footer\"></footer></body></html>",
        lang = esc(&p.portal_language),
        name = esc(&name),
    ))
    .into_response()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let config = Config::from_env();
    let db = Db::connect(&config.database_url).await?;
    let state = AppState::new(db, config.clone());
    let app = Router::new().route("/profile", get(my_profile)).with_state(state);
    let listener = tokio::net::TcpListener::bind(&config.bind).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
