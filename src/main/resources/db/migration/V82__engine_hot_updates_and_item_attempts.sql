-- Engine throughput (issue 22).

-- HOT updates: a run's progress (step_index, outputs) and a job's in-place advance change no indexed column, so
-- PostgreSQL can write the new row version into the same page without touching any index, if the page has room.
-- At the default fillfactor (100) pages are full and every such update moved the row to another page and inserted
-- a new entry into each of run's indexes. Leave room: a run is updated once per durable step and then never again,
-- a job many times in its short life. Applies to pages written from now on; history pages hold 20% fewer runs.
ALTER TABLE run SET (fillfactor = 80);
ALTER TABLE job SET (fillfactor = 50);

-- A forEach item whose body is one pure step that succeeded at once (a transform) records no step_attempt row: its
-- loop_item row holds what the run's detail shows for it. The step's id and type, and when it ran; null for items
-- whose steps' attempts are in step_attempt as usual. The step's input is its rendered config {output: <output>}.
ALTER TABLE loop_item ADD COLUMN step_id text;
ALTER TABLE loop_item ADD COLUMN step_type text;
ALTER TABLE loop_item ADD COLUMN started_at timestamptz;
ALTER TABLE loop_item ADD COLUMN finished_at timestamptz;
