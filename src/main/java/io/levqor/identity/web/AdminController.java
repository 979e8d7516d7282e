package io.levqor.identity.web;

import io.levqor.identity.AuditTrail;
import io.levqor.identity.AuditVerification;
import io.levqor.identity.WorkspaceSuspensions;
import io.levqor.identity.internal.SigningKeys;
import io.levqor.identity.jdbc.WorkspaceRepository;
import io.levqor.identity.jdbc.WorkspaceRepository.WorkspaceSummary;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The platform operator's identity endpoints; the filter chain lets only the operator reach /api/v1/admin/**. */
@RestController
class AdminController {

    private final WorkspaceRepository workspaces;
    private final SigningKeys keys;
    private final AuditTrail audit;
    private final WorkspaceSuspensions suspensions;

    AdminController(
            WorkspaceRepository workspaces, SigningKeys keys, AuditTrail audit, WorkspaceSuspensions suspensions) {
        this.workspaces = workspaces;
        this.keys = keys;
        this.audit = audit;
        this.suspensions = suspensions;
    }

    record WorkspaceView(String id, String name, Instant createdAt, int members) {
        static WorkspaceView of(WorkspaceSummary w) {
            return new WorkspaceView(w.id().value().toString(), w.name(), w.createdAt(), w.members());
        }
    }

    @GetMapping("/api/v1/admin/workspaces")
    Map<String, List<WorkspaceView>> workspaces() {
        return Map.of(
                "items", workspaces.all(200).stream().map(WorkspaceView::of).toList());
    }

    @PostMapping("/api/v1/admin/signing-keys/rotate")
    Map<String, String> rotate() {
        return Map.of("kid", keys.rotate());
    }

    @GetMapping("/api/v1/admin/workspaces/{workspaceId}/audit-verification")
    AuditVerification verify(@PathVariable UUID workspaceId) {
        return audit.verify(new WorkspaceId(workspaceId));
    }

    /** @param reason why; required to suspend, optional to resume; it goes into the audit log */
    record SuspensionRequest(@Nullable String reason) {}

    /** A workspace's suspension as the operator sees it. */
    record SuspensionView(
            String workspaceId,
            boolean suspended,
            @Nullable Instant since,
            @Nullable String reason) {
        static SuspensionView of(WorkspaceSuspensions.Status status) {
            return new SuspensionView(
                    status.workspace().value().toString(), status.suspended(), status.since(), status.reason());
        }
    }

    @Operation(
            summary = "Suspend a workspace",
            description = "A suspended workspace can be read, but it starts no runs (API, webhook, schedule, retry)"
                    + " and takes no API writes: both are answered 403 workspace-suspended. Runs already started"
                    + " finish. Suspending again changes nothing. Audited in the workspace's and the operator's log.")
    @PostMapping("/api/v1/admin/workspaces/{workspaceId}/suspend")
    @RequiresRole(Role.VIEWER)
    SuspensionView suspend(
            Caller caller,
            @PathVariable UUID workspaceId,
            @RequestBody(required = false) @Nullable SuspensionRequest request) {
        return SuspensionView.of(
                suspensions.suspend(caller, new WorkspaceId(workspaceId), request == null ? null : request.reason()));
    }

    @Operation(summary = "Resume a suspended workspace", description = "Audited like the suspension.")
    @PostMapping("/api/v1/admin/workspaces/{workspaceId}/resume")
    @RequiresRole(Role.VIEWER)
    SuspensionView resume(
            Caller caller,
            @PathVariable UUID workspaceId,
            @RequestBody(required = false) @Nullable SuspensionRequest request) {
        return SuspensionView.of(
                suspensions.resume(caller, new WorkspaceId(workspaceId), request == null ? null : request.reason()));
    }

    @Operation(summary = "Whether a workspace is suspended")
    @GetMapping("/api/v1/admin/workspaces/{workspaceId}/suspension")
    @RequiresRole(Role.VIEWER)
    SuspensionView suspension(Caller caller, @PathVariable UUID workspaceId) {
        return SuspensionView.of(suspensions.status(new WorkspaceId(workspaceId)));
    }
}
