-- Per-workspace data keys (AES-256), each wrapped (AES-256-GCM) by a master key that never touches the database.
-- A workspace has at most one active key for new ciphertexts; older keys stay to decrypt what they sealed.
CREATE TABLE privacy_data_key (
    tenant_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    wrapped_key   bytea       NOT NULL,
    master_key_id text        NOT NULL,
    active        boolean     NOT NULL,
    created_at    timestamptz NOT NULL,
    rewrapped_at  timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX privacy_data_key_one_active ON privacy_data_key (tenant_id) WHERE active;
-- Master-key rotation looks for keys still wrapped by a retired master key.
CREATE INDEX privacy_data_key_by_master ON privacy_data_key (master_key_id);
