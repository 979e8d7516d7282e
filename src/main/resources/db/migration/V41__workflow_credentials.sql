-- The credentials vault: secret data encrypted per workspace (privacy.FieldEncryption); no plaintext column.
CREATE TABLE credential (
    tenant_id  uuid        NOT NULL,
    id         uuid        NOT NULL,
    name       text        NOT NULL,
    type       text        NOT NULL,
    ciphertext bytea       NOT NULL,
    -- The data key that sealed the ciphertext (also inside it), to find what a data-key rotation left behind.
    key_id     uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
-- Steps name credentials; a name is unique in its workspace regardless of case.
CREATE UNIQUE INDEX credential_name ON credential (tenant_id, lower(name));
