package io.levqor.billing.jdbc;

import io.levqor.shared.WorkspaceId;
import java.time.LocalDate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Runs started and credits spent per workspace and UTC day, counted against the plan's cap and the spend limit. */
@Repository
public class RunCounter {

    private final JdbcClient jdbc;

    public RunCounter(JdbcClient jdbc) {
        this.jdbc = jdbc;
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

    // COUNT and the day's credits in one statement: admission's hot path pays one round trip for both limits. The
    // upsert adds the run and its cost only while both stay within their limits, so concurrent admissions cannot
    // overshoot either together; which one refused is read afterwards, on the refusal path only.
    private static final String COUNT_AND_SPEND = """
            INSERT INTO billing_run_day AS d (tenant_id, day, runs, credits)
            VALUES (:tenantId, :day, 1, :cost)
            ON CONFLICT (tenant_id, day) DO UPDATE SET runs = d.runs + 1, credits = d.credits + :cost
             WHERE d.runs < :cap AND d.credits + :cost <= :limit
            RETURNING runs
            """;

    /** The day's runs and credits spent. */
    public record Day(int runs, long credits) {}

    /**
     * Counts one more run and adds {@code cost} to the day's credits if the runs stay within {@code cap} and the
     * credits within {@code limit} ({@link Long#MAX_VALUE}: no limit); false (nothing counted) otherwise.
     */
    public boolean countAndSpendWithin(WorkspaceId tenant, LocalDate day, int cap, long cost, long limit) {
        if (cap <= 0 || cost > limit) {
            return false;
        }
        return jdbc.sql(COUNT_AND_SPEND)
                .param("tenantId", tenant.value())
                .param("day", day)
                .param("cap", cap)
                .param("cost", cost)
                .param("limit", limit)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    private static final String ADD_CREDITS = """
            INSERT INTO billing_run_day AS d (tenant_id, day, runs, credits)
            VALUES (:tenantId, :day, 0, :n)
            ON CONFLICT (tenant_id, day) DO UPDATE SET credits = d.credits + :n
            """;

    /**
     * Adds credits spent after admission (an LLM step's tokens) to the day: not checked against the limit, since
     * the tokens were used already; the next admission sees them.
     */
    public void addCredits(WorkspaceId tenant, LocalDate day, long n) {
        jdbc.sql(ADD_CREDITS)
                .param("tenantId", tenant.value())
                .param("day", day)
                .param("n", n)
                .update();
    }

    private static final String DAY = """
            SELECT runs, credits FROM billing_run_day WHERE tenant_id = :tenantId AND day = :day
            """;

    /** The day's counts (zero when nothing ran). */
    public Day day(WorkspaceId tenant, LocalDate day) {
        return jdbc.sql(DAY)
                .param("tenantId", tenant.value())
                .param("day", day)
                .query((rs, n) -> new Day(rs.getInt("runs"), rs.getLong("credits")))
                .optional()
                .orElse(new Day(0, 0));
    }

    /** Credits spent by the workspace's runs on the day. */
    public long spent(WorkspaceId tenant, LocalDate day) {
        return day(tenant, day).credits();
    }
}
