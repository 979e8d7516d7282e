package io.levqor.engine.internal;

import io.levqor.engine.jdbc.JobQueue;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.identity.WorkspaceDeleted;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Stops and forgets a deleted workspace's runs: its jobs leave the queue (a worker holding one finds its fence
 * gone and discards its result), then its run history goes in batches. Idempotent, as redelivery requires.
 */
@Component
class DeletedWorkspaceRuns {

    private static final int BATCH = 1_000;

    private final JobQueue queue;
    private final RunRepository runs;

    DeletedWorkspaceRuns(JobQueue queue, RunRepository runs) {
        this.queue = queue;
        this.runs = runs;
    }

    @ApplicationModuleListener
    void on(WorkspaceDeleted event) {
        queue.forgetWorkspace(event.workspace());
        while (runs.purgeWorkspace(event.workspace(), BATCH) == BATCH) {
            // next batch: short statements, so that no lock is held for long
        }
    }
}
