package io.levqor.ops.flags.jdbc;

import io.levqor.ops.FeatureFlag;
import io.levqor.ops.FeatureFlag.Allocation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The flags, their per-workspace overrides and the change counter. Every change bumps the counter and NOTIFYs
 * {@link #CHANNEL} in the caller's transaction, so other nodes hear of it when (and only if) it commits.
 */
@Repository
public class FlagRepository {

    public static final String CHANNEL = "levqor_flags";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<Allocation>> ALLOCATIONS = new TypeReference<>() {};

    private final JdbcClient jdbc;

    public FlagRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The change counter; 0 when the row is missing (a truncated table in tests). */
    public long version() {
        return jdbc.sql("SELECT coalesce(max(version), 0) FROM ops_feature_flag_version")
                .query(Long.class)
                .single();
    }

    private static final String ALL = """
            SELECT key, kind, description, enabled, variants, default_variant, rollout, plans, updated_at, updated_by
              FROM ops_feature_flag
             ORDER BY key
            """;

    // Every workspace's overrides at once: the snapshot each node evaluates against is platform-wide by design.
    private static final String ALL_OVERRIDES = """
            SELECT tenant_id, flag_key, variant FROM ops_feature_flag_override
            """;

    /**
     * In the reload's transaction: give way rather than wait on a lock. The reload reads three tables one after the
     * other; a TRUNCATE or a migration taking them in another order would otherwise deadlock with it. A reload that
     * gives way is retried at the next poll.
     */
    public void shortLockWaits() {
        jdbc.sql("SET LOCAL lock_timeout = '200ms'").update();
    }

    /** Every flag with its overrides, as one consistent read (call inside a read-only transaction). */
    public List<FeatureFlag> all() {
        Map<String, Map<String, String>> overrides = new HashMap<>();
        jdbc.sql(ALL_OVERRIDES).query(rs -> {
            overrides
                    .computeIfAbsent(rs.getString("flag_key"), k -> new TreeMap<>())
                    .put(rs.getObject("tenant_id", UUID.class).toString(), rs.getString("variant"));
        });
        return jdbc.sql(ALL)
                .query((rs, row) -> map(rs, overrides.getOrDefault(rs.getString("key"), Map.of())))
                .list();
    }

    public Optional<FeatureFlag> find(String key) {
        Map<String, String> overrides = new TreeMap<>();
        jdbc.sql("SELECT tenant_id, variant FROM ops_feature_flag_override WHERE flag_key = :key")
                .param("key", key)
                .query(rs -> {
                    overrides.put(rs.getObject("tenant_id", UUID.class).toString(), rs.getString("variant"));
                });
        return jdbc.sql(ALL.replace("ORDER BY key", "WHERE key = :key"))
                .param("key", key)
                .query((rs, row) -> map(rs, overrides))
                .optional();
    }

    private static final String UPSERT = """
            INSERT INTO ops_feature_flag
                   (key, kind, description, enabled, variants, default_variant, rollout, plans, updated_at, updated_by)
            VALUES (:key, :kind, :description, :enabled, CAST(:variants AS jsonb), :defaultVariant,
                    CAST(:rollout AS jsonb), CAST(:plans AS jsonb), :updatedAt, :updatedBy)
            ON CONFLICT (key) DO UPDATE
               SET kind = excluded.kind, description = excluded.description, enabled = excluded.enabled,
                   variants = excluded.variants, default_variant = excluded.default_variant,
                   rollout = excluded.rollout, plans = excluded.plans,
                   updated_at = excluded.updated_at, updated_by = excluded.updated_by
            RETURNING (xmax = 0) AS inserted
            """;

    /** Creates or replaces the flag and all of its overrides; true when it was created. */
    public boolean save(FeatureFlag flag) {
        boolean inserted = jdbc.sql(UPSERT)
                .param("key", flag.key())
                .param("kind", flag.kind())
                .param("description", flag.description())
                .param("enabled", flag.enabled())
                .param("variants", JSON.writeValueAsString(flag.variants()))
                .param("defaultVariant", flag.defaultVariant())
                .param("rollout", JSON.writeValueAsString(flag.rollout()))
                .param("plans", JSON.writeValueAsString(flag.plans()))
                .param("updatedAt", flag.updatedAt().atOffset(ZoneOffset.UTC))
                .param("updatedBy", flag.updatedBy())
                .query(Boolean.class)
                .single();
        jdbc.sql("DELETE FROM ops_feature_flag_override WHERE flag_key = :key")
                .param("key", flag.key())
                .update();
        for (Map.Entry<String, String> override : flag.overrides().entrySet()) {
            jdbc.sql("""
                            INSERT INTO ops_feature_flag_override (tenant_id, flag_key, variant)
                            VALUES (:tenantId, :key, :variant)
                            """)
                    .param("tenantId", UUID.fromString(override.getKey()))
                    .param("key", flag.key())
                    .param("variant", override.getValue())
                    .update();
        }
        changed();
        return inserted;
    }

    /** Deletes the flag (its overrides go with it); false when there was none. */
    public boolean delete(String key) {
        int deleted = jdbc.sql("DELETE FROM ops_feature_flag WHERE key = :key")
                .param("key", key)
                .update();
        if (deleted > 0) {
            changed();
        }
        return deleted > 0;
    }

    /** Drops a deleted workspace's overrides. */
    public void deleteOverrides(UUID tenantId) {
        int deleted = jdbc.sql("DELETE FROM ops_feature_flag_override WHERE tenant_id = :tenantId")
                .param("tenantId", tenantId)
                .update();
        if (deleted > 0) {
            changed();
        }
    }

    // A sequence, not version + 1: TRUNCATE (tests) or a restored row cannot make the counter repeat a value a node
    // has already seen, which would hide the next change from its poll.
    private static final String BUMP = """
            INSERT INTO ops_feature_flag_version (singleton, version)
            VALUES (true, nextval('ops_feature_flag_change'))
            ON CONFLICT (singleton) DO UPDATE SET version = excluded.version
            RETURNING version
            """;

    private void changed() {
        long version = jdbc.sql(BUMP).query(Long.class).single();
        jdbc.sql("SELECT pg_notify('" + CHANNEL + "', :version)")
                .param("version", Long.toString(version))
                .query((rs, row) -> 1)
                .list();
    }

    private static FeatureFlag map(ResultSet rs, Map<String, String> overrides) throws SQLException {
        List<String> variants = JSON.readValue(rs.getString("variants"), STRINGS);
        List<Allocation> rollout = JSON.readValue(rs.getString("rollout"), ALLOCATIONS);
        List<String> plans = JSON.readValue(rs.getString("plans"), STRINGS);
        Instant updatedAt = rs.getObject("updated_at", OffsetDateTime.class).toInstant();
        return new FeatureFlag(
                rs.getString("key"),
                rs.getString("kind"),
                rs.getString("description"),
                rs.getBoolean("enabled"),
                List.copyOf(variants),
                rs.getString("default_variant"),
                List.copyOf(new ArrayList<>(rollout)),
                List.copyOf(plans),
                new LinkedHashMap<>(overrides),
                updatedAt,
                rs.getString("updated_by"));
    }
}
