-- Sub-workflows (issue 13): a run started by a parent run's "workflow" step links to that run. The link is how the
-- child's end wakes its parent, how the depth limit and the run-time cycle guard walk the ancestry, and what
-- GET /api/v1/runs?parentRunId= lists. Most runs have no parent, so the index holds only children.
ALTER TABLE run ADD COLUMN parent_run_id uuid;
CREATE INDEX run_by_parent ON run (tenant_id, parent_run_id, id DESC) WHERE parent_run_id IS NOT NULL;
