-- Feature flags (issue 16). A flag serves one of its variants: the default one when it is switched off (the kill
-- switch), when the workspace's plan is not targeted, or when the workspace's bucket falls outside the rollout.
-- Boolean flags have the variants "on" and "off". Rules are read whole into each node's memory.
CREATE TABLE ops_feature_flag (
    key             text        PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind IN ('boolean', 'variant')),
    description     text        NOT NULL DEFAULT '',
    enabled         boolean     NOT NULL,
    variants        jsonb       NOT NULL,   -- ["on", "off"] or the multi-variant flag's names
    default_variant text        NOT NULL,
    rollout         jsonb       NOT NULL DEFAULT '[]',   -- [{"variant": "on", "basisPoints": 2500}], in order
    plans           jsonb       NOT NULL DEFAULT '[]',   -- plan ids the rollout is limited to; [] = every plan
    updated_at      timestamptz NOT NULL DEFAULT now(),
    updated_by      text        NOT NULL DEFAULT 'system'
);

-- A workspace pinned to a variant whatever the rollout (not whatever the kill switch).
CREATE TABLE ops_feature_flag_override (
    tenant_id uuid NOT NULL,
    flag_key  text NOT NULL REFERENCES ops_feature_flag (key) ON DELETE CASCADE,
    variant   text NOT NULL,
    PRIMARY KEY (tenant_id, flag_key)
);
CREATE INDEX ops_feature_flag_override_flag ON ops_feature_flag_override (flag_key);

-- Set from a sequence in every transaction that changes a flag; nodes compare it every second, behind LISTEN/NOTIFY.
CREATE SEQUENCE ops_feature_flag_change;
CREATE TABLE ops_feature_flag_version (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint  NOT NULL
);
INSERT INTO ops_feature_flag_version (version) VALUES (nextval('ops_feature_flag_change'));

-- Switchable features that exist today. LLM steps cost the operator money on every run: a kill switch for them.
INSERT INTO ops_feature_flag (key, kind, description, enabled, variants, default_variant, rollout)
VALUES ('llm-steps', 'boolean', 'Workflow steps of type llm may run', true, '["on", "off"]', 'off',
        '[{"variant": "on", "basisPoints": 10000}]');
