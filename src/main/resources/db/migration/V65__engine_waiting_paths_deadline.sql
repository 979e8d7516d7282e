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
