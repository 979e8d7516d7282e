package io.levqor.identity.jdbc;

import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads for the platform operator only. These queries cross workspaces on purpose; nothing a workspace member can
 * reach may call them.
 */
@Repository
public class OperatorQueries {

    /** A workspace with its owner's address and member count. */
    public record WorkspaceRow(
            WorkspaceId id, String name, @Nullable String ownerEmail, int members, Instant createdAt) {}

    private final JdbcClient jdbc;

    OperatorQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean isOperator(UserId user) {
        return jdbc.sql("SELECT platform_operator FROM app_user WHERE id = :id")
                .param("id", user.value())
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    private static final String ALL_WORKSPACES = """
            SELECT w.id, w.name, w.created_at,
                   (SELECT count(*) FROM membership m WHERE m.tenant_id = w.id) AS members,
                   (SELECT u.email FROM membership m JOIN app_user u ON u.id = m.user_id
                     WHERE m.tenant_id = w.id AND m.role = 'owner'
                     ORDER BY m.created_at LIMIT 1) AS owner_email
              FROM workspace w
             ORDER BY w.created_at DESC, w.id
             LIMIT :limit
            """;

    /** Every workspace (newest first, up to {@code limit}), across tenants: operator only. */
    public List<WorkspaceRow> allWorkspacesForOperator(int limit) {
        return jdbc.sql(ALL_WORKSPACES)
                .param("limit", limit)
                .query((rs, n) -> new WorkspaceRow(
                        new WorkspaceId(rs.getObject("id", UUID.class)),
                        rs.getString("name"),
                        rs.getString("owner_email"),
                        rs.getInt("members"),
                        Sql.instant(rs, "created_at")))
                .list();
    }
}
