-- Growth: partners, the workspaces they brought, their append-only commission ledger and their payouts.

-- A partner: a user in one workspace who applied; the operator approves or rejects. Rate and months are copied
-- from the settings at application, so a change of settings does not rewrite what a partner was promised.
CREATE TABLE partner (
    tenant_id         uuid        NOT NULL,  -- the applicant's workspace
    id                uuid        NOT NULL,
    user_id           uuid        NOT NULL,
    code              text        NOT NULL,
    status            text        NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    rate_bps          integer     NOT NULL CHECK (rate_bps BETWEEN 0 AND 10000),
    months            integer     NOT NULL CHECK (months > 0),
    website           text,
    connected_account text,                  -- Stripe Connect account (acct_…); null: paid by hand
    payouts_paused    boolean     NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL,
    decided_at        timestamptz,
    decided_by        uuid,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX partner_id_uq ON partner (id);
CREATE UNIQUE INDEX partner_code_uq ON partner (code);
CREATE UNIQUE INDEX partner_applicant_uq ON partner (tenant_id, user_id);

-- Clicks on a partner's link, counted per UTC day (no visitor data is kept).
CREATE TABLE partner_click (
    partner_id uuid   NOT NULL,
    day        date   NOT NULL,
    clicks     bigint NOT NULL,
    PRIMARY KEY (partner_id, day)
);

-- A workspace brought by a partner: one partner per workspace, ever (first touch).
CREATE TABLE partner_attribution (
    tenant_id     uuid        NOT NULL PRIMARY KEY,  -- the attributed (customer's) workspace
    partner_id    uuid        NOT NULL,
    source        text        NOT NULL CHECK (source IN ('link', 'code')),
    touched_at    timestamptz NOT NULL,
    attributed_at timestamptz NOT NULL
);
CREATE INDEX partner_attribution_partner_idx ON partner_attribution (partner_id, attributed_at);

-- The commission ledger, append-only: balances are sums of lines. `reference` makes every effect happen once
-- (events come at least once): earned:<payment>, clawback:<payment>:<refunded total>, payout:<payout>,
-- payout-reversed:<payout>. A line counts as payable from `payable_at` (an earned line after the hold).
CREATE TABLE commission_line (
    partner_id  uuid        NOT NULL,
    id          uuid        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('earned', 'clawback', 'payout', 'payout-reversed')),
    reference   text        NOT NULL,
    customer_id uuid,                        -- the attributed workspace (earned, clawback)
    payment_id  uuid,                        -- billing's payment (earned, clawback)
    payout_id   uuid,                        -- payout, payout-reversed
    basis       bigint      NOT NULL,        -- the money the line was computed from (paid, net after refund, payout)
    rate_bps    integer     NOT NULL,
    amount      bigint      NOT NULL,        -- signed, minor units
    currency    text        NOT NULL,
    payable_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (partner_id, id)
);
CREATE UNIQUE INDEX commission_line_reference_uq ON commission_line (reference);
CREATE INDEX commission_line_payment_idx ON commission_line (payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX commission_line_created_idx ON commission_line (partner_id, created_at);

-- A payout: pending until the transfer is confirmed (paid) or has failed every attempt (failed); `manual` ones
-- wait for the operator to pay them by hand and mark them paid.
CREATE TABLE partner_payout (
    partner_id      uuid        NOT NULL,
    id              uuid        NOT NULL,
    amount          bigint      NOT NULL CHECK (amount > 0),
    currency        text        NOT NULL,
    method          text        NOT NULL CHECK (method IN ('stripe', 'manual')),
    destination     text,
    status          text        NOT NULL CHECK (status IN ('pending', 'paid', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    transfer_id     text,
    last_error      text,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    finished_at     timestamptz,
    PRIMARY KEY (partner_id, id)
);
CREATE UNIQUE INDEX partner_payout_id_uq ON partner_payout (id);
CREATE INDEX partner_payout_due_idx ON partner_payout (next_attempt_at) WHERE status = 'pending' AND method = 'stripe';
