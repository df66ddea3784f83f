-- Failed attempts and the temporary lock, per sign-in address whether or not an account has it:
-- a wrong password and an unknown address do the same write before answering, and a lock says
-- nothing about whether the address belongs to someone. Replaces profiles.failed_attempts and
-- profiles.locked_until, which are no longer read or written.
CREATE TABLE sign_in_failures (
    email TEXT PRIMARY KEY,
    failed_attempts BIGINT NOT NULL,
    locked_until BIGINT,
    updated_at BIGINT NOT NULL
);
