-- Error occurrences per minute and group, for the error-spike alert (docs/operations.md, "Alerts"): the groups in
-- ops_error_groups keep only a running total. Platform-wide like them; the rule prunes rows older than a day.
CREATE TABLE ops_error_minutes (
    minute       timestamptz NOT NULL,
    fingerprint  text        NOT NULL,
    kind         text        NOT NULL CHECK (kind IN ('server', 'client')),
    occurrences  bigint      NOT NULL,
    PRIMARY KEY (minute, fingerprint)
);
