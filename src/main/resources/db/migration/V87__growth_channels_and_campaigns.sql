-- Growth: SMS/WhatsApp opt-ins, push devices, campaigns and their recipients, and the per-channel send windows that
-- throttle them. Platform-wide, like the suppression list (V81): a campaign is the operator's, sent to people, not to
-- one of their workspaces.

-- A person's explicit opt-in to SMS or WhatsApp: no opt-in, no message. Withdrawn by STOP (or by the person);
-- a new opt-in replaces the row. The phone number is stored normalised (Channel.normalise).
CREATE TABLE growth_phone_consent (
    user_id      uuid        NOT NULL,
    channel      text        NOT NULL CHECK (channel IN ('sms', 'whatsapp')),
    phone        text        NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    source       text        NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
    consented_at timestamptz NOT NULL,
    withdrawn_at timestamptz,
    PRIMARY KEY (user_id, channel)
);
CREATE INDEX growth_phone_consent_phone_idx ON growth_phone_consent (channel, phone);

-- A device registered for push by a signed-in user (an FCM registration token). A token belongs to one device,
-- so it is the key: registering it again under another user moves it.
CREATE TABLE growth_push_device (
    token         text        PRIMARY KEY CHECK (length(token) BETWEEN 1 AND 4096),
    user_id       uuid        NOT NULL,
    platform      text        NOT NULL CHECK (platform IN ('android', 'ios', 'web')),
    registered_at timestamptz NOT NULL
);
CREATE INDEX growth_push_device_user_idx ON growth_push_device (user_id, registered_at DESC);

CREATE TABLE growth_campaign (
    id           uuid        PRIMARY KEY,
    name         text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    channel      text        NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp', 'push')),
    audience     jsonb       NOT NULL,
    subject      text,                           -- e-mail subject or push title
    body         text        NOT NULL,               -- text (SMS, WhatsApp, push, e-mail's text part)
    html         text,                           -- e-mail's HTML part; null: made from the text
    tracking     boolean     NOT NULL DEFAULT true,
    status       text        NOT NULL CHECK (status IN ('scheduled', 'sending', 'sent', 'cancelled')),
    send_at      timestamptz NOT NULL,
    total        integer,                        -- recipients materialised at the start
    created_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    started_at   timestamptz,
    finished_at  timestamptz
);
CREATE INDEX growth_campaign_due_idx ON growth_campaign (send_at) WHERE status IN ('scheduled', 'sending');

-- One row per campaign and person, written set-based when the campaign starts. status is the send's state machine:
-- pending -> sending (claimed, committed before the provider call) -> sent | failed | suppressed; a retryable
-- failure goes back to pending; a row left in sending by a sender that died is 'unknown' (never sent again).
-- outcome is what the provider or the reader reported afterwards.
CREATE TABLE growth_campaign_recipient (
    campaign_id     uuid        NOT NULL,
    user_id         uuid        NOT NULL,
    address         text        NOT NULL,
    name            text,
    status          text        NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'suppressed', 'unknown')),
    outcome         text        CHECK (outcome IN ('delivered', 'opened', 'clicked', 'bounced', 'failed', 'unsubscribed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    claimed_by      uuid,
    claimed_at      timestamptz,
    sent_at         timestamptz,
    provider_id     text,
    error           text,
    PRIMARY KEY (campaign_id, user_id)
);
CREATE INDEX growth_campaign_recipient_pending_idx ON growth_campaign_recipient (campaign_id, user_id)
    WHERE status IN ('pending', 'sending');
CREATE INDEX growth_campaign_recipient_provider_idx ON growth_campaign_recipient (provider_id)
    WHERE provider_id IS NOT NULL;

-- The throttle's accounting: messages taken per channel per window, shared by every node.
CREATE TABLE growth_send_window (
    channel      text        NOT NULL,
    window_start timestamptz NOT NULL,
    taken        integer     NOT NULL CHECK (taken >= 0),
    PRIMARY KEY (channel, window_start)
);
