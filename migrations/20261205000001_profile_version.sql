-- A profile's version: what an administrator saw when they opened the profile. Every change to
-- what the profile's page shows (details, contact types, groups, the account) moves it on; an
-- administrator's change carries the version it was made on, and an older one is refused as a
-- conflict instead of overwriting what someone else saved in between.
ALTER TABLE profiles ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
