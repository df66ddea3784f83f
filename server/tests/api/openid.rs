//! The OpenID Provider's groundwork: discovery, the key set and its rotation, and registering an
//! application.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn get_json(app: &TestApp, path: &str) -> Value {
    let res = client().get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    assert_eq!(res.headers()["content-type"], "application/json", "{path}");
    res.json().await.unwrap()
}

fn kids(set: &Value) -> Vec<String> {
    set["keys"].as_array().unwrap().iter().map(|k| k["kid"].as_str().unwrap().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovery_offers_the_code_flow_with_pkce_and_rs256_only() {
    let app = spawn_app().await;
    let d = get_json(&app, "/.well-known/openid-configuration").await;
    // The issuer is the portal's public address, exactly; every endpoint lives below it.
    assert_eq!(d["issuer"], app.base.as_str());
    for (key, path) in [("authorization_endpoint", "/oauth/authorize"), ("token_endpoint", "/oauth/token"), ("userinfo_endpoint", "/oauth/userinfo"), ("jwks_uri", "/oauth/jwks")] {
        assert_eq!(d[key], format!("{}{path}", app.base), "{key}");
    }
    // The authorization code flow only: no implicit or hybrid response type, no password grant.
    assert_eq!(d["response_types_supported"], serde_json::json!(["code"]));
    assert_eq!(d["grant_types_supported"], serde_json::json!(["authorization_code"]));
    assert_eq!(d["code_challenge_methods_supported"], serde_json::json!(["S256"]));
    assert_eq!(d["id_token_signing_alg_values_supported"], serde_json::json!(["RS256"]));
    assert_eq!(d["subject_types_supported"], serde_json::json!(["public"]));
    let claims: Vec<&str> = d["claims_supported"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    for claim in ["sub", "email", "name", "locale", "auth_time", "amr"] {
        assert!(claims.contains(&claim), "{claim} in {claims:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_set_publishes_the_signing_key_public_parts_only() {
    let app = spawn_app().await;
    let set = get_json(&app, "/oauth/jwks").await;
    let keys = set["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1, "{set}");
    let key = &keys[0];
    assert_eq!((key["kty"].as_str(), key["use"].as_str()), (Some("RSA"), Some("sig")));
    assert!(key.get("alg").is_none_or(|alg| alg == "RS256"), "{key}");
    assert!(key["n"].as_str().is_some_and(|n| n.len() > 300), "a 2048-bit modulus");
    for private in ["d", "p", "q", "dp", "dq", "qi"] {
        assert!(key.get(private).is_none(), "{private} must never be published");
    }
    // Every server reads the same key from the database: asked again, the same one.
    assert_eq!(kids(&get_json(&app, "/oauth/jwks").await), kids(&set));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_key_stays_published_until_the_tokens_it_signed_have_expired() {
    let app = spawn_app().await;
    let first = kids(&get_json(&app, "/oauth/jwks").await);
    let new = app.op.rotate_signing_key().await.unwrap();
    assert!(!first.contains(&new));
    // The new key signs; the old one still checks what it signed.
    let both = kids(&get_json(&app, "/oauth/jwks").await);
    assert_eq!(both, [new.clone(), first[0].clone()], "newest first");
    let signing = app::platform::ssr::signing::current(&app.state).await.unwrap();
    assert_eq!(signing.kid, new);
    // Once the longest token's lifetime has passed, the old key leaves the set.
    app.clock.0.fetch_add(app::platform::ssr::signing::TOKEN_LIFETIME_SECS + 1, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(kids(&get_json(&app, "/oauth/jwks").await), [new]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_application_is_registered_with_its_role_and_exact_addresses_and_a_secret_shown_once() {
    let app = spawn_app().await;
    let uris = vec!["https://servicedesk.arxus.example/oidc/callback".to_string(), "http://127.0.0.1:3200/callback".to_string()];
    let logout = Some("https://servicedesk.arxus.example/oidc/logout");
    let registered = app.op.register_application("Service Desk", "servicedesk", "servicenow-user", &uris, logout).await.unwrap();
    assert_eq!(registered.client_id.len(), 32);
    assert_eq!(registered.client_secret.len(), 64, "256 bits");
    let (hash, role): (String, String) = sqlx::query_as("SELECT secret_hash, application_role FROM oidc_clients WHERE client_id = $1")
        .bind(registered.client_id.clone())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_ne!(hash, registered.client_secret, "only a hash is kept");
    assert_eq!(role, "servicenow-user");
    let stored: Vec<(String,)> = sqlx::query_as("SELECT uri FROM oidc_redirect_uris WHERE client_id = $1 ORDER BY uri").bind(registered.client_id).fetch_all(&app.pool).await.unwrap();
    assert_eq!(stored.len(), 2);

    // What cannot be registered, each on its field.
    let refused = |r: Result<app::operator::ssr::Registered, app::error::AppError>| match r {
        Err(app::error::AppError::Validation(errors)) => (errors[0].field.clone(), errors[0].message_id.clone()),
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("registered"),
    };
    let one = |u: &str| vec![u.to_string()];
    let op = &app.op;
    assert_eq!(refused(op.register_application("X", "no-such-service", "reports", &uris, None).await), ("service".into(), "error-service-unknown".into()));
    assert_eq!(refused(op.register_application("X", "billing", "servicenow-user", &uris, None).await), ("role".into(), "error-role-not-of-service".into()));
    assert_eq!(refused(op.register_application("X", "servicedesk", "servicenow-user", &[], None).await), ("redirect_uri".into(), "error-required".into()));
    for bad in ["/callback", "http://servicedesk.arxus.example/cb", "https://a.example/cb#x", "https://user:pw@a.example/cb", "javascript:alert(1)"] {
        assert_eq!(refused(op.register_application("X", "servicedesk", "servicenow-user", &one(bad), None).await), ("redirect_uri".into(), "error-uri-invalid".into()), "{bad}");
    }
    assert_eq!(
        refused(op.register_application("X", "servicedesk", "servicenow-user", &uris, Some("http://logout.example/")).await),
        ("logout_uri".into(), "error-uri-invalid".into())
    );
    assert_eq!(refused(op.register_application(" ", "servicedesk", "servicenow-user", &uris, None).await).0, "name");
}

/// The identity a browser's session stands for, as the provider's endpoints will resolve it.
async fn identity(app: &TestApp, who: (&str, &str), secret: &str) -> app::platform::ssr::Identity {
    let c = client();
    assert_eq!(app.login(&c, who).await.status(), StatusCode::OK);
    let res = app.post_fn(&c, "verify_code", &[("code", &app.code(secret))]).await;
    let cookie = res.headers()[reqwest::header::SET_COOKIE].to_str().unwrap().to_string();
    let token = cookie.split(';').next().unwrap().trim_start_matches("portal_session=").to_string();
    app::platform::ssr::session::resolve_identity(&app.state, &token).await.unwrap().expect("signed in")
}

async fn client_of(app: &TestApp, service: &str, role: &str) -> app::platform::ssr::clients::Client {
    let uris = vec!["https://app.arxus.example/callback".to_string()];
    let r = app.op.register_application("An application", service, role, &uris, None).await.unwrap();
    app::platform::ssr::clients::find(&app.state, &r.client_id).await.unwrap().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_enters_an_application_only_through_a_group_granting_its_role_and_an_active_service() {
    use app::platform::ssr::clients::Entry;
    let app = spawn_app().await;
    let billing = client_of(&app, "billing", "billing-tool").await;
    let desk = client_of(&app, "servicedesk", "servicenow-user").await;
    let sophie = identity(&app, ADMIN, secret_of(ADMIN.0)).await;
    let thomas = identity(&app, USER, secret_of(USER.0)).await;

    // Sophie's administrators group grants the Billing Tool, and Brightwave has Billing.
    let Entry::Allowed(who) = sophie.org().entry(&billing).await.unwrap() else { panic!("Sophie enters the Billing Tool") };
    assert_eq!(who.subject, sophie.profile_id(), "the subject is the person's id, never the e-mail");
    assert_ne!(who.subject, who.email);
    assert_eq!((who.email.as_str(), who.name.as_str(), who.organization_name.as_str()), (ADMIN.0, "Sophie Claes", "Brightwave Logistics NV"));
    assert_eq!(who.roles, ["billing-tool"], "only the roles of the application's service");
    // Thomas's users group grants ServiceNow only.
    assert_eq!(thomas.org().entry(&billing).await.unwrap(), Entry::Refused);
    let Entry::Allowed(him) = thomas.org().entry(&desk).await.unwrap() else { panic!("Thomas enters the Service Desk") };
    assert_eq!((him.roles.as_slice(), him.locale), (["servicenow-user".to_string()].as_slice(), app::i18n::Lang::Nl));

    // Another organization's administrator holds the role, but her organization has no Billing.
    let _ = app.second_organization().await;
    let eva = identity(&app, OTHER_ADMIN, OTHER_SECRET).await;
    assert_eq!(eva.org().entry(&billing).await.unwrap(), Entry::Refused);
    let Entry::Allowed(her) = eva.org().entry(&desk).await.unwrap() else { panic!("Eva enters the Service Desk") };
    assert_eq!(her.organization_name, "Other Company BV", "never another organization's name or roles");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_id_token_is_signed_with_the_published_key_and_carries_the_person_and_their_roles() {
    use app::platform::ssr::clients::Entry;
    use app::sso::ssr::tokens::{id_token, Issue, PortalIdToken};
    use openidconnect::{ClientId, ClientSecret, IdTokenVerifier, IssuerUrl, Nonce};
    let app = spawn_app().await;
    let desk = client_of(&app, "servicedesk", "servicenow-user").await;
    let thomas = identity(&app, USER, secret_of(USER.0)).await;
    let Entry::Allowed(who) = thomas.org().entry(&desk).await.unwrap() else { panic!("allowed") };
    let key = app::platform::ssr::signing::current(&app.state).await.unwrap();
    let now = app.state.now();
    let issue = Issue { issuer: &app.base, client_id: &desk.client_id, nonce: Some("n-0S6_WzA2Mj"), auth_time: now - 5, now, sid: Some("s1") };
    let jwt = id_token(&key, &who, &issue).unwrap();

    // Checked as a client does: the signature against the published keys, issuer, audience,
    // expiry (on the test's clock) and nonce.
    let jwks: openidconnect::core::CoreJsonWebKeySet = client().get(app.url("/oauth/jwks")).send().await.unwrap().json().await.unwrap();
    let clock = chrono::DateTime::from_timestamp(now + 60, 0).unwrap();
    let verifier = IdTokenVerifier::new_confidential_client(ClientId::new(desk.client_id.clone()), ClientSecret::new("unused".into()), IssuerUrl::new(app.base.clone()).unwrap(), jwks)
        .set_time_fn(move || clock);
    let token: PortalIdToken = jwt.parse().unwrap();
    let claims = token.claims(&verifier, &Nonce::new("n-0S6_WzA2Mj".into())).unwrap();
    assert_eq!(claims.subject().as_str(), thomas.profile_id());
    assert_eq!(claims.email().map(|e| e.as_str()), Some(USER.0));
    assert_eq!(claims.locale().map(|l| l.as_str()), Some("nl"));
    assert_eq!(claims.additional_claims().organization.name, "Brightwave Logistics NV");
    assert_eq!(claims.additional_claims().roles, ["servicenow-user"]);
    assert_eq!(claims.auth_time().map(|t| t.timestamp()), Some(now - 5));
    let amr: Vec<&str> = claims.auth_method_refs().unwrap().iter().map(|a| a.as_str()).collect();
    assert_eq!(amr, ["pwd", "otp", "mfa"]);
    // A wrong nonce, another audience, a token past its time: each refused.
    assert!(token.claims(&verifier, &Nonce::new("another".into())).is_err());
    let elsewhere = IdTokenVerifier::new_confidential_client(ClientId::new("another-app".into()), ClientSecret::new("x".into()), IssuerUrl::new(app.base.clone()).unwrap(), token_keys(&app).await)
        .set_time_fn(move || clock);
    assert!(token.claims(&elsewhere, &Nonce::new("n-0S6_WzA2Mj".into())).is_err());
    let late = chrono::DateTime::from_timestamp(now + app::platform::ssr::signing::TOKEN_LIFETIME_SECS + 120, 0).unwrap();
    let later = IdTokenVerifier::new_confidential_client(ClientId::new(desk.client_id.clone()), ClientSecret::new("x".into()), IssuerUrl::new(app.base.clone()).unwrap(), token_keys(&app).await)
        .set_time_fn(move || late);
    assert!(token.claims(&later, &Nonce::new("n-0S6_WzA2Mj".into())).is_err());
}

async fn token_keys(app: &TestApp) -> openidconnect::core::CoreJsonWebKeySet {
    client().get(app.url("/oauth/jwks")).send().await.unwrap().json().await.unwrap()
}

/// An application of the Service Desk with its secret, and a code issued to Thomas for it, as
/// the authorization endpoint will: (client, secret, code, verifier).
async fn code_for_thomas(app: &TestApp) -> (app::platform::ssr::clients::Client, String, String, String) {
    use app::platform::ssr::grants::{issue_code, CodeRequest};
    let uris = vec!["https://app.arxus.example/callback".to_string()];
    let r = app.op.register_application("Service Desk", "servicedesk", "servicenow-user", &uris, None).await.unwrap();
    let client = app::platform::ssr::clients::find(&app.state, &r.client_id).await.unwrap().unwrap();
    let thomas = identity(app, USER, secret_of(USER.0)).await;
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_string();
    // RFC 7636's example: this verifier's S256 challenge.
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    let req = CodeRequest { client_id: &client.client_id, redirect_uri: "https://app.arxus.example/callback", code_challenge: challenge, nonce: Some("n-1"), auth_time: app.state.now() };
    let code = issue_code(&thomas, &req).await.unwrap();
    (client, r.client_secret, code, verifier)
}

async fn exchange(app: &TestApp, id: &str, secret: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let res = client().post(app.url("/oauth/token")).basic_auth(id, Some(secret)).form(form).send().await.unwrap();
    let status = res.status();
    if status != StatusCode::INTERNAL_SERVER_ERROR {
        assert_eq!(res.headers()["cache-control"], "no-store");
    }
    (status, res.json().await.unwrap_or(Value::Null))
}

/// The code grant's form for the registered callback.
async fn redeem(app: &TestApp, id: &str, secret: &str, code: &str, verifier: &str) -> (StatusCode, Value) {
    let form = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", "https://app.arxus.example/callback"), ("code_verifier", verifier)];
    exchange(app, id, secret, &form).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_is_exchanged_once_with_its_verifier_by_its_application_for_tokens_and_userinfo() {
    let app = spawn_app().await;
    let (c, secret, code, verifier) = code_for_thomas(&app).await;
    // A wrong secret: invalid_client, 401.
    let (status, body) = redeem(&app, &c.client_id, "wrong", &code, &verifier).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::UNAUTHORIZED, Some("invalid_client")));
    // A verifier that is not the challenge's: invalid_grant; the code is spent all the same.
    let (status, body) = redeem(&app, &c.client_id, &secret, &code, &"x".repeat(43)).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));

    // A fresh code, exchanged properly: an ID token, a Bearer access token of minutes.
    let (c, secret, code, verifier) = code_for_thomas_again(&app, c, secret).await;
    let (status, body) = redeem(&app, &c.client_id, &secret, &code, &verifier).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!((body["token_type"].as_str(), body["expires_in"].as_i64()), (Some("Bearer"), Some(600)));
    assert!(body["id_token"].as_str().is_some_and(|t| t.split('.').count() == 3));
    let access = body["access_token"].as_str().unwrap().to_string();
    let info: Value = client().get(app.url("/oauth/userinfo")).bearer_auth(&access).send().await.unwrap().json().await.unwrap();
    assert_eq!((info["email"].as_str(), info["locale"].as_str()), (Some(USER.0), Some("nl")));
    assert_eq!(info["roles"], serde_json::json!(["servicenow-user"]));
    assert_eq!(info["organization"]["name"], "Brightwave Logistics NV");

    // The same code again: refused, and what it gave is revoked.
    let (status, body) = redeem(&app, &c.client_id, &secret, &code, &verifier).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
    let res = client().get(app.url("/oauth/userinfo")).bearer_auth(&access).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.headers()["www-authenticate"].to_str().unwrap().contains("invalid_token"));
    let res = client().get(app.url("/oauth/userinfo")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "no token at all");
}

/// Another code for Thomas and the same application.
async fn code_for_thomas_again(app: &TestApp, c: app::platform::ssr::clients::Client, secret: String) -> (app::platform::ssr::clients::Client, String, String, String) {
    use app::platform::ssr::grants::{issue_code, CodeRequest};
    app.next_step();
    let thomas = identity(app, USER, secret_of(USER.0)).await;
    let req = CodeRequest {
        client_id: &c.client_id,
        redirect_uri: "https://app.arxus.example/callback",
        code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        nonce: Some("n-2"),
        auth_time: app.state.now(),
    };
    let code = issue_code(&thomas, &req).await.unwrap();
    (c, secret, code, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_is_refused_to_another_application_late_or_for_another_address() {
    let app = spawn_app().await;
    let (c, secret, code, verifier) = code_for_thomas(&app).await;
    let uris = vec!["https://other.arxus.example/callback".to_string()];
    let other = app.op.register_application("Another", "servicedesk", "servicenow-user", &uris, None).await.unwrap();
    let form = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", "https://app.arxus.example/callback"), ("code_verifier", verifier.as_str())];
    // Another application presenting this one's code.
    let (status, body) = exchange(&app, &other.client_id, &other.client_secret, &form).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
    // Another redirect URI than the code's.
    let (c, secret, code, verifier) = code_for_thomas_again(&app, c, secret).await;
    let elsewhere = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", "https://app.arxus.example/other"), ("code_verifier", verifier.as_str())];
    let (status, body) = exchange(&app, &c.client_id, &secret, &elsewhere).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
    // Past its 60 seconds.
    let (c, secret, code, verifier) = code_for_thomas_again(&app, c, secret).await;
    app.clock.0.fetch_add(app::platform::ssr::grants::CODE_LIFETIME_SECS + 1, std::sync::atomic::Ordering::SeqCst);
    let late = [("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", "https://app.arxus.example/callback"), ("code_verifier", verifier.as_str())];
    let (status, body) = exchange(&app, &c.client_id, &secret, &late).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
    // A person disabled between the sign-in and the exchange gets nothing.
    app.clock.0.fetch_add(30, std::sync::atomic::Ordering::SeqCst);
    let (c, secret, code, verifier) = code_for_thomas_again(&app, c, secret).await;
    sqlx::query("UPDATE profiles SET user_status = 'disabled' WHERE email = $1").bind(USER.0.to_string()).execute(&app.pool).await.unwrap();
    let (status, body) = redeem(&app, &c.client_id, &secret, &code, &verifier).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
    // Another grant type (no password grant), with the form's credentials this time.
    let password = [("grant_type", "password"), ("username", USER.0), ("password", USER.1), ("client_id", c.client_id.as_str()), ("client_secret", secret.as_str())];
    let res = client().post(app.url("/oauth/token")).form(&password).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(res.json::<Value>().await.unwrap()["error"], "unsupported_grant_type");
}
