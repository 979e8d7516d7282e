-- Status page (issue 14): minute probes, their daily roll-up for the 90-day uptime bars, and the operator's incidents.
-- Platform-wide tables: nothing here belongs to a workspace.

-- One row per minute: the node whose INSERT takes the minute's key records every component's state for it.
CREATE TABLE ops_status_probe (
    minute    timestamptz PRIMARY KEY,
    states    jsonb       NOT NULL,   -- {"api": "operational", "database": "outage", …}
    node      text        NOT NULL
);

-- Probes per UTC day and component by state, kept in step with ops_status_probe in the probe's transaction so that
-- the page reads 450 rows for 90 days rather than 130,000.
CREATE TABLE ops_status_day (
    day         date    NOT NULL,
    component   text    NOT NULL,
    operational int     NOT NULL DEFAULT 0,
    degraded    int     NOT NULL DEFAULT 0,
    outage      int     NOT NULL DEFAULT 0,
    PRIMARY KEY (day, component)
);

CREATE TABLE ops_status_incident (
    id          uuid        PRIMARY KEY,
    title       text        NOT NULL,
    impact      text        NOT NULL CHECK (impact IN ('minor', 'major', 'critical')),
    status      text        NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    components  text[]      NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    resolved_at timestamptz,
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
-- The page asks for the open ones and for those resolved lately.
CREATE INDEX ops_status_incident_open ON ops_status_incident (created_at) WHERE resolved_at IS NULL;
CREATE INDEX ops_status_incident_resolved ON ops_status_incident (resolved_at) WHERE resolved_at IS NOT NULL;

CREATE TABLE ops_status_incident_update (
    id          uuid        PRIMARY KEY,
    seq         bigint      GENERATED ALWAYS AS IDENTITY,   -- the timeline's order (updates can share a millisecond)
    incident_id uuid        NOT NULL REFERENCES ops_status_incident (id) ON DELETE CASCADE,
    status      text        NOT NULL,
    message     text        NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE INDEX ops_status_incident_update_incident ON ops_status_incident_update (incident_id, seq);

-- The public status page can be switched off like any feature (on unless an operator switches it off).
INSERT INTO ops_feature_flag (key, kind, description, enabled, variants, default_variant, rollout)
VALUES ('status-page', 'boolean', 'The public status page /status and /status.json', true, '["on", "off"]', 'off',
        '[{"variant": "on", "basisPoints": 10000}]')
ON CONFLICT (key) DO NOTHING;
UPDATE ops_feature_flag_version SET version = nextval('ops_feature_flag_change');
