-- A workflow: its name, current version, whether it is on, and its webhook token (when its trigger is a webhook).
-- Deleting keeps the row (deleted_at) so that runs pinned to its versions can still read them.
CREATE TABLE workflow (
    tenant_id     uuid        NOT NULL,
    id            uuid        NOT NULL,
    name          text        NOT NULL,
    version       int         NOT NULL,
    active        boolean     NOT NULL,
    trigger_type  text        NOT NULL,
    webhook_token text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    deleted_at    timestamptz,
    PRIMARY KEY (tenant_id, id)
);

-- A webhook token identifies its workspace by itself (POST /hooks/{token}), so it is unique across tenants.
CREATE UNIQUE INDEX workflow_webhook_token_key ON workflow (webhook_token) WHERE webhook_token IS NOT NULL;

-- Every save is a new immutable version; runs pin one.
CREATE TABLE workflow_version (
    tenant_id   uuid        NOT NULL,
    workflow_id uuid        NOT NULL,
    version     int         NOT NULL,
    name        text        NOT NULL,
    definition  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  uuid,
    PRIMARY KEY (tenant_id, workflow_id, version),
    FOREIGN KEY (tenant_id, workflow_id) REFERENCES workflow (tenant_id, id)
);

-- Idempotency-Key of POST /api/v1/workflows: the same key answers the workflow the first request created.
CREATE TABLE workflow_create_key (
    tenant_id    uuid        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    workflow_id  uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, key)
);
