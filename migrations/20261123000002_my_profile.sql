-- My Profile: e-mail changes, the viewer's time zone, mailing lists, portal orders and the
-- organization's Customer Success Manager.

-- An e-mail change link carries the address it confirms.
ALTER TABLE account_tokens ADD COLUMN new_email TEXT;

-- IANA name, taken from the browser; times are shown in it.
ALTER TABLE profiles ADD COLUMN time_zone TEXT;

ALTER TABLE organizations ADD COLUMN csm_name TEXT;
ALTER TABLE organizations ADD COLUMN csm_email TEXT;
ALTER TABLE organizations ADD COLUMN csm_phone TEXT;

-- Activity pages by (created_at, id): the second column breaks ties of one second.
CREATE INDEX activity_subject_page_idx ON activity (subject_profile_id, created_at, id);
CREATE INDEX activity_organization_page_idx ON activity (organization_id, created_at, id);

-- The provider's mailing lists; names and descriptions live in the locales.
CREATE TABLE mailing_lists (
    code TEXT PRIMARY KEY,
    sort_order INTEGER NOT NULL
);

INSERT INTO mailing_lists (code, sort_order) VALUES
    ('service-notifications', 1), ('maintenance', 2), ('security-advisories', 3), ('newsletter', 4), ('events', 5);

-- No row: never subscribed. subscribed = 0: unsubscribed at changed_at, for good.
CREATE TABLE mailing_list_subscriptions (
    profile_id TEXT NOT NULL REFERENCES profiles (id),
    list_code TEXT NOT NULL REFERENCES mailing_lists (code),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    subscribed INTEGER NOT NULL,
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (profile_id, list_code)
);

CREATE INDEX mailing_list_subscriptions_list_idx ON mailing_list_subscriptions (list_code, subscribed);

-- Orders placed in the portal, as the provider's systems report them.
CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    external_ref TEXT NOT NULL,
    ordered_by TEXT REFERENCES profiles (id),
    ordered_by_name TEXT NOT NULL,
    customer_flow TEXT NOT NULL,
    order_type TEXT NOT NULL,
    domain TEXT NOT NULL,
    ordered_at BIGINT NOT NULL,
    resource TEXT NOT NULL,
    action TEXT NOT NULL,
    quantity BIGINT NOT NULL
);

-- Importing the same file twice adds nothing.
CREATE UNIQUE INDEX orders_external_ref_key ON orders (organization_id, external_ref);
CREATE INDEX orders_organization_page_idx ON orders (organization_id, ordered_at, id);
CREATE INDEX orders_ordered_by_page_idx ON orders (ordered_by, ordered_at, id);
