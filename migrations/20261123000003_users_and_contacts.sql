-- Users & Permissions: signing authority, serialized administrator changes, drafts of the
-- "+ Add Profile" steps, and paging the profiles by name.

-- A Commercial Contact must have signing authority, confirmed by an administrator.
ALTER TABLE profiles ADD COLUMN signing_authority_by TEXT;
ALTER TABLE profiles ADD COLUMN signing_authority_at BIGINT;

-- Every administrator change of an organization bumps this first: changes to one organization
-- run one after the other, so the rules checked at the end of each hold for all of them.
ALTER TABLE organizations ADD COLUMN admin_version BIGINT NOT NULL DEFAULT 0;

-- "+ Add Profile" in steps: each step is checked and kept here until "Confirm".
CREATE TABLE profile_drafts (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    created_by TEXT NOT NULL REFERENCES profiles (id),
    email TEXT NOT NULL,
    salutation TEXT,
    email_language TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    job_title TEXT,
    department TEXT,
    contact_phone TEXT,
    is_user INTEGER NOT NULL,
    is_distribution_list INTEGER NOT NULL DEFAULT 0,
    signing_authority INTEGER NOT NULL DEFAULT 0,
    -- Comma-separated codes and group ids, as chosen.
    contact_types TEXT NOT NULL DEFAULT '',
    group_ids TEXT NOT NULL DEFAULT '',
    groups_chosen INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE INDEX profile_drafts_owner_idx ON profile_drafts (organization_id, created_by);
CREATE INDEX profiles_name_page_idx ON profiles (organization_id, last_name, first_name, id);
