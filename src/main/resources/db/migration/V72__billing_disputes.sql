-- Chargebacks (disputes) reported by a provider, one row per provider dispute id. `counted` is set once the
-- provider has taken the money back (Stripe: when the dispute is opened; Razorpay: when it is lost): only counted
-- disputes reduce what a payment is worth to commissions (docs/billing.md "Disputes").
CREATE TABLE billing_dispute (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    payment_id  uuid        NOT NULL,
    provider    text        NOT NULL,
    external_id text        NOT NULL,
    amount      bigint      NOT NULL CHECK (amount > 0),
    currency    char(3)     NOT NULL,
    status      text        NOT NULL,
    counted     boolean     NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (provider, external_id)
);
CREATE INDEX billing_dispute_payment_idx ON billing_dispute (tenant_id, payment_id);
