package io.levqor.ops.status.jdbc;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The minute probes and their daily roll-up per component. */
@Repository
public class ProbeRepository {

    /** One component's probes on one UTC day, by state. */
    public record DayRow(LocalDate day, String component, int operational, int degraded, int outage) {

        public int probes() {
            return operational + degraded + outage;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    public ProbeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether some node recorded this minute already (a primary-key read, so nodes skip the measuring). */
    public boolean recorded(Instant minute) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM ops_status_probe WHERE minute = :minute)")
                .param("minute", at(minute))
                .query(Boolean.class)
                .single();
    }

    /**
     * Records the minute unless another node took it (its key), and counts it into each component's day; true when
     * this call recorded it. Run it in a transaction so that the minute and its day counts land together.
     */
    public boolean record(Instant minute, Map<String, String> states, String node) {
        int taken = jdbc.sql("""
                        INSERT INTO ops_status_probe (minute, states, node)
                        VALUES (:minute, CAST(:states AS jsonb), :node)
                        ON CONFLICT (minute) DO NOTHING
                        """)
                .param("minute", at(minute))
                .param("states", JSON.writeValueAsString(states))
                .param("node", node)
                .update();
        if (taken == 0) {
            return false;
        }
        LocalDate day = minute.atOffset(ZoneOffset.UTC).toLocalDate();
        for (var entry : states.entrySet()) {
            String state = entry.getValue();
            jdbc.sql("""
                            INSERT INTO ops_status_day (day, component, operational, degraded, outage)
                            VALUES (:day, :component, :operational, :degraded, :outage)
                            ON CONFLICT (day, component) DO UPDATE
                               SET operational = ops_status_day.operational + excluded.operational,
                                   degraded = ops_status_day.degraded + excluded.degraded,
                                   outage = ops_status_day.outage + excluded.outage
                            """)
                    .param("day", day)
                    .param("component", entry.getKey())
                    .param("operational", state.equals("operational") ? 1 : 0)
                    .param("degraded", state.equals("degraded") ? 1 : 0)
                    .param("outage", state.equals("outage") ? 1 : 0)
                    .update();
        }
        return true;
    }

    /** Deletes probes before {@code before} and the days that ended before its day; answers the minutes deleted. */
    public int prune(Instant before) {
        int minutes = jdbc.sql("DELETE FROM ops_status_probe WHERE minute < :before")
                .param("before", at(before))
                .update();
        jdbc.sql("DELETE FROM ops_status_day WHERE day < :day")
                .param("day", before.atOffset(ZoneOffset.UTC).toLocalDate())
                .update();
        return minutes;
    }

    /** The days from {@code first} on, every component. */
    public List<DayRow> days(LocalDate first) {
        return jdbc.sql("""
                        SELECT day, component, operational, degraded, outage FROM ops_status_day
                         WHERE day >= :first ORDER BY day, component
                        """)
                .param("first", first)
                .query((rs, row) -> new DayRow(
                        rs.getObject("day", LocalDate.class),
                        rs.getString("component"),
                        rs.getInt("operational"),
                        rs.getInt("degraded"),
                        rs.getInt("outage")))
                .list();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
