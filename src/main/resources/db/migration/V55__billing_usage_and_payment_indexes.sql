-- The console's usage chart sums a workspace's ledger lines per day over the last weeks, and the operator overview
-- lists the newest payments across workspaces; without these both would read whole tables.
CREATE INDEX credit_ledger_by_time ON credit_ledger (tenant_id, at);
CREATE INDEX billing_payment_by_time ON billing_payment (paid_at DESC);
