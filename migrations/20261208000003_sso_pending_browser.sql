-- A pending sign-in belongs to the browser that started it: the hash of a cookie set then, so
-- that a provider's answer carried to another browser (login CSRF) signs nobody in.
ALTER TABLE sso_pending ADD COLUMN browser_hash TEXT;
