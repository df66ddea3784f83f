-- Signing in through an organization's own identity provider (OpenID Connect): its
-- configuration, the e-mail domains it covers, and the sign-ins under way (rows, not memory:
-- several servers on one database share them).

CREATE TABLE identity_providers (
    organization_id TEXT PRIMARY KEY REFERENCES organizations (id),
    -- What people see: "Cronos Azure AD".
    display_name TEXT NOT NULL,
    -- Read through its discovery document; must equal the document's `issuer`.
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    -- AES-256-GCM with the server's PORTAL_SECRET_KEY, bound to the organization; never shown.
    client_secret_sealed TEXT NOT NULL,
    -- Whether the organization's people may still sign in with a password.
    allow_passwords INTEGER NOT NULL DEFAULT 1,
    -- The administrator who keeps password and code whatever the policy (break-glass).
    break_glass_profile_id TEXT REFERENCES profiles (id),
    -- Whether the provider's MFA (`amr` holding `mfa`) is enough, or the portal's code is asked too.
    trust_provider_mfa INTEGER NOT NULL DEFAULT 0,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    updated_by TEXT
);

-- A domain belongs to one organization at most, and is used only once the provider's operator
-- has verified it.
CREATE TABLE sso_domains (
    domain TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    verified_at BIGINT,
    created_at BIGINT NOT NULL
);

CREATE INDEX sso_domains_organization_idx ON sso_domains (organization_id);

-- A sign-in sent to a provider, waiting for its return: found by its state (hashed), used once.
CREATE TABLE sso_pending (
    state_hash TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    -- The address typed on the sign-in page.
    login_hint TEXT NOT NULL,
    return_to TEXT,
    expires_at BIGINT NOT NULL
);

-- What an activity line names besides its kind: "Cronos Azure AD" in "attempted to log in via …".
ALTER TABLE activity ADD COLUMN detail TEXT;
