-- Extra header fields of an outgoing message (List-Unsubscribe, List-Unsubscribe-Post), stored as the header lines
-- themselves, one "Name: value" a line; NULL when there are none. mail.Message refuses CR/LF in values.
ALTER TABLE mail_outbox ADD COLUMN headers text;

-- A person's opt-outs per category of non-transactional mail (MailCategory), by normalised address: the one-click
-- unsubscribe and the preference page write it, every marketing sender reads it. No row: subscribed.
-- Platform-wide, like growth_suppression: about the person, not one of their workspaces.
CREATE TABLE growth_mail_preference (
    address    text        NOT NULL CHECK (length(address) BETWEEN 3 AND 512),
    category   text        NOT NULL CHECK (category IN ('product-updates', 'tips', 'marketing')),
    subscribed boolean     NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (address, category)
);

-- Growth's view of a person for lifecycle mail, fed by identity's and billing's events: who signed up when, their
-- personal workspace and its zone, whether they pay, and when the nudge conditions are next looked at.
-- Platform-level like the suppression list (one row per user); workspace_id is looked up by billing events.
CREATE TABLE growth_lifecycle_person (
    user_id          uuid        PRIMARY KEY,
    workspace_id     uuid        NOT NULL,
    email            text        NOT NULL,
    signed_up_at     timestamptz NOT NULL,
    time_zone        text        NOT NULL DEFAULT 'UTC',
    paying           boolean     NOT NULL DEFAULT false,
    workflow_seen_at timestamptz,
    next_check_at    timestamptz
);
CREATE INDEX growth_lifecycle_person_workspace_idx ON growth_lifecycle_person (workspace_id);
CREATE INDEX growth_lifecycle_person_check_idx ON growth_lifecycle_person (next_check_at) WHERE next_check_at IS NOT NULL;

-- One row per person and step (day-0 … day-14, nudge-…): the primary key is what makes each mail go at most once,
-- whatever the number of nodes. A row is inserted first (ON CONFLICT DO NOTHING) with its due time, then claimed
-- with FOR UPDATE SKIP LOCKED and settled in the transaction that puts the mail in the outbox.
CREATE TABLE growth_lifecycle_send (
    user_id    uuid        NOT NULL REFERENCES growth_lifecycle_person (user_id) ON DELETE CASCADE,
    step       text        NOT NULL CHECK (length(step) BETWEEN 1 AND 64),
    due_at     timestamptz NOT NULL,
    state      text        NOT NULL CHECK (state IN ('due', 'sent', 'skipped')),
    reason     text,
    mail_id    uuid,
    settled_at timestamptz,
    PRIMARY KEY (user_id, step)
);
CREATE INDEX growth_lifecycle_send_due_idx ON growth_lifecycle_send (due_at) WHERE state = 'due';

-- The operator's edits of a lifecycle template; a step without a row uses the shipped default from the classpath.
CREATE TABLE growth_lifecycle_template (
    step       text        PRIMARY KEY CHECK (length(step) BETWEEN 1 AND 64),
    subject    text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    body_html  text        NOT NULL CHECK (length(body_html) <= 100000),
    body_text  text        NOT NULL CHECK (length(body_text) <= 50000),
    enabled    boolean     NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by uuid
);

-- Support tickets: opened by a signed-in user or anyone with an e-mail address, answered by the operator by e-mail.
-- Platform-level (the operator's inbox); user_id and workspace_id are who opened it, when signed in.
CREATE TABLE growth_support_ticket (
    id           uuid        PRIMARY KEY,
    email        text        NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
    user_id      uuid,
    workspace_id uuid,
    subject      text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    state        text        NOT NULL CHECK (state IN ('open', 'closed')),
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    closed_at    timestamptz
);
CREATE INDEX growth_support_ticket_state_idx ON growth_support_ticket (state, updated_at DESC);
CREATE INDEX growth_support_ticket_email_idx ON growth_support_ticket (lower(email), created_at);

CREATE TABLE growth_support_message (
    id          uuid        PRIMARY KEY,
    ticket_id   uuid        NOT NULL REFERENCES growth_support_ticket (id) ON DELETE CASCADE,
    author      text        NOT NULL CHECK (author IN ('customer', 'operator')),
    operator_id uuid,
    body        text        NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    created_at  timestamptz NOT NULL
);
CREATE INDEX growth_support_message_ticket_idx ON growth_support_message (ticket_id, created_at);

-- Feedback from the console's widget and POST /api/v1/feedback.
CREATE TABLE growth_feedback (
    id           uuid        PRIMARY KEY,
    user_id      uuid,
    workspace_id uuid,
    rating       int         NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body         text        NOT NULL CHECK (length(body) <= 2000),
    page         text        NOT NULL CHECK (length(page) <= 500),
    created_at   timestamptz NOT NULL
);
CREATE INDEX growth_feedback_created_idx ON growth_feedback (created_at DESC);
