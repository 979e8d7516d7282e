-- forEach (issue 13): each finished item of a loop, so that a loop interrupted midway (a crash, a lost lease)
-- resumes without running its finished items again. Keyed by the loop's path in the run's tree ('each', or
-- 'outer[3].inner' for a loop inside an item of another), then the item's index. A failed item is kept only under
-- "onItemError": "continue" (its entry is {error}); under "fail" a replay of the run tries it again.
CREATE TABLE loop_item (
    tenant_id   uuid    NOT NULL,
    run_id      uuid    NOT NULL,
    loop_path   text    NOT NULL,
    item_index  int     NOT NULL,
    failed      boolean NOT NULL,
    output      jsonb,
    PRIMARY KEY (tenant_id, run_id, loop_path, item_index)
);
