package io.levqor.billing.jdbc;

import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Billing mail already sent, so a redelivered event sends nothing twice. */
@Repository
public class NoticeLog {

    private final JdbcClient jdbc;

    public NoticeLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String CLAIM = """
            INSERT INTO billing_notice (tenant_id, reference, sent_at) VALUES (:tenantId, :reference, :now)
            ON CONFLICT (tenant_id, reference) DO NOTHING
            """;

    /** True the first time for this reference; the caller sends in the same transaction. */
    public boolean claim(WorkspaceId tenant, String reference, Instant now) {
        return jdbc.sql(CLAIM)
                        .param("tenantId", tenant.value())
                        .param("reference", reference)
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }
}
