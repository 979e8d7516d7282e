package io.levqor.identity;

import io.levqor.identity.jdbc.OperatorQueries;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Who the platform operator is ({@code LEVQOR_ADMIN_EMAIL}), and identity's cross-workspace reads for the operator's
 * overview. Callers must check {@link #isOperator} before showing anything from {@link #allWorkspacesForOperator}.
 */
@Service
public class OperatorDirectory {

    /** A workspace as the operator sees it. */
    public record WorkspaceSummary(
            WorkspaceId id, String name, @Nullable String ownerEmail, int members, Instant createdAt) {}

    private final OperatorQueries queries;

    OperatorDirectory(OperatorQueries queries) {
        this.queries = queries;
    }

    /** Whether this user is the platform operator (read on every call, so a change of operator applies at once). */
    public boolean isOperator(UserId user) {
        return queries.isOperator(user);
    }

    /** Every workspace, newest first, at most {@code limit}: for the operator only. */
    public List<WorkspaceSummary> allWorkspacesForOperator(int limit) {
        return queries.allWorkspacesForOperator(Math.max(1, Math.min(limit, 1000))).stream()
                .map(row ->
                        new WorkspaceSummary(row.id(), row.name(), row.ownerEmail(), row.members(), row.createdAt()))
                .toList();
    }
}
