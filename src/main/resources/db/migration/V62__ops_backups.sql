-- Every backup this install made (docs/operations.md): where it went, how big and long, the archive's SHA-256,
-- and whether the restore into a scratch database matched its manifest. slot is the schedule's fire time: the one
-- node whose INSERT takes it runs that scheduled backup.
CREATE TABLE ops_backup (
    id              uuid        PRIMARY KEY,
    slot            timestamptz UNIQUE,
    trigger         text        NOT NULL,
    status          text        NOT NULL,
    started_at      timestamptz NOT NULL,
    finished_at     timestamptz,
    target          text        NOT NULL,
    file_name       text,
    size_bytes      bigint,
    duration_ms     bigint,
    checksum        text,
    schema_version  text,
    tables          integer,
    rows            bigint,
    verified        boolean     NOT NULL DEFAULT false,
    verify_ms       bigint,
    error           text,
    deleted_at      timestamptz
);

CREATE INDEX ops_backup_started_idx ON ops_backup (started_at DESC);
