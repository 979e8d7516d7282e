package io.levqor.identity;

import io.levqor.identity.jdbc.WorkspaceRepository;
import io.levqor.shared.Caller;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operator's suspension of a workspace: a suspended workspace can be read but starts no runs (billing's run
 * admission asks {@link #check}) and takes no API writes (identity's interceptor). Callers of {@link #suspend} and
 * {@link #resume} check that the caller is the operator.
 */
@Service
public class WorkspaceSuspensions {

    /** Longest reason kept. */
    public static final int MAX_REASON = 500;

    /** Whether a workspace is suspended, since when and why. */
    public record Status(
            WorkspaceId workspace,
            boolean suspended,
            @Nullable Instant since,
            @Nullable String reason) {}

    private final WorkspaceRepository workspaces;
    private final AuditTrail audit;
    private final Clock clock;

    WorkspaceSuspensions(WorkspaceRepository workspaces, AuditTrail audit, Clock clock) {
        this.workspaces = workspaces;
        this.audit = audit;
        this.clock = clock;
    }

    /** The workspace's state; 404 when it does not exist or was deleted. */
    public Status status(WorkspaceId workspace) {
        var row = workspaces
                .suspension(workspace)
                .orElseThrow(() -> ProblemException.notFound("workspace", workspace.value()));
        return new Status(workspace, row.at() != null, row.at(), row.reason());
    }

    /** Whether the platform operator created the workspace, so no plan limit holds it; false for an unknown one. */
    public boolean operatorOwned(WorkspaceId workspace) {
        return workspaces
                .suspension(workspace)
                .map(WorkspaceRepository.Suspension::operatorOwned)
                .orElse(false);
    }

    /** Whether the workspace exists and is not deleted. */
    public boolean exists(WorkspaceId workspace) {
        return workspaces.suspension(workspace).isPresent();
    }

    /** Throws {@link WorkspaceSuspended} when the workspace is suspended; an unknown workspace passes. */
    public void check(WorkspaceId workspace) {
        checkOperatorOwned(workspace);
    }

    /**
     * Throws {@link WorkspaceSuspended} when the workspace is suspended, else answers whether the platform operator
     * created it (the operator's own workspaces are not held by plan caps). One query; an unknown workspace passes
     * and is not the operator's.
     */
    public boolean checkOperatorOwned(WorkspaceId workspace) {
        Optional<WorkspaceRepository.Suspension> row = workspaces.suspension(workspace);
        if (row.isPresent() && row.get().at() != null) {
            throw new WorkspaceSuspended(workspace, row.get().at());
        }
        return row.isPresent() && row.get().operatorOwned();
    }

    /** Suspends the workspace (again: nothing changes, nothing more is audited). */
    @Transactional
    public Status suspend(Caller operator, WorkspaceId workspace, @Nullable String reason) {
        String why = requireReason(reason);
        status(workspace);
        if (workspaces.suspend(workspace, why, clock.instant())) {
            audit.recordOperatorAction(operator, workspace, "operator.workspace-suspended", "reason=" + why);
        }
        return status(workspace);
    }

    /** Lifts the suspension (a workspace that is not suspended stays as it is, nothing is audited). */
    @Transactional
    public Status resume(Caller operator, WorkspaceId workspace, @Nullable String reason) {
        status(workspace);
        if (workspaces.resume(workspace)) {
            audit.recordOperatorAction(
                    operator,
                    workspace,
                    "operator.workspace-resumed",
                    reason == null || reason.isBlank() ? "" : "reason=" + requireReason(reason));
        }
        return status(workspace);
    }

    /** A reason the operator must give: 1 to {@link #MAX_REASON} characters. */
    public static String requireReason(@Nullable String reason) {
        if (reason == null || reason.isBlank()) {
            throw ValidationFailed.of("reason", "is required: say why, it goes into the audit log");
        }
        String trimmed = reason.strip();
        if (trimmed.length() > MAX_REASON) {
            throw ValidationFailed.of("reason", "must be at most " + MAX_REASON + " characters");
        }
        return trimmed;
    }
}
