-- Workflow language II (issue 13), first part.

-- A run may wait (for a signal, a due time) without a job: the new status 'waiting'.
ALTER TABLE run DROP CONSTRAINT run_status_check;
ALTER TABLE run ADD CONSTRAINT run_status_check
    CHECK (status IN ('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled', 'refused')) NOT VALID;
ALTER TABLE run VALIDATE CONSTRAINT run_status_check;
-- levqor_runs_waiting counts them at every scrape: waiting runs are few, so a partial index keeps that cheap.
CREATE INDEX run_waiting ON run (tenant_id, id) WHERE status = 'waiting';

-- Where in the definition's tree an attempt ran ('check.cases[0].notify'); null when that is just the step's id
-- (a top-level step: most attempts, so they cost nothing more) and for attempts stored before.
ALTER TABLE step_attempt ADD COLUMN path text;

-- A definition's "timeout": the run fails as timed-out once the database's now() passes deadline_at (set at insert,
-- and again on retry from run_timeout). The index holds only unfinished runs with a deadline: a few, however
-- long the history.
ALTER TABLE run ADD COLUMN run_timeout interval;
ALTER TABLE run ADD COLUMN deadline_at timestamptz;
CREATE INDEX run_deadline ON run (deadline_at)
    WHERE deadline_at IS NOT NULL AND status IN ('queued', 'running', 'waiting');

-- A run parked by a wait step: the signal it waits for and the step whose output the signal's body becomes.
ALTER TABLE run ADD COLUMN waiting_signal text;
ALTER TABLE run ADD COLUMN waiting_step text;
