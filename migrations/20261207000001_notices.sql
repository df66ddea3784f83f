-- The provider's notices to an organization, routed by the portal to its contacts by type, and
-- their acknowledgements (contacts never sign in: they act through e-mailed links).

-- Addresses in copy of an e-mail (`Name <address>` per line): the Watchlist contacts.
ALTER TABLE outbox ADD COLUMN cc TEXT;

CREATE TABLE notices (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    -- incident-update, alert, security-incident, data-breach, commercial, service-agreement, csp-contract
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    -- Who sent it: `operator`, or the name of the provider API key.
    sent_by TEXT NOT NULL,
    -- The contact types the organization had nobody for (comma-separated): the organization's
    -- administrators received the notice instead, with the reason.
    missing_types TEXT NOT NULL DEFAULT '',
    needs_acknowledgement INTEGER NOT NULL,
    acknowledged_at BIGINT,
    -- When the administrators and the provider were told that nobody acknowledged it in time.
    escalated_at BIGINT,
    created_at BIGINT NOT NULL
);

CREATE INDEX notices_organization_idx ON notices (organization_id, created_at);
CREATE INDEX notices_waiting_idx ON notices (needs_acknowledgement, acknowledged_at, escalated_at);

-- Each person a notice reached, and as what.
CREATE TABLE notice_recipients (
    id TEXT PRIMARY KEY,
    notice_id TEXT NOT NULL REFERENCES notices (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    -- NULL once the profile is deleted: the name and address it reached stay.
    profile_id TEXT REFERENCES profiles (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    -- The language the e-mail was written in: its link's page speaks it too.
    lang TEXT NOT NULL,
    -- The contact type it reached them as, or `administrator` (a type the organization lacks).
    reached_as TEXT NOT NULL,
    -- In copy (the Watchlist) rather than addressed.
    in_copy INTEGER NOT NULL DEFAULT 0,
    acknowledged_at BIGINT,
    acknowledged_ip TEXT,
    reminded_at BIGINT,
    created_at BIGINT NOT NULL
);

CREATE INDEX notice_recipients_notice_idx ON notice_recipients (notice_id);
CREATE INDEX notice_recipients_profile_idx ON notice_recipients (profile_id);

-- The acknowledgement links of a recipient (the first e-mail's and each reminder's): only their
-- hashes; each expires, and all of them are spent once the recipient has acknowledged.
CREATE TABLE notice_links (
    token_hash TEXT PRIMARY KEY,
    recipient_id TEXT NOT NULL REFERENCES notice_recipients (id),
    expires_at BIGINT NOT NULL
);

CREATE INDEX notice_links_recipient_idx ON notice_links (recipient_id);
