-- The portal as the OpenID Provider of the Arxus ecosystem: the keys it signs ID tokens with and
-- the applications (clients) it signs people in to.

-- RS256 keys, PKCS#1 PEM. The newest key not retired signs; a rotation retires the ones before,
-- which stay published in the JWKS until every token they signed has expired.
CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY,
    private_pem TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    retired_at BIGINT
);

-- An application of the ecosystem: its service, and the application role a person needs (through
-- one of their permission groups) to enter it. The secret is shown once and kept as a hash.
CREATE TABLE oidc_clients (
    client_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    service_code TEXT NOT NULL REFERENCES services (code),
    application_role TEXT NOT NULL REFERENCES application_roles (code),
    secret_hash TEXT NOT NULL,
    backchannel_logout_uri TEXT,
    created_at BIGINT NOT NULL
);

-- Where an application may be sent back to: compared as exact strings.
CREATE TABLE oidc_redirect_uris (
    client_id TEXT NOT NULL REFERENCES oidc_clients (client_id) ON DELETE CASCADE,
    uri TEXT NOT NULL,
    PRIMARY KEY (client_id, uri)
);
