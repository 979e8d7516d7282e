-- Refunds that arrive before their payment, and the payment behind a Stripe invoice on current API versions.

-- A refund event whose payment is not recorded yet (providers deliver out of order): kept here, then applied in
-- the transaction that records the payment, so either order ends in the same balance. The event id is the key:
-- a redelivery adds no second row.
CREATE TABLE billing_pending_refund (
    provider       text        NOT NULL CHECK (provider IN ('stripe', 'razorpay')),
    event_id       text        NOT NULL,
    -- Stripe: the payment intent (the charge when it has none); Razorpay: the payment id
    payment_key    text        NOT NULL,
    refund_id      text,
    refund_amount  bigint      NOT NULL DEFAULT 0 CHECK (refund_amount >= 0),
    -- the payment's refunded total as the provider reported it; null when the event does not say
    refunded_total bigint      CHECK (refunded_total >= 0),
    happened_at    timestamptz NOT NULL,
    received_at    timestamptz NOT NULL,
    PRIMARY KEY (provider, event_id)
);
CREATE INDEX billing_pending_refund_by_payment ON billing_pending_refund (provider, payment_key);

-- Stripe since API version 2025-03-31.basil: invoice.paid no longer names its payment intent or charge; the
-- invoice_payment.paid event does. The two arrive in either order, so the link is kept for invoice.paid to read.
CREATE TABLE billing_invoice_payment (
    provider       text        NOT NULL CHECK (provider IN ('stripe', 'razorpay')),
    invoice_id     text        NOT NULL,
    payment_intent text,
    charge_id      text,
    event_id       text        NOT NULL,
    received_at    timestamptz NOT NULL,
    PRIMARY KEY (provider, invoice_id),
    CHECK (payment_intent IS NOT NULL OR charge_id IS NOT NULL)
);

-- invoice_payment.paid finds the payment recorded under its invoice (before the intent was known) by invoice id.
CREATE INDEX billing_payment_invoice_idx ON billing_payment (provider, invoice_id) WHERE invoice_id IS NOT NULL;
