-- Foundation schema. Portable between SQLite and PostgreSQL: TEXT ids made by the application,
-- BIGINT Unix timestamps, INTEGER 0/1 flags, no engine-specific constructs.

CREATE TABLE services (
    code TEXT PRIMARY KEY,
    sort_order INTEGER NOT NULL
);

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE organization_services (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    service_code TEXT NOT NULL REFERENCES services (code),
    activated_at BIGINT NOT NULL,
    PRIMARY KEY (organization_id, service_code)
);

CREATE TABLE profiles (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    email TEXT NOT NULL,
    mfa_phone TEXT,
    salutation TEXT,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    job_title TEXT,
    department TEXT,
    contact_phone TEXT,
    avatar_style TEXT NOT NULL DEFAULT 'initials',
    portal_language TEXT NOT NULL DEFAULT 'en',
    email_language TEXT NOT NULL DEFAULT 'en',
    is_user INTEGER NOT NULL DEFAULT 0,
    is_distribution_list INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT,
    user_status TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The email is the login identifier: one profile per address across the portal.
CREATE UNIQUE INDEX profiles_email_key ON profiles (email);
CREATE INDEX profiles_organization_idx ON profiles (organization_id);

CREATE TABLE contact_types (
    code TEXT PRIMARY KEY,
    sort_order INTEGER NOT NULL
);

CREATE TABLE profile_contact_types (
    profile_id TEXT NOT NULL REFERENCES profiles (id),
    contact_type_code TEXT NOT NULL REFERENCES contact_types (code),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (profile_id, contact_type_code)
);

CREATE TABLE portal_roles (
    code TEXT PRIMARY KEY,
    sort_order INTEGER NOT NULL
);

CREATE TABLE application_roles (
    code TEXT PRIMARY KEY,
    required_service TEXT REFERENCES services (code),
    sort_order INTEGER NOT NULL
);

CREATE TABLE permission_groups (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    built_in INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE UNIQUE INDEX permission_groups_name_key ON permission_groups (organization_id, name);

CREATE TABLE permission_group_portal_roles (
    group_id TEXT NOT NULL REFERENCES permission_groups (id),
    role_code TEXT NOT NULL REFERENCES portal_roles (code),
    PRIMARY KEY (group_id, role_code)
);

CREATE TABLE permission_group_application_roles (
    group_id TEXT NOT NULL REFERENCES permission_groups (id),
    role_code TEXT NOT NULL REFERENCES application_roles (code),
    PRIMARY KEY (group_id, role_code)
);

CREATE TABLE permission_group_members (
    group_id TEXT NOT NULL REFERENCES permission_groups (id),
    profile_id TEXT NOT NULL REFERENCES profiles (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (group_id, profile_id)
);

CREATE INDEX permission_group_members_profile_idx ON permission_group_members (profile_id);

-- Server-side sessions. Only the SHA-256 of the cookie token is stored. `stage` is
-- 'authenticated' once every sign-in step is done; earlier stages do not count as signed in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    profile_id TEXT NOT NULL REFERENCES profiles (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    stage TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    ip TEXT,
    user_agent TEXT
);

CREATE INDEX sessions_profile_idx ON sessions (profile_id);

-- Append-only: the application inserts and never updates or deletes.
CREATE TABLE activity (
    id TEXT PRIMARY KEY,
    organization_id TEXT REFERENCES organizations (id),
    actor_profile_id TEXT,
    subject_profile_id TEXT,
    email TEXT NOT NULL,
    kind TEXT NOT NULL,
    ip TEXT,
    created_at BIGINT NOT NULL
);

CREATE INDEX activity_organization_idx ON activity (organization_id, created_at);
CREATE INDEX activity_subject_idx ON activity (subject_profile_id, created_at);

-- The catalogue, owned by the provider.
INSERT INTO services (code, sort_order) VALUES
    ('microsoft-365-csp', 1), ('servicedesk', 2), ('billing', 3), ('secwise-watch', 4), ('secwise-care', 5);

INSERT INTO contact_types (code, sort_order) VALUES
    ('technical', 1), ('commercial', 2), ('dpo', 3), ('watchlist', 4), ('security-incident-escalation', 5);

INSERT INTO portal_roles (code, sort_order) VALUES
    ('users-permissions', 1), ('view-activity', 2), ('view-orders', 3), ('place-orders', 4);

INSERT INTO application_roles (code, required_service, sort_order) VALUES
    ('servicenow-user', 'servicedesk', 1),
    ('billing-tool', 'billing', 2),
    ('m365-subscriptions', 'microsoft-365-csp', 3),
    ('reports', NULL, 4);
