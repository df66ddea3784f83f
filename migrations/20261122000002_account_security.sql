-- Account security: TOTP, lockout, invitations and reset links, recovery codes, the e-mail outbox.

ALTER TABLE profiles ADD COLUMN totp_secret TEXT;
-- The last TOTP time step accepted: a code is accepted once, and never an older one.
ALTER TABLE profiles ADD COLUMN totp_last_step BIGINT;
ALTER TABLE profiles ADD COLUMN failed_attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE profiles ADD COLUMN locked_until BIGINT;

-- A session before it counts as signed in keeps what the next step needs.
ALTER TABLE sessions ADD COLUMN pending_totp_secret TEXT;
-- What the owner sees and revokes a session by; never the token or its hash.
ALTER TABLE sessions ADD COLUMN public_id TEXT;

-- Single-use links: invitations (7 days) and password resets (1 hour). Only hashes are stored.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    profile_id TEXT NOT NULL REFERENCES profiles (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    purpose TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE INDEX account_tokens_profile_idx ON account_tokens (profile_id, purpose);

CREATE TABLE recovery_codes (
    id TEXT PRIMARY KEY,
    profile_id TEXT NOT NULL REFERENCES profiles (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    code_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE INDEX recovery_codes_profile_idx ON recovery_codes (profile_id);

-- Every e-mail is written here first, then delivered by the background worker.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    organization_id TEXT REFERENCES organizations (id),
    to_address TEXT NOT NULL,
    to_name TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    sent_at BIGINT,
    last_error TEXT
);

CREATE INDEX outbox_pending_idx ON outbox (sent_at, next_attempt_at);
