-- The engine: runs and their step attempts (history), the job queue (only what is due or running),
-- fairness slots per workspace, per-workflow concurrency counters and cron schedules.

CREATE TABLE run (
    tenant_id        uuid        NOT NULL,
    id               uuid        NOT NULL,
    workflow_id      uuid        NOT NULL,
    version          int         NOT NULL,
    status           text        NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'refused')),
    trigger_type     text        NOT NULL,
    trigger          jsonb       NOT NULL,
    step_index       int         NOT NULL DEFAULT 0,
    outputs          jsonb       NOT NULL DEFAULT '{}',
    output           jsonb,
    error            text,
    idempotency_key  text,
    fire_time        timestamptz,
    priority         bigint      NOT NULL DEFAULT 0,
    holds_slot       boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz,
    PRIMARY KEY (tenant_id, id)
);

-- Lists are newest first by id (UUIDv7, so time-ordered); one index per filter the API offers.
CREATE INDEX run_by_workflow ON run (tenant_id, workflow_id, id DESC);
CREATE INDEX run_by_status ON run (tenant_id, status, id DESC);
CREATE UNIQUE INDEX run_idempotency ON run (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- A schedule's fire happens once however many nodes race for it (the schedule id is the workflow id).
CREATE UNIQUE INDEX run_schedule_fire ON run (tenant_id, workflow_id, fire_time) WHERE fire_time IS NOT NULL;
-- Pruning by age scans by creation time; rows arrive in time order, so a BRIN index is tiny and enough.
CREATE INDEX run_created_brin ON run USING brin (created_at);

CREATE TABLE step_attempt (
    tenant_id    uuid        NOT NULL,
    run_id       uuid        NOT NULL,
    seq          bigint      GENERATED ALWAYS AS IDENTITY,
    step_index   int         NOT NULL,
    step_id      text        NOT NULL,
    step_type    text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('succeeded', 'failed', 'skipped')),
    input        jsonb,
    output       jsonb,
    error        text,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, run_id, seq)
);

-- The queue: narrow rows, at most one per run, deleted when the run ends. History lives above.
CREATE TABLE job (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    uuid        NOT NULL,
    run_id       uuid        NOT NULL,
    step_index   int         NOT NULL,
    state        text        NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running')),
    priority     bigint      NOT NULL,
    run_at       timestamptz NOT NULL,
    attempt      int         NOT NULL DEFAULT 0,
    worker       text,
    lease_until  timestamptz,
    enqueued_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX job_run ON job (tenant_id, run_id);
-- Exactly the claim's WHERE and ORDER BY.
CREATE INDEX job_due ON job (priority, run_at, id) WHERE state = 'queued';
CREATE INDEX job_lease ON job (lease_until) WHERE state = 'running';

-- Fair queueing between workspaces: each new run takes the workspace's next slot, never below the slot
-- the queue is serving now, and the claim orders by slot, so a flood only queues behind itself.
CREATE TABLE job_tenant (
    tenant_id  uuid   PRIMARY KEY,
    next_slot  bigint NOT NULL
);

CREATE TABLE workflow_concurrency (
    tenant_id    uuid NOT NULL,
    workflow_id  uuid NOT NULL,
    running      int  NOT NULL CHECK (running >= 0),
    PRIMARY KEY (tenant_id, workflow_id)
);

CREATE TABLE schedule (
    tenant_id     uuid        NOT NULL,
    workflow_id   uuid        NOT NULL,
    version       int         NOT NULL,
    cron          text        NOT NULL,
    zone          text        NOT NULL,
    next_fire_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, workflow_id)
);
CREATE INDEX schedule_due ON schedule (next_fire_at);
