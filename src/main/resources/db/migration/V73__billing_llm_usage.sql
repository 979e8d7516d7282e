-- LLM metering and the money side of the spend guard (issue 16).

-- One row per llm step attempt that reported token usage, written by billing in the transaction that records the
-- attempt. The key (run, step path, attempt number) makes the charge idempotent per attempt; cost is in millionths
-- of the price table's currency (levqor.billing.llm.prices), so the cost dashboard can add it up without floats.
CREATE TABLE billing_llm_usage (
    tenant_id         uuid        NOT NULL,
    run_id            uuid        NOT NULL,
    step_path         text        NOT NULL,
    attempt           int         NOT NULL CHECK (attempt >= 1),
    model             text        NOT NULL,
    prompt_tokens     bigint      NOT NULL CHECK (prompt_tokens >= 0),
    completion_tokens bigint      NOT NULL CHECK (completion_tokens >= 0),
    credits           bigint      NOT NULL CHECK (credits >= 0),
    cost_micros       bigint      NOT NULL CHECK (cost_micros >= 0),
    recorded_at       timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, run_id, step_path, attempt)
);
CREATE INDEX billing_llm_usage_recorded_idx ON billing_llm_usage (recorded_at);

-- The daily limit on LLM cost, like the one on credits: the operator's cap and the owner's own limit within it
-- (millionths of the price table's currency; null: none). A workspace's day starts at midnight in its time zone.
ALTER TABLE billing_account
    ADD COLUMN daily_llm_cost_cap_micros   bigint CHECK (daily_llm_cost_cap_micros > 0),
    ADD COLUMN daily_llm_cost_limit_micros bigint CHECK (daily_llm_cost_limit_micros > 0),
    ADD COLUMN time_zone                   text   NOT NULL DEFAULT 'UTC';
