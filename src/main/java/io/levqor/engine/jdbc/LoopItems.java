package io.levqor.engine.jdbc;

import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The finished items of {@code forEach} loops, so that an interrupted loop resumes where it was. */
@Repository
public class LoopItems {

    private final JdbcClient jdbc;

    LoopItems(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One finished item.
     *
     * @param output its last output as JSON ({@code {error}} for a failed one), null when it had none
     * @param stepId the id of the item's one step when this row stands for that step's attempt (no
     *     {@code step_attempt} row was written for it), else null; then also its type and when it ran
     */
    public record Item(
            int index,
            boolean failed,
            @Nullable String output,
            @Nullable String stepId,
            @Nullable String stepType,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt) {

        public Item(int index, boolean failed, @Nullable String output) {
            this(index, failed, output, null, null, null, null);
        }
    }

    /** The loop's finished items by index. */
    public Map<Integer, Item> load(WorkspaceId tenant, UUID runId, String loopPath) {
        Map<Integer, Item> items = new HashMap<>();
        jdbc.sql("""
                        SELECT item_index, failed, output FROM loop_item
                         WHERE tenant_id = :tenantId AND run_id = :runId AND loop_path = :loopPath
                        """)
                .param("tenantId", tenant.value())
                .param("runId", runId)
                .param("loopPath", loopPath)
                .query(rs -> {
                    int index = rs.getInt("item_index");
                    items.put(index, new Item(index, rs.getBoolean("failed"), rs.getString("output")));
                });
        return items;
    }

    /** What the run's loops have stored, in bytes of JSON: it counts against the run's limit. */
    public long storedBytes(WorkspaceId tenant, UUID runId) {
        return jdbc.sql("""
                        SELECT coalesce(sum(octet_length(output::text)), 0) FROM loop_item
                         WHERE tenant_id = :tenantId AND run_id = :runId
                        """)
                .param("tenantId", tenant.value())
                .param("runId", runId)
                .query(Long.class)
                .single();
    }

    private static final String SAVE = """
            INSERT INTO loop_item (tenant_id, run_id, loop_path, item_index, failed, output, step_id, step_type,
                                   started_at, finished_at)
            SELECT :tenantId, :runId, :loopPath, i.item_index, i.failed, i.output, i.step_id, i.step_type,
                   i.started_at, i.finished_at
              FROM unnest(CAST(:indexes AS int[]), CAST(:failed AS boolean[]), CAST(:outputs AS jsonb[]),
                          CAST(:stepIds AS text[]), CAST(:stepTypes AS text[]), CAST(:startedAt AS timestamptz[]),
                          CAST(:finishedAt AS timestamptz[]))
                   AS i(item_index, failed, output, step_id, step_type, started_at, finished_at)
            ON CONFLICT DO NOTHING
            """;

    /**
     * Stores finished items in one statement. A repeat (a late worker whose lease was lost) changes nothing: the
     * item ran for real either way, and the first result stands.
     */
    public void save(WorkspaceId tenant, UUID runId, String loopPath, List<Item> items) {
        if (items.isEmpty()) {
            return;
        }
        jdbc.sql(SAVE)
                .param("tenantId", tenant.value())
                .param("runId", runId)
                .param("loopPath", loopPath)
                .param("indexes", SqlArrays.ints(items, Item::index))
                .param("failed", SqlArrays.text(items, Item::failed))
                .param("outputs", SqlArrays.text(items, Item::output))
                .param("stepIds", SqlArrays.text(items, Item::stepId))
                .param("stepTypes", SqlArrays.text(items, Item::stepType))
                .param("startedAt", SqlArrays.text(items, Item::startedAt))
                .param("finishedAt", SqlArrays.text(items, Item::finishedAt))
                .update();
    }
}
