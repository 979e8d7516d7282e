-- Product events (analytics): what users and workspaces did, recorded from the modules' domain events and sent by
-- the console and API clients. Append-only and platform-wide: only the operator reads it, across workspaces, so the
-- columns are workspace_id / user_id, not a tenant key (a deleted workspace's events stay as history of the platform).
-- Partitioned by month on occurred_at: a month is one table, so old months can be detached or dropped whole and a
-- query over a date range reads only its months. Partitions are made by analytics_event_partition(), called ahead of
-- time at start and daily by EventPartitions, and by the writer for a month it has not seen (a backdated event).
CREATE TABLE analytics_event (
    occurred_at  timestamptz NOT NULL,
    name         text        NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]{0,63}$'),
    workspace_id uuid,
    user_id      uuid,
    source       text        NOT NULL CHECK (source IN ('server', 'client')),
    properties   jsonb       NOT NULL DEFAULT '{}'::jsonb,
    received_at  timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (occurred_at);

-- Funnels read one event name per workspace: a workspace's first step-1 event in a range (the index in workspace
-- order, grouped as it is read), then for each workspace the first event of the next step after a time (one index
-- descent each). Covering (user_id included), so the table itself is not read.
CREATE INDEX analytics_event_name_workspace_time ON analytics_event (name, workspace_id, occurred_at) INCLUDE (user_id);

-- An event from a domain event is recorded once per identity (events are delivered at least once). The key lives
-- here, outside the partitioned table, because a unique key on a partitioned table must contain occurred_at, and a
-- redelivered event may carry another time.
CREATE TABLE analytics_event_key (
    key         text        PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 300),
    recorded_at timestamptz NOT NULL
);

-- Append-only: history is never rewritten (a BEFORE UPDATE row trigger on the parent holds for every partition).
CREATE FUNCTION analytics_event_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'analytics_event is append-only';
END
$$;
CREATE TRIGGER analytics_event_append_only BEFORE UPDATE ON analytics_event
    FOR EACH ROW EXECUTE FUNCTION analytics_event_refuse_update();

-- Creates the partition holding the month of `month` (UTC) unless it exists. The advisory lock keeps two nodes from
-- racing on the same CREATE.
CREATE FUNCTION analytics_event_partition(month date) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    first_day date := date_trunc('month', month)::date;
    next_day  date := (date_trunc('month', month) + interval '1 month')::date;
    partition text := format('analytics_event_%s', to_char(first_day, 'YYYY_MM'));
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('analytics_event_partition'));
    IF to_regclass(partition) IS NULL THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF analytics_event FOR VALUES FROM (%L) TO (%L)',
                       partition, first_day::text || ' 00:00:00+00', next_day::text || ' 00:00:00+00');
    END IF;
END
$$;
