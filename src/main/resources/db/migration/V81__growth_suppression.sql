-- The operator's suppression list: addresses no non-transactional message may reach, on any channel, whoever sends
-- it (lifecycle mail, campaigns, SMS, WhatsApp, push). Platform-wide, not per workspace: an unsubscribe or a hard
-- bounce is about the person, not about one of their workspaces. Addresses are stored normalised (Suppressions).
CREATE TABLE growth_suppression (
    channel    text        NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp', 'push')),
    address    text        NOT NULL CHECK (length(address) BETWEEN 1 AND 512),
    reason     text        NOT NULL CHECK (reason IN ('unsubscribed', 'hard_bounce', 'complaint', 'stop', 'unregistered', 'manual')),
    created_at timestamptz NOT NULL,
    PRIMARY KEY (channel, address)
);
