package io.levqor.growth.jdbc;

import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Referral codes: one per user and workspace, unique across the platform. */
@Repository
public class ReferralCodeRepository {

    /** A code and whose it is. */
    public record CodeRow(WorkspaceId tenant, UserId user, String code, byte @Nullable [] emailHash) {}

    private final JdbcClient jdbc;

    public ReferralCodeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String FIND = """
            SELECT tenant_id, user_id, code, email_hash FROM referral_code
             WHERE tenant_id = :tenantId AND user_id = :userId
            """;

    public Optional<CodeRow> find(WorkspaceId tenant, UserId user) {
        return jdbc.sql(FIND)
                .param("tenantId", tenant.value())
                .param("userId", user.value())
                .query(ReferralCodeRepository::row)
                .optional();
    }

    // By the code alone: a signup names a code, not a workspace; the code is unique across workspaces.
    private static final String FIND_BY_CODE = """
            SELECT tenant_id, user_id, code, email_hash FROM referral_code WHERE code = :code
            """;

    public Optional<CodeRow> findByCode(String code) {
        return jdbc.sql(FIND_BY_CODE)
                .param("code", code)
                .query(ReferralCodeRepository::row)
                .optional();
    }

    private static final String INSERT = """
            INSERT INTO referral_code (tenant_id, user_id, code, email_hash, created_at)
            VALUES (:tenantId, :userId, :code, :emailHash, :now)
            ON CONFLICT DO NOTHING
            """;

    /** False when the user already has a code here or the code is taken (the caller looks again). */
    public boolean insert(WorkspaceId tenant, UserId user, String code, byte @Nullable [] emailHash, Instant now) {
        return jdbc.sql(INSERT)
                        .param("tenantId", tenant.value())
                        .param("userId", user.value())
                        .param("code", code)
                        .param("emailHash", emailHash)
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    private static final String LOCK = """
            SELECT user_id FROM referral_code WHERE tenant_id = :tenantId AND user_id = :userId FOR UPDATE
            """;

    /** Locks the referrer's code row: rewards of one referrer are decided one at a time, so caps hold. */
    public void lock(WorkspaceId tenant, UserId user) {
        jdbc.sql(LOCK)
                .param("tenantId", tenant.value())
                .param("userId", user.value())
                .query()
                .listOfRows();
    }

    private static final String DELETE_WORKSPACE = "DELETE FROM referral_code WHERE tenant_id = :tenantId";

    /** The codes of a deleted workspace: a signup naming one is then a signup without a referral. */
    public int deleteWorkspace(WorkspaceId tenant) {
        return jdbc.sql(DELETE_WORKSPACE).param("tenantId", tenant.value()).update();
    }

    private static CodeRow row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new CodeRow(
                new WorkspaceId(rs.getObject("tenant_id", java.util.UUID.class)),
                new UserId(rs.getObject("user_id", java.util.UUID.class)),
                rs.getString("code"),
                rs.getBytes("email_hash"));
    }
}
