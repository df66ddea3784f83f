//! The operator's commands for an organization's identity provider: set it, verify one of its
//! e-mail domains, show it (never the secret) and test the connection.

use app::platform::ssr::federation::Settings;
use app::platform::ssr::OperatorDb;

pub const USAGE: &str = "\
  server idp-set ORG_ID NAME ISSUER CLIENT_ID DOMAIN... [--no-passwords] [--trust-mfa] [--break-glass EMAIL]
                                        the organization's identity provider (OpenID Connect); the client
                                        secret is read from PORTAL_IDP_CLIENT_SECRET, else from stdin
                                        (empty: keep the one stored); needs PORTAL_SECRET_KEY
  server idp-verify ORG_ID DOMAIN       the domain is the organization's: its people sign in there
  server idp-show ORG_ID                the settings (never the secret) and the domains
  server idp-test ORG_ID                reads the provider's discovery document and keys";

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Runs `command` when it is one of these; `Ok(false)` when it is not.
pub async fn run(op: &OperatorDb, command: &str, rest: &[String], fail: impl Fn(app::error::AppError) -> Error) -> Result<bool, Error> {
    match command {
        "idp-set" => {
            let [org, name, issuer, client_id, more @ ..] = rest else { return Err(USAGE.into()) };
            let (mut domains, mut allow_passwords, mut trust, mut break_glass) = (vec![], true, false, None);
            let mut it = more.iter();
            while let Some(arg) = it.next() {
                match arg.as_str() {
                    "--no-passwords" => allow_passwords = false,
                    "--trust-mfa" => trust = true,
                    "--break-glass" => {
                        let email = it.next().ok_or(USAGE)?;
                        break_glass = Some(op.profile_id_of(org, email).await.map_err(&fail)?.ok_or("no user of that organization has this address")?);
                    }
                    d => domains.push(d.to_string()),
                }
            }
            let secret = match std::env::var("PORTAL_IDP_CLIENT_SECRET") {
                Ok(s) => s,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line
                }
            };
            let secret = Some(secret.trim().to_string()).filter(|s| !s.is_empty());
            let settings = Settings {
                display_name: name.clone(),
                issuer: issuer.clone(),
                client_id: client_id.clone(),
                client_secret: secret,
                domains,
                allow_passwords,
                trust_provider_mfa: trust,
                break_glass_profile_id: break_glass,
            };
            op.set_identity_provider(org, settings).await.map_err(&fail)?;
            println!("{name} set. Domains wait for `server idp-verify {org} DOMAIN` before anyone is sent there.");
        }
        "idp-verify" => {
            let [org, domain] = rest else { return Err(USAGE.into()) };
            if !op.verify_sso_domain(org, domain).await.map_err(&fail)? {
                return Err("the organization has not listed this domain".into());
            }
            println!("{domain} verified: its addresses sign in through the organization's provider.");
        }
        "idp-show" => {
            let [org] = rest else { return Err(USAGE.into()) };
            let Some(s) = op.identity_provider(org).await.map_err(&fail)? else {
                println!("no identity provider");
                return Ok(true);
            };
            println!("{}  issuer {}  client {}  secret {}", s.display_name, s.issuer, s.client_id, if s.secret_stored { "stored" } else { "missing" });
            println!("passwords {}, provider's MFA {}", if s.allow_passwords { "allowed" } else { "not allowed (but for the break-glass administrator)" }, if s.trust_provider_mfa { "trusted" } else { "not enough: the portal's code too" });
            for (d, verified) in s.domains {
                println!("  {d}  {}", if verified { "verified" } else { "waiting for verification" });
            }
        }
        "idp-test" => {
            let [org] = rest else { return Err(USAGE.into()) };
            let t = op.test_identity_provider(org).await.map_err(&fail)?;
            println!("reachable: issuer {}, {} signing key(s), sign-in at {}", t.issuer, t.keys, t.authorization_endpoint);
            println!("(a wrong client secret shows only at the first real sign-in)");
        }
        _ => return Ok(false),
    }
    Ok(true)
}
