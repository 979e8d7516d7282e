-- LLM metering (issue 16): a workspace's LLM cost since its midnight is summed on every admission while an LLM-cost
-- limit applies, and the usage page reads per day and per run over a time span: both by workspace and time.
CREATE INDEX billing_llm_usage_tenant_time_idx ON billing_llm_usage (tenant_id, recorded_at);
