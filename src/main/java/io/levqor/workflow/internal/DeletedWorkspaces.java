package io.levqor.workflow.internal;

import io.levqor.identity.WorkspaceDeleted;
import io.levqor.workflow.CredentialView;
import io.levqor.workflow.Credentials;
import io.levqor.workflow.WorkflowPage;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Deletes a deleted workspace's workflows, so that its webhooks and schedules stop starting runs, and its
 * credentials (their encrypted data). Idempotent: a redelivered event finds nothing left to delete.
 */
@Component
class DeletedWorkspaces {

    private final Workflows workflows;
    private final Credentials credentials;

    DeletedWorkspaces(Workflows workflows, Credentials credentials) {
        this.workflows = workflows;
        this.credentials = credentials;
    }

    @ApplicationModuleListener
    void on(WorkspaceDeleted event) {
        WorkflowPage page;
        do {
            page = workflows.list(event.workspace(), null, 100);
            for (WorkflowView workflow : page.items()) {
                workflows.purge(event.workspace(), workflow.id());
            }
        } while (page.nextCursor() != null);
        for (CredentialView credential : credentials.list(event.workspace())) {
            credentials.purge(event.workspace(), credential.id());
        }
    }
}
