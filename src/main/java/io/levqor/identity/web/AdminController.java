package io.levqor.identity.web;

import io.levqor.identity.AuditTrail;
import io.levqor.identity.AuditVerification;
import io.levqor.identity.internal.SigningKeys;
import io.levqor.identity.jdbc.WorkspaceRepository;
import io.levqor.identity.jdbc.WorkspaceRepository.WorkspaceSummary;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The platform operator's identity endpoints; the filter chain lets only the operator reach /api/v1/admin/**. */
@RestController
class AdminController {

    private final WorkspaceRepository workspaces;
    private final SigningKeys keys;
    private final AuditTrail audit;

    AdminController(WorkspaceRepository workspaces, SigningKeys keys, AuditTrail audit) {
        this.workspaces = workspaces;
        this.keys = keys;
        this.audit = audit;
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
}
