-- Operator controls (issue 16): a suspended workspace starts no runs and takes no API writes (identity),
-- and the daily spend guard on credits (billing).

-- identity: set by the operator's suspend, cleared by resume
ALTER TABLE workspace
    ADD COLUMN suspended_at     timestamptz,
    ADD COLUMN suspended_reason text;

-- billing: the operator's cap on credits spent per UTC day (null: the configured default, which may be off) and
-- the owner's own limit within it (null: none). The effective limit is the lower of the two.
ALTER TABLE billing_account
    ADD COLUMN daily_credit_cap   bigint CHECK (daily_credit_cap > 0),
    ADD COLUMN daily_credit_limit bigint CHECK (daily_credit_limit > 0);

-- billing: credits spent per workspace and UTC day, counted by the conditional upsert that admits a run
ALTER TABLE billing_run_day
    ADD COLUMN credits bigint NOT NULL DEFAULT 0 CHECK (credits >= 0);

-- identity: AuditTrail.recordOnce looks for an entry with the same action and target before appending one, so a
-- listener that is delivered an event twice records it once (md5: targets are unbounded text)
CREATE INDEX audit_log_action_target_idx ON audit_log (tenant_id, action, md5(coalesce(target, '')));
