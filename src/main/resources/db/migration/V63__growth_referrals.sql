-- Growth: referral codes, the referrals they brought, and where users were seen (for the same-address rule).

-- A user's code in one workspace: a reward goes to the workspace whose code brought the signup.
CREATE TABLE referral_code (
    tenant_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL,
    code       text        NOT NULL,
    -- SHA-256 of the owner's canonical address (dots, +tags and case folded away): the self-referral rule
    email_hash bytea,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
CREATE UNIQUE INDEX referral_code_code_uq ON referral_code (code);

-- One row per referred person, ever: the unique keys on the referred user and on the hash of their canonical
-- address make a second signup of the same person (or a replayed event) find the first row, never a second one.
CREATE TABLE referral (
    tenant_id           uuid        NOT NULL,  -- the referrer's workspace, which the reward credits
    id                  uuid        NOT NULL,
    referrer_user_id    uuid        NOT NULL,
    referred_user_id    uuid        NOT NULL,
    referred_workspace  uuid        NOT NULL,
    referred_email_hash bytea       NOT NULL,
    referred_domain     text        NOT NULL,
    signup_ip           text,
    status              text        NOT NULL CHECK (status IN ('pending', 'rewarded', 'flagged', 'rejected')),
    rule                text,
    created_at          timestamptz NOT NULL,
    verified_at         timestamptz,
    decided_at          timestamptz,
    decided_by          uuid,
    rewarded_at         timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX referral_id_uq ON referral (id);
CREATE UNIQUE INDEX referral_referred_user_uq ON referral (referred_user_id);
CREATE UNIQUE INDEX referral_referred_email_uq ON referral (referred_email_hash);
CREATE INDEX referral_by_referrer_idx ON referral (tenant_id, referrer_user_id, rewarded_at);
CREATE INDEX referral_flagged_idx ON referral (created_at) WHERE status = 'flagged';

-- The client addresses a user was seen at (signup, fetching their referral link), for the same-address rule.
-- Per user like app_user (users are global); pruned by age.
CREATE TABLE user_sighting (
    user_id uuid        NOT NULL,
    ip      text        NOT NULL,
    seen_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, ip)
);
