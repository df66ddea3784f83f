-- Permission groups edited by administrators: a version for edits made at the same time (the
-- second one is told, nothing is overwritten), and names unique whatever their case.

-- Bumped by every change of a group (what it grants, its name, its members). A change made on
-- an older version is refused as a conflict.
ALTER TABLE permission_groups ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE permission_groups ADD COLUMN updated_at BIGINT;

-- "Finance" and "finance" are one name within an organization.
CREATE UNIQUE INDEX permission_groups_name_ci_key ON permission_groups (organization_id, LOWER(name));

-- A group's members by name (its Users view) and the groups of a role (who holds it).
CREATE INDEX permission_group_members_group_idx ON permission_group_members (group_id, profile_id);
