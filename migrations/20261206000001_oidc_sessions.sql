-- Signing in to an application through the portal, and every access change reaching it.

-- Where signing in continues once the code is accepted (an application's sign-in, say).
ALTER TABLE sessions ADD COLUMN return_to TEXT;

-- Where "Your applications" on My Profile sends a person to start an application's sign-in
-- (OpenID Connect's initiate_login_uri).
ALTER TABLE oidc_clients ADD COLUMN initiate_login_uri TEXT;

-- The portal session a code was issued in: the application's session hangs on it.
ALTER TABLE oidc_codes ADD COLUMN session_hash TEXT;

-- The application's session an access token belongs to: it dies with that session.
ALTER TABLE oidc_access_tokens ADD COLUMN sid TEXT;

-- An application's session for a person, opened when its code was exchanged and ended (with a
-- back-channel logout) when they sign out of the portal or may no longer enter the application.
-- No foreign key to the person: a deleted person's sessions must still be ended.
CREATE TABLE oidc_sessions (
    sid TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES oidc_clients (client_id) ON DELETE CASCADE,
    profile_id TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    session_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE INDEX oidc_sessions_open_idx ON oidc_sessions (organization_id, ended_at);
CREATE INDEX oidc_sessions_portal_idx ON oidc_sessions (session_hash);

-- Back-channel logout tokens to deliver, as the e-mail outbox does: claimed by one server at a
-- time, retried with back-off, kept once delivered or given up. The token is signed when sent.
CREATE TABLE oidc_logouts (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES oidc_clients (client_id) ON DELETE CASCADE,
    uri TEXT NOT NULL,
    subject TEXT NOT NULL,
    sid TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until BIGINT,
    delivered_at BIGINT,
    failed_at BIGINT,
    last_error TEXT
);
CREATE INDEX oidc_logouts_due_idx ON oidc_logouts (delivered_at, failed_at, next_attempt_at);
