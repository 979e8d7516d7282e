-- Which master key this database's secrets are sealed under, with proof of it: an HMAC-SHA256 of a constant under
-- that key (never the key). A node started with another LEVQOR_MASTER_KEY refuses to start instead of answering 500
-- to every call that decrypts. One row for the whole platform.
CREATE TABLE privacy_master_key_check (
    singleton     boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    master_key_id text        NOT NULL,
    check_value   bytea       NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
