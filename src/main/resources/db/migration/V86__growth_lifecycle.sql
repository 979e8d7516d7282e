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
