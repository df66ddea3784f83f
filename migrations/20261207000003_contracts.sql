-- Service agreements and CSP contracts: a notice with its document, approved or declined by a
-- Commercial Contact with signing authority through their link. The first decision stands.

CREATE TABLE notice_documents (
    notice_id TEXT PRIMARY KEY REFERENCES notices (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    file_name TEXT NOT NULL,
    size BIGINT NOT NULL,
    -- Hexadecimal SHA-256 of the content: what a decision is recorded against.
    sha256 TEXT NOT NULL,
    -- The PDF, base64 (a portable type on both databases; documents are 10 MB at most).
    content_base64 TEXT NOT NULL
);

-- approved or declined
ALTER TABLE notices ADD COLUMN decision TEXT;
ALTER TABLE notices ADD COLUMN decided_at BIGINT;
-- The recipient who decided, the name they typed, from where, on which document.
ALTER TABLE notices ADD COLUMN decided_by TEXT;
ALTER TABLE notices ADD COLUMN decided_name TEXT;
ALTER TABLE notices ADD COLUMN decided_ip TEXT;
ALTER TABLE notices ADD COLUMN decided_sha256 TEXT;
ALTER TABLE notices ADD COLUMN decline_reason TEXT;
