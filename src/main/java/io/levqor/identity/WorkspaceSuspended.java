package io.levqor.identity;

import io.levqor.shared.ProblemException;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * {@code 403 …/problems/workspace-suspended}: the platform operator suspended the workspace, so it starts no runs and
 * takes no writes until the operator resumes it. 403 rather than 402: paying does not lift it, the operator does.
 */
public class WorkspaceSuspended extends ProblemException {

    public static final String TYPE = "workspace-suspended";

    public WorkspaceSuspended(WorkspaceId workspace, Instant since) {
        super(
                HttpStatus.FORBIDDEN,
                TYPE,
                "Workspace suspended",
                "The platform operator suspended this workspace on " + since
                        + ": it can be read but starts no runs and accepts no changes until the operator resumes it.",
                Map.of("workspaceId", workspace.value().toString(), "suspendedAt", since.toString()));
    }
}
