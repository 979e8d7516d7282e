package io.levqor.billing.jdbc;

import io.levqor.shared.WorkspaceId;
import java.time.LocalDate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Runs started per workspace and UTC day, counted against the plan's daily cap. */
@Repository
public class RunCounter {

    private final JdbcClient jdbc;

    public RunCounter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // The conditional upsert counts and checks in one statement: concurrent starts queue on the row and each
    // sees the count the one before left, so a cap of 1 lets exactly one through.
    private static final String COUNT = """
            INSERT INTO billing_run_day AS d (tenant_id, day, runs)
            VALUES (:tenantId, :day, 1)
            ON CONFLICT (tenant_id, day) DO UPDATE SET runs = d.runs + 1
             WHERE d.runs < :cap
            RETURNING runs
            """;

    /** Counts one more run for the day if that stays within {@code cap}; false (nothing counted) when it would not. */
    public boolean countWithin(WorkspaceId tenant, LocalDate day, int cap) {
        if (cap <= 0) {
            return false;
        }
        return jdbc.sql(COUNT)
                .param("tenantId", tenant.value())
                .param("day", day)
                .param("cap", cap)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    private static final String RUNS = """
            SELECT runs FROM billing_run_day WHERE tenant_id = :tenantId AND day = :day
            """;

    public int runs(WorkspaceId tenant, LocalDate day) {
        return jdbc.sql(RUNS)
                .param("tenantId", tenant.value())
                .param("day", day)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    // Same pattern as COUNT, on the day's credits: the upsert adds the cost only while the sum stays within the
    // limit, so concurrent admissions cannot overshoot it together.
    private static final String SPEND = """
            INSERT INTO billing_run_day AS d (tenant_id, day, runs, credits)
            VALUES (:tenantId, :day, 0, :cost)
            ON CONFLICT (tenant_id, day) DO UPDATE SET credits = d.credits + :cost
             WHERE d.credits + :cost <= :limit
            RETURNING credits
            """;

    /**
     * Adds {@code cost} to the day's credits spent if the sum stays within {@code limit}; false (nothing added) when
     * it would not. Pass {@link Long#MAX_VALUE} to count without a limit.
     */
    public boolean spendWithin(WorkspaceId tenant, LocalDate day, long cost, long limit) {
        if (cost > limit) {
            return false;
        }
        return jdbc.sql(SPEND)
                .param("tenantId", tenant.value())
                .param("day", day)
                .param("cost", cost)
                .param("limit", limit)
                .query(Long.class)
                .optional()
                .isPresent();
    }

    private static final String SPENT = """
            SELECT credits FROM billing_run_day WHERE tenant_id = :tenantId AND day = :day
            """;

    /** Credits spent by the workspace's runs on the day. */
    public long spent(WorkspaceId tenant, LocalDate day) {
        return jdbc.sql(SPENT)
                .param("tenantId", tenant.value())
                .param("day", day)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }
}
