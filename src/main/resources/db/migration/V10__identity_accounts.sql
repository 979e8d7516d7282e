-- Identity: users, workspaces (tenants), memberships, sessions and tokens, API keys, invitations, the audit log.

-- Users are global (one login across workspaces); e-mail is stored lower-cased.
CREATE TABLE app_user (
    id                  uuid PRIMARY KEY,
    email               text NOT NULL,
    name                text,
    password_hash       text NOT NULL,
    email_verified_at   timestamptz,
    referral_code       text,
    platform_operator   boolean NOT NULL DEFAULT false,
    password_changed_at timestamptz NOT NULL,
    created_at          timestamptz NOT NULL
);
CREATE UNIQUE INDEX app_user_email_uq ON app_user (email);

CREATE TABLE workspace (
    id         uuid PRIMARY KEY,
    name       text NOT NULL,
    created_by uuid REFERENCES app_user (id),
    created_at timestamptz NOT NULL
);

CREATE TABLE membership (
    tenant_id  uuid NOT NULL REFERENCES workspace (id),
    user_id    uuid NOT NULL REFERENCES app_user (id),
    role       text NOT NULL CHECK (role IN ('owner', 'admin', 'manager', 'user', 'viewer')),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX membership_by_user_idx ON membership (user_id, created_at);

-- Signing keys for access tokens: the newest active one signs; all not yet retired verify and are in the JWKS.
CREATE TABLE signing_key (
    kid          text PRIMARY KEY,
    algorithm    text NOT NULL,
    public_jwk   text NOT NULL,
    private_jwk  text NOT NULL,
    created_at   timestamptz NOT NULL,
    retired_at   timestamptz,
    verify_until timestamptz
);

-- A session is one refresh-token family: logging in starts one, refreshing rotates within it, and reuse of a
-- spent token or logout revokes it (and with it every access token that names it in its sid claim).
CREATE TABLE session (
    id         uuid PRIMARY KEY,
    tenant_id  uuid NOT NULL REFERENCES workspace (id),
    user_id    uuid NOT NULL REFERENCES app_user (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    revoked_because text
);
CREATE UNIQUE INDEX session_tenant_uq ON session (tenant_id, id);
CREATE INDEX session_by_user_idx ON session (user_id);

-- Refresh tokens are looked up by their hash alone: the token itself says which session and workspace it is for.
CREATE TABLE refresh_token (
    token_hash bytea PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES session (id),
    issued_at  timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX refresh_token_by_session_idx ON refresh_token (session_id);

CREATE TABLE api_key (
    tenant_id    uuid NOT NULL REFERENCES workspace (id),
    id           uuid NOT NULL,
    name         text NOT NULL,
    role         text NOT NULL CHECK (role IN ('owner', 'admin', 'manager', 'user', 'viewer')),
    key_hash     bytea NOT NULL,
    key_prefix   text NOT NULL,
    created_by   uuid REFERENCES app_user (id),
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX api_key_hash_uq ON api_key (key_hash);

CREATE TABLE invitation (
    tenant_id   uuid NOT NULL REFERENCES workspace (id),
    id          uuid NOT NULL,
    email       text NOT NULL,
    role        text NOT NULL CHECK (role IN ('admin', 'manager', 'user', 'viewer')),
    token_hash  bytea NOT NULL,
    invited_by  uuid REFERENCES app_user (id),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_by uuid REFERENCES app_user (id),
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX invitation_token_uq ON invitation (token_hash);

-- Single-use tokens sent by e-mail to a user: e-mail verification and password reset.
CREATE TABLE user_token (
    token_hash bytea PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES app_user (id),
    purpose    text NOT NULL CHECK (purpose IN ('verify-email', 'password-reset')),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX user_token_by_user_idx ON user_token (user_id, purpose);

-- Failed logins per account and per IP: shared by all nodes so that a lock holds wherever the next try lands.
CREATE TABLE login_throttle (
    key          text PRIMARY KEY,
    failures     int NOT NULL,
    window_start timestamptz NOT NULL,
    locked_until timestamptz
);

-- Append-only, hash-chained per workspace: hash = SHA-256(previous hash || this entry's canonical text).
CREATE TABLE audit_log (
    tenant_id  uuid NOT NULL,
    seq        bigint NOT NULL,
    at         timestamptz NOT NULL,
    actor      text NOT NULL,
    action     text NOT NULL,
    target     text,
    ip         text,
    user_agent text,
    prev_hash  bytea NOT NULL,
    hash       bytea NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);

-- The head of each workspace's chain; updating it serialises appends per workspace without advisory locks.
CREATE TABLE audit_head (
    tenant_id uuid PRIMARY KEY,
    seq       bigint NOT NULL,
    hash      bytea NOT NULL
);
