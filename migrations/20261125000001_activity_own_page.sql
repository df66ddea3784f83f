-- A person's own Activity tab filters on organization and person, then walks by time: with both
-- equalities in one index the database reads only that person's entries, newest first, however
-- long the organization's log is. It replaces the indexes on (person, time), which left the
-- organization to a filter and, with ties in time, a sort. Every statement that reads the log
-- names the organization; (organization, time) is a prefix of (organization, time, id).
CREATE INDEX activity_own_page_idx ON activity (subject_profile_id, organization_id, created_at, id);
DROP INDEX activity_subject_page_idx;
DROP INDEX activity_subject_idx;
DROP INDEX activity_organization_idx;
