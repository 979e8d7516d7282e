-- A workflow's pinned sample data (PUT /api/v1/workflows/{id}/sample-data): what the editor's "Test step" and
-- expression preview run on. trigger is what expressions see as `trigger`, steps maps step ids to outputs.
-- listen_until/captured_at: "Listen for a test webhook call" — the next call to the workflow's webhook URL before
-- listen_until is captured as the sample trigger (captured_at set) instead of starting a run. Kept in the database,
-- not a node's memory, so a capture armed through one node catches the call that reaches another.
CREATE TABLE workflow_sample (
    tenant_id    uuid        NOT NULL,
    workflow_id  uuid        NOT NULL,
    trigger      jsonb       NOT NULL DEFAULT '{}',
    steps        jsonb       NOT NULL DEFAULT '{}',
    updated_at   timestamptz NOT NULL,
    listen_until timestamptz,
    captured_at  timestamptz,
    PRIMARY KEY (tenant_id, workflow_id),
    FOREIGN KEY (tenant_id, workflow_id) REFERENCES workflow (tenant_id, id)
);
