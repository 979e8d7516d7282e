-- Per-minute aggregates for the SLO watchdog and anomaly detection (docs/operations.md, "SLO watchdog",
-- "Anomaly detection"). Each node counts in memory and adds its counts here every ~10 s (value = value + excluded),
-- so every node reads the same figures. Platform-wide, not tenant-owned: only the operator reads it.
CREATE TABLE ops_minute_series (
    series text        NOT NULL,
    minute timestamptz NOT NULL,
    value  bigint      NOT NULL,
    PRIMARY KEY (series, minute)
);

-- The retention sweep deletes by age across all series.
CREATE INDEX ops_minute_series_minute ON ops_minute_series (minute);
