-- Idempotency-Key of identity's creating POSTs (workspaces, invitations, API keys): per workspace, caller (user or
-- API key) and operation, the fingerprint of the first request and the answer to repeat (an API key's answer is
-- stored without its secret). Written in the transaction that creates the resource.
CREATE TABLE identity_idempotency_key (
    tenant_id    uuid        NOT NULL,
    caller       text        NOT NULL,
    operation    text        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    response     text,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, caller, operation, key)
);
