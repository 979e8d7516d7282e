package io.levqor.engine.jdbc;

import io.levqor.shared.WorkspaceId;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Counts the running runs of workflows that have a {@code concurrency} cap. */
@Repository
public class ConcurrencySlots {

    private final JdbcClient jdbc;

    public ConcurrencySlots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String ACQUIRE = """
            INSERT INTO workflow_concurrency AS c (tenant_id, workflow_id, running) VALUES (:tenantId, :workflowId, 1)
            ON CONFLICT (tenant_id, workflow_id) DO UPDATE SET running = c.running + 1 WHERE c.running < :cap
            """;

    /** Takes one of the workflow's {@code cap} slots; false when all are taken. */
    public boolean acquire(WorkspaceId tenant, UUID workflowId, int cap) {
        return jdbc.sql(ACQUIRE)
                        .param("tenantId", tenant.value())
                        .param("workflowId", workflowId)
                        .param("cap", cap)
                        .update()
                == 1;
    }

    private static final String RELEASE = """
            UPDATE workflow_concurrency SET running = running - 1
             WHERE tenant_id = :tenantId AND workflow_id = :workflowId AND running > 0
            """;

    // The next run waiting for a slot of the workflow (deferred to a later recheck) becomes due now.
    private static final String WAKE_NEXT = """
            UPDATE job SET run_at = now()
             WHERE id = (
                   SELECT j.id
                     FROM run r
                     JOIN job j ON j.tenant_id = r.tenant_id AND j.run_id = r.id
                    WHERE r.tenant_id = :tenantId AND r.status = 'queued' AND r.workflow_id = :workflowId
                      AND r.capped AND NOT r.holds_slot AND j.state = 'queued' AND j.run_at > now()
                    ORDER BY j.priority, j.id
                    LIMIT 1)
            """;

    /** Gives a slot back and wakes the next run waiting for one, rather than leaving it to its next recheck. */
    public void release(WorkspaceId tenant, UUID workflowId) {
        jdbc.sql(RELEASE)
                .param("tenantId", tenant.value())
                .param("workflowId", workflowId)
                .update();
        jdbc.sql(WAKE_NEXT)
                .param("tenantId", tenant.value())
                .param("workflowId", workflowId)
                .update();
    }
}
