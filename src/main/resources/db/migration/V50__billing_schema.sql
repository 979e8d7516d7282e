-- Billing: one account row per workspace (plan and cached balance), the append-only credit ledger,
-- the daily run counter, subscriptions, payments, refunds and the provider events already applied.

-- The cached balance is updated in the same transaction as every ledger insert; the CHECK is the last line
-- of defence behind the conditional debit (UPDATE ... WHERE balance >= :n).
CREATE TABLE billing_account (
    tenant_id          uuid PRIMARY KEY,
    plan               text        NOT NULL,
    balance            bigint      NOT NULL DEFAULT 0 CHECK (balance >= 0),
    granted            bigint      NOT NULL DEFAULT 0 CHECK (granted >= 0),
    used               bigint      NOT NULL DEFAULT 0 CHECK (used >= 0),
    stripe_customer_id text,
    -- where receipts and dunning mail go: the payer's address from the provider, else the signup address
    billing_email      text,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);

CREATE TABLE credit_ledger (
    tenant_id     uuid        NOT NULL,
    seq           bigint GENERATED ALWAYS AS IDENTITY,
    kind          text        NOT NULL CHECK (kind IN ('grant', 'run', 'llm_tokens', 'refund', 'adjustment', 'expiry')),
    amount        bigint      NOT NULL,
    balance_after bigint      NOT NULL CHECK (balance_after >= 0),
    -- what a clawback could not take because the balance was already spent
    shortfall     bigint      NOT NULL DEFAULT 0 CHECK (shortfall >= 0),
    reference     text        NOT NULL,
    at            timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, seq),
    UNIQUE (tenant_id, reference)
);

-- Append-only: the ledger is history, corrections are new lines.
CREATE FUNCTION credit_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'credit_ledger is append-only';
END $$;
-- (DELETE stays possible for the erasure of a whole workspace.)
CREATE TRIGGER credit_ledger_no_update BEFORE UPDATE ON credit_ledger
    FOR EACH ROW EXECUTE FUNCTION credit_ledger_append_only();

CREATE TABLE billing_run_day (
    tenant_id uuid NOT NULL,
    day       date NOT NULL,
    runs      int  NOT NULL CHECK (runs >= 0),
    PRIMARY KEY (tenant_id, day)
);

CREATE TABLE billing_subscription (
    tenant_id          uuid        NOT NULL,
    id                 uuid        NOT NULL,
    provider           text        NOT NULL CHECK (provider IN ('stripe', 'razorpay')),
    external_id        text        NOT NULL,
    plan               text        NOT NULL,
    state              text        NOT NULL CHECK (state IN ('trialing', 'active', 'past_due', 'canceled', 'expired')),
    customer_id        text,
    period_start       timestamptz,
    period_end         timestamptz,
    grace_until        timestamptz,
    -- provider time of the newest event applied; older events never move the state
    last_event_at      timestamptz NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (provider, external_id)
);
CREATE INDEX billing_subscription_grace_idx ON billing_subscription (grace_until) WHERE state = 'past_due';

CREATE TABLE billing_payment (
    tenant_id           uuid        NOT NULL,
    id                  uuid        NOT NULL,
    provider            text        NOT NULL CHECK (provider IN ('stripe', 'razorpay')),
    -- Stripe: the payment intent (or charge); Razorpay: the payment id
    external_id         text        NOT NULL,
    charge_id           text,
    invoice_id          text,
    subscription_id     uuid,
    plan                text        NOT NULL,
    amount              bigint      NOT NULL CHECK (amount >= 0),
    currency            char(3)     NOT NULL,
    credits_granted     bigint      NOT NULL DEFAULT 0,
    amount_refunded     bigint      NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0),
    credits_clawed_back bigint      NOT NULL DEFAULT 0,
    credit_shortfall    bigint      NOT NULL DEFAULT 0,
    paid_at             timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (provider, external_id),
    CHECK (amount_refunded <= amount)
);
CREATE UNIQUE INDEX billing_payment_id_idx ON billing_payment (id);
CREATE INDEX billing_payment_charge_idx ON billing_payment (provider, charge_id) WHERE charge_id IS NOT NULL;

CREATE TABLE billing_refund (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    payment_id  uuid        NOT NULL,
    provider    text        NOT NULL,
    external_id text        NOT NULL,
    amount      bigint      NOT NULL CHECK (amount > 0),
    currency    char(3)     NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (provider, external_id)
);

-- Every provider event applied, stored in the transaction that applies it: a redelivery finds its row.
CREATE TABLE billing_webhook_event (
    provider    text        NOT NULL,
    event_id    text        NOT NULL,
    type        text        NOT NULL,
    tenant_id   uuid,
    outcome     text        NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (provider, event_id)
);

-- Provider-side plan ids created on demand (Razorpay subscriptions need a plan object).
CREATE TABLE billing_provider_plan (
    provider    text NOT NULL,
    plan        text NOT NULL,
    currency    char(3) NOT NULL,
    external_id text NOT NULL,
    PRIMARY KEY (provider, plan, currency)
);

-- Receipts and dunning mail sent, one per payment or failure: the listener that sends them runs at least once.
CREATE TABLE billing_notice (
    tenant_id uuid        NOT NULL,
    reference text        NOT NULL,
    sent_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, reference)
);
