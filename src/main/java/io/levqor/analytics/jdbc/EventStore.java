package io.levqor.analytics.jdbc;

import io.levqor.analytics.ProductEvent;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The append-only {@code analytics_event} table (V88). */
@Repository
public class EventStore {

    // One statement for a whole batch: the columns go as arrays and unnest turns them back into rows. It parses
    // once and makes one round trip whatever the batch size, which is what lets a node take tens of thousands of
    // events a second.
    private static final String INSERT_BATCH = """
            INSERT INTO analytics_event (occurred_at, name, workspace_id, user_id, source, properties, received_at)
            SELECT e.at::timestamptz, e.name, e.workspace::uuid, e.usr::uuid, ?, e.props::jsonb, ?::timestamptz
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS e(at, name, workspace, usr, props)
            """;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JsonMapper json;
    private final Clock clock;

    EventStore(JdbcClient jdbc, JdbcTemplate template, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
        this.clock = clock;
    }

    /** Creates the month's partition unless it exists (V88's analytics_event_partition). */
    public void createPartition(YearMonth month) {
        jdbc.sql("SELECT analytics_event_partition(:month)")
                .param("month", month.atDay(1))
                .query((rs, n) -> 1)
                .list();
    }

    /** Inserts a server event unless its key is taken; true when it was inserted. */
    public boolean insertOnce(String key, ProductEvent event) {
        // The key and the event go in one statement: the event is written only when the key was new.
        return jdbc.sql("""
                        WITH fresh AS (
                            INSERT INTO analytics_event_key (key, recorded_at) VALUES (:key, :now)
                            ON CONFLICT (key) DO NOTHING
                            RETURNING key
                        )
                        INSERT INTO analytics_event (occurred_at, name, workspace_id, user_id, source, properties,
                                                     received_at)
                        SELECT CAST(:at AS timestamptz), CAST(:name AS text), CAST(:workspace AS uuid), CAST(:user AS uuid),
                               'server', CAST(:properties AS jsonb), CAST(:now AS timestamptz) FROM fresh
                        """)
                        .param("key", key)
                        .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                        .param("at", event.at().atOffset(ZoneOffset.UTC))
                        .param("name", event.name())
                        .param("workspace", uuid(event.workspace()))
                        .param("user", uuid(event.user()))
                        .param("properties", json.writeValueAsString(event.properties()))
                        .update()
                == 1;
    }

    /** Appends events in one statement, as {@code source} ({@code client} or {@code server}); returns the rows written. */
    public int insertBatch(List<ProductEvent> events, String source) {
        int n = events.size();
        String[] at = new String[n];
        String[] name = new String[n];
        String[] workspace = new String[n];
        String[] user = new String[n];
        String[] properties = new String[n];
        for (int i = 0; i < n; i++) {
            ProductEvent event = events.get(i);
            at[i] = event.at().toString();
            name[i] = event.name();
            UUID ws = uuid(event.workspace());
            workspace[i] = ws == null ? null : ws.toString();
            UUID u = uuid(event.user());
            user[i] = u == null ? null : u.toString();
            properties[i] = json.writeValueAsString(event.properties());
        }
        Integer written = template.execute((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement(INSERT_BATCH)) {
                statement.setString(1, source);
                statement.setObject(2, clock.instant().atOffset(ZoneOffset.UTC));
                statement.setArray(3, text(connection, at));
                statement.setArray(4, text(connection, name));
                statement.setArray(5, text(connection, workspace));
                statement.setArray(6, text(connection, user));
                statement.setArray(7, text(connection, properties));
                return statement.executeUpdate();
            }
        });
        return written == null ? 0 : written;
    }

    /** The plan the workspace was on after its latest recorded {@code plan_changed} before {@code before}. */
    public Optional<String> effectivePlanBefore(WorkspaceId workspace, Instant before) {
        return jdbc.sql("""
                        SELECT properties ->> 'effectivePlan' FROM analytics_event
                         WHERE name = 'plan_changed' AND workspace_id = :workspace AND occurred_at < :before
                         ORDER BY occurred_at DESC
                         LIMIT 1
                        """)
                .param("workspace", workspace.value())
                .param("before", before.atOffset(ZoneOffset.UTC))
                .query(String.class)
                .optional();
    }

    private static Array text(Connection connection, String[] values) throws java.sql.SQLException {
        return connection.createArrayOf("text", values);
    }

    private static @Nullable UUID uuid(@Nullable WorkspaceId workspace) {
        return workspace == null ? null : workspace.value();
    }

    private static @Nullable UUID uuid(@Nullable UserId user) {
        return user == null ? null : user.value();
    }
}
