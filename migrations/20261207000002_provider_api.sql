-- The provider's API: keys the operator makes (a name, scopes, optionally the one organization
-- they reach), stored hashed, revocable; each use in an audit log.

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    -- Comma-separated: notices:send, contacts:read, contracts:read.
    scopes TEXT NOT NULL,
    organization_id TEXT REFERENCES organizations (id),
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    last_used_at BIGINT
);

CREATE UNIQUE INDEX api_keys_hash_key ON api_keys (key_hash);

CREATE TABLE api_key_uses (
    id TEXT PRIMARY KEY,
    key_id TEXT NOT NULL REFERENCES api_keys (id),
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    organization_id TEXT,
    status INTEGER NOT NULL,
    ip TEXT,
    created_at BIGINT NOT NULL
);

CREATE INDEX api_key_uses_key_idx ON api_key_uses (key_id, created_at);
