package io.levqor.workflow;

import io.levqor.shared.ProblemException;
import org.springframework.http.HttpStatus;

/** No such workflow (or version) in the caller's workspace; other workspaces' ids look the same. */
public class WorkflowNotFound extends ProblemException {

    private WorkflowNotFound(String detail) {
        super(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
    }

    public static WorkflowNotFound forId(WorkflowId id) {
        return new WorkflowNotFound("workflow " + id + " does not exist");
    }

    public static WorkflowNotFound forVersion(WorkflowId id, int version) {
        return new WorkflowNotFound("workflow " + id + " has no version " + version);
    }
}
