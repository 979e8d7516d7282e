-- Whether the run's pinned version has a concurrency cap: such a run waits in 'queued' until it holds a slot,
-- every other run turns 'running' in the very statement that claims its job.
ALTER TABLE run ADD COLUMN capped boolean NOT NULL DEFAULT false;
