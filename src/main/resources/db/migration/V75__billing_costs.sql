-- Platform costs (issue 16): the operator's daily cost limit set at runtime, and the providers' fees on payments.

-- The platform's daily cost limit as the operator set it through the admin API; one row at most. No row: the
-- configured levqor.billing.platform.daily-cost-limit applies. A row with a null limit: the operator switched the
-- limit off. Millionths of the platform currency, like billing_llm_usage.cost_micros.
CREATE TABLE billing_platform_limit (
    id                      boolean     PRIMARY KEY DEFAULT true CHECK (id),
    daily_cost_limit_micros bigint     CHECK (daily_cost_limit_micros > 0),
    updated_at              timestamptz NOT NULL,
    updated_by              text        NOT NULL
);

-- The provider's fee on a payment, in the payment's currency and minor units: taken from the provider's event
-- when it carries one (Razorpay's fee, tax included), else computed from levqor.billing.fees.<provider>.
-- fee_source says which ('provider' or 'rate'); both null for payments recorded before this migration.
ALTER TABLE billing_payment
    ADD COLUMN fee        bigint CHECK (fee >= 0),
    ADD COLUMN fee_source text   CHECK (fee_source IN ('provider', 'rate'));
CREATE INDEX billing_refund_created_at_idx ON billing_refund (created_at);
