-- Alerts (issue 14), in Alertmanager's model. Every node reads and writes these rows, so all nodes agree on what
-- fires, what is silenced and what was sent.

-- One row per firing episode of an alert: a fingerprint fires again as a new row after it resolved (history).
CREATE TABLE ops_alert (
    id          uuid        PRIMARY KEY,
    fingerprint text        NOT NULL,   -- SHA-256 of the name and the sorted labels, hex
    name        text        NOT NULL,
    severity    text        NOT NULL CHECK (severity IN ('critical', 'warning', 'info')),
    labels      jsonb       NOT NULL,
    annotations jsonb       NOT NULL,
    state       text        NOT NULL CHECK (state IN ('firing', 'resolved')),
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz,
    updated_at  timestamptz NOT NULL
);
-- At most one firing row per fingerprint: two evaluations racing cannot open it twice.
CREATE UNIQUE INDEX ops_alert_firing ON ops_alert (fingerprint) WHERE state = 'firing';
CREATE INDEX ops_alert_history ON ops_alert (state, starts_at DESC);

-- Silences: alerts whose labels match every matcher are not notified between starts_at and ends_at.
CREATE TABLE ops_alert_silence (
    id         uuid        PRIMARY KEY,
    matchers   jsonb       NOT NULL,   -- [{"name": "alertname", "value": "BackupFailed", "regex": false}]
    starts_at  timestamptz NOT NULL,
    ends_at    timestamptz NOT NULL,
    created_by text        NOT NULL,
    comment    text        NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ops_alert_silence_ends ON ops_alert_silence (ends_at);

-- The notification log: what each channel was last told about each group. A node sends only after its conditional
-- insert or update of this row wins, so two nodes never both send the same notification.
CREATE TABLE ops_alert_notification (
    group_key    text        NOT NULL,
    channel      text        NOT NULL,
    firing       text        NOT NULL,   -- the sorted fingerprints last notified as firing; '' once resolved
    sent_at      timestamptz NOT NULL,
    PRIMARY KEY (group_key, channel)
);

-- Failed runs (from engine's RunFailed events) for the failed-run rate; pruned past the longest window.
CREATE TABLE ops_alert_run_failure (
    tenant_id   uuid        NOT NULL,
    run_id      uuid        NOT NULL,
    workflow_id uuid        NOT NULL,
    failed_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, run_id)
);
CREATE INDEX ops_alert_run_failure_time ON ops_alert_run_failure (failed_at);

-- A workspace's own channel for failures of its workflows (one per workspace). The destination (webhook URL, bot
-- token, chat id or address: secrets) is JSON sealed with the master key (privacy.PlatformEncryption).
CREATE TABLE ops_alert_subscription (
    tenant_id   uuid        PRIMARY KEY,
    type        text        NOT NULL CHECK (type IN ('slack', 'discord', 'teams', 'telegram', 'email')),
    destination bytea       NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  text        NOT NULL
);
