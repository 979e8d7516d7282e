-- Error tracking (docs/operations.md, "Error tracking"): unexpected errors grouped by fingerprint. Platform-wide,
-- not tenant-owned: only the operator reads it. The sample is redacted before it is written.
CREATE TABLE ops_error_groups (
    fingerprint    text        PRIMARY KEY,
    kind           text        NOT NULL CHECK (kind IN ('server', 'client')),
    error_type     text        NOT NULL,
    frames         text        NOT NULL,
    occurrences    bigint      NOT NULL,
    first_seen     timestamptz NOT NULL,
    last_seen      timestamptz NOT NULL,
    last_error_id  text        NOT NULL,
    sample_message text,
    sample_method  text,
    sample_path    text
);

-- The operator's list: last seen first, keyset-paged.
CREATE INDEX ops_error_groups_last_seen ON ops_error_groups (last_seen DESC, fingerprint DESC);
