-- The mail outbox: messages are inserted in the sender's transaction and delivered after commit.
-- state: 'pending' (to send by SMTP), 'sent', 'failed' (gave up), 'held' (no SMTP: kept for the dev mailbox).
CREATE TABLE mail_outbox (
    id              uuid PRIMARY KEY,
    recipient       text NOT NULL,
    subject         text NOT NULL,
    body_text       text NOT NULL,
    body_html       text,
    category        text,
    state           text NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'held')),
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    last_error      text
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE state = 'pending';
