package io.levqor.workflow.internal;

import io.levqor.identity.WorkspaceDeleted;
import io.levqor.workflow.WorkflowPage;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Deletes a deleted workspace's workflows, so that its webhooks and schedules stop starting runs. Idempotent: a
 * redelivered event finds nothing left to delete.
 */
@Component
class DeletedWorkspaces {

    private final Workflows workflows;

    DeletedWorkspaces(Workflows workflows) {
        this.workflows = workflows;
    }

    @ApplicationModuleListener
    void on(WorkspaceDeleted event) {
        WorkflowPage page;
        do {
            page = workflows.list(event.workspace(), null, 100);
            for (WorkflowView workflow : page.items()) {
                workflows.delete(event.workspace(), workflow.id());
            }
        } while (page.nextCursor() != null);
    }
}
