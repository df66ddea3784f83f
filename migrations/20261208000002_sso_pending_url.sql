-- The provider's sign-in address of a pending sign-in: a browser without JavaScript is sent
-- there from a page of the portal (a form may not post on to another site under the portal's
-- Content-Security-Policy).
ALTER TABLE sso_pending ADD COLUMN authorize_url TEXT;
