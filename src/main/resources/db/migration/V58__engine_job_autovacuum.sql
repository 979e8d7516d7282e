-- The job table is a queue: every claim and finish leaves a dead row version at the head of job_due, and claims
-- scan the head. Vacuum it after a fixed number of dead rows (not a fraction of a possibly huge backlog) and
-- without cost-based pauses, so the head stays clean under load.
ALTER TABLE job SET (
    autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_threshold = 5000,
    autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 5000,
    autovacuum_vacuum_cost_delay = 0,
    autovacuum_analyze_scale_factor = 0.02
);
