package io.levqor.ops.status.jdbc;

import io.levqor.ops.Incident;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** Incidents and their timelines (platform-wide: no workspace owns them). */
@Repository
public class IncidentRepository {

    private record Head(
            UUID id,
            String title,
            String impact,
            String status,
            List<String> components,
            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant resolvedAt) {}

    private final JdbcClient jdbc;

    public IncidentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID id, String title, String impact, String status, List<String> components, Instant now) {
        jdbc.sql("""
                        INSERT INTO ops_status_incident (id, title, impact, status, components, created_at, updated_at,
                                                         resolved_at)
                        VALUES (:id, :title, :impact, :status, :components, :now, :now,
                                CASE WHEN :status = 'resolved' THEN CAST(:now AS timestamptz) END)
                        """)
                .param("id", id)
                .param("title", title)
                .param("impact", impact)
                .param("status", status)
                .param("components", new SqlArrayValue("text", components.toArray()))
                .param("now", at(now))
                .update();
    }

    /** Moves the incident to {@code status} (resolved closes it, any other status opens it); false if it is gone. */
    public boolean moveTo(UUID id, String status, Instant now) {
        return jdbc.sql("""
                        UPDATE ops_status_incident
                           SET status = :status, updated_at = :now,
                               resolved_at = CASE WHEN :status = 'resolved'
                                                  THEN coalesce(resolved_at, CAST(:now AS timestamptz)) END
                         WHERE id = :id
                        """)
                        .param("id", id)
                        .param("status", status)
                        .param("now", at(now))
                        .update()
                == 1;
    }

    public void addUpdate(UUID id, UUID incident, String status, String message, Instant now) {
        jdbc.sql("""
                        INSERT INTO ops_status_incident_update (id, incident_id, status, message, created_at)
                        VALUES (:id, :incident, :status, :message, :now)
                        """)
                .param("id", id)
                .param("incident", incident)
                .param("status", status)
                .param("message", message)
                .param("now", at(now))
                .update();
    }

    public Optional<Incident> find(UUID id) {
        return withUpdates(jdbc.sql("SELECT * FROM ops_status_incident WHERE id = :id")
                        .param("id", id)
                        .query(IncidentRepository::head)
                        .list())
                .stream()
                .findFirst();
    }

    /** Newest first; {@code open} true: the open ones, false: the resolved ones, null: both. */
    public List<Incident> list(@Nullable Boolean open, int limit) {
        return withUpdates(jdbc.sql("""
                        SELECT * FROM ops_status_incident
                         WHERE (CAST(:open AS boolean) IS NULL OR (resolved_at IS NULL) = :open)
                         ORDER BY created_at DESC, id
                         LIMIT :limit
                        """)
                .param("open", open)
                .param("limit", limit)
                .query(IncidentRepository::head)
                .list());
    }

    /** The open incidents and those resolved since {@code since}, newest first. */
    public List<Incident> openOrResolvedSince(Instant since, int limit) {
        return withUpdates(jdbc.sql("""
                        SELECT * FROM ops_status_incident
                         WHERE resolved_at IS NULL OR resolved_at >= :since
                         ORDER BY created_at DESC, id
                         LIMIT :limit
                        """)
                .param("since", at(since))
                .param("limit", limit)
                .query(IncidentRepository::head)
                .list());
    }

    private List<Incident> withUpdates(List<Head> heads) {
        if (heads.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<Incident.Update>> updates = new HashMap<>();
        jdbc.sql("""
                        SELECT incident_id, id, status, message, created_at FROM ops_status_incident_update
                         WHERE incident_id = ANY(:ids)
                         ORDER BY seq DESC
                        """)
                .param(
                        "ids",
                        new SqlArrayValue("uuid", heads.stream().map(Head::id).toArray()))
                .query(rs -> {
                    updates.computeIfAbsent(rs.getObject("incident_id", UUID.class), k -> new ArrayList<>())
                            .add(new Incident.Update(
                                    rs.getObject("id", UUID.class),
                                    rs.getString("status"),
                                    rs.getString("message"),
                                    rs.getObject("created_at", OffsetDateTime.class)
                                            .toInstant()));
                });
        return heads.stream()
                .map(h -> new Incident(
                        h.id(),
                        h.title(),
                        h.impact(),
                        h.status(),
                        h.components(),
                        h.createdAt(),
                        h.updatedAt(),
                        h.resolvedAt(),
                        List.copyOf(updates.getOrDefault(h.id(), List.of()))))
                .toList();
    }

    private static Head head(ResultSet rs, int row) throws SQLException {
        OffsetDateTime resolved = rs.getObject("resolved_at", OffsetDateTime.class);
        String[] components = (String[]) rs.getArray("components").getArray();
        return new Head(
                rs.getObject("id", UUID.class),
                rs.getString("title"),
                rs.getString("impact"),
                rs.getString("status"),
                Arrays.asList(components),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                resolved == null ? null : resolved.toInstant());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
