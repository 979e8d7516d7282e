package io.levqor.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@LevqorIntegrationTest
class StatusProbesIntegrationTests {

    @Autowired
    StatusProbes probes;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    HttpApi api;

    @Test
    void eachMinuteIsRecordedOnceAndCountsIntoTheDaysUptime() {
        startOfTomorrow();

        assertThat(probes.probe()).isTrue();
        // Another look within the same minute (this node or another) finds it taken.
        assertThat(probes.probe()).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(probes.probe()).isTrue();

        // An incident, as the operator would open it, takes the API down for the next two minutes.
        UUID incident = openIncident("critical", "api");
        clock.advance(Duration.ofMinutes(1));
        assertThat(probes.probe()).isTrue();
        clock.advance(Duration.ofMinutes(1));
        assertThat(probes.probe()).isTrue();
        jdbc.sql("UPDATE ops_status_incident SET status = 'resolved', resolved_at = now() WHERE id = :id")
                .param("id", incident)
                .update();
        clock.advance(Duration.ofMinutes(1));
        assertThat(probes.probe()).isTrue();

        assertThat(jdbc.sql("SELECT count(*) FROM ops_status_probe")
                        .query(Long.class)
                        .single())
                .isEqualTo(5);
        JsonNode status = api.get("/status.json").send().json();
        JsonNode apiComponent = status.get("components").get(0);
        assertThat(apiComponent.get("id").asString()).isEqualTo("api");
        JsonNode today = apiComponent.get("days").get(89);
        assertThat(today.get("date").asString()).isEqualTo(today().toString());
        assertThat(today.get("probes").asInt()).isEqualTo(5);
        assertThat(today.get("outage").asInt()).isEqualTo(2);
        assertThat(today.get("state").asString()).isEqualTo("outage");
        assertThat(today.get("percent").asDouble()).isEqualTo(60.0);
        assertThat(apiComponent.get("uptimePercent").asDouble()).isEqualTo(60.0);
        JsonNode workers = status.get("components").get(2);
        assertThat(workers.get("uptimePercent").asDouble()).isEqualTo(100.0);
        assertThat(workers.get("days").get(89).get("state").asString()).isEqualTo("operational");
        assertThat(workers.get("days").get(88).get("state").asString()).isEqualTo("none");
    }

    @Test
    void probesAndTheirDaysAreKeptNinetyDays() {
        startOfTomorrow();
        assertThat(probes.probe()).isTrue();
        LocalDate first = today();

        clock.advance(Duration.ofDays(89));
        assertThat(probes.probe()).isTrue();
        assertThat(days()).containsKey(first);

        clock.advance(Duration.ofDays(2));
        assertThat(probes.probe()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM ops_status_probe")
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        assertThat(days()).doesNotContainKey(first).hasSize(2);
    }

    private Map<LocalDate, Long> days() {
        return jdbc
                .sql("SELECT day, count(*) AS n FROM ops_status_day GROUP BY day")
                .query((rs, row) -> Map.entry(rs.getObject("day", LocalDate.class), rs.getLong("n")))
                .list()
                .stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private UUID openIncident(String impact, String component) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO ops_status_incident (id, title, impact, status, components, created_at, updated_at)
                        VALUES (:id, 'Down', :impact, 'investigating', ARRAY[:component], now(), now())
                        """)
                .param("id", id)
                .param("impact", impact)
                .param("component", component)
                .update();
        return id;
    }

    // Probes at 00:05 UTC and on, so that every probe of a test falls on the same day whenever it runs.
    private void startOfTomorrow() {
        Instant now = clock.instant();
        Instant tomorrow =
                now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)).plus(Duration.ofMinutes(5));
        clock.advance(Duration.between(now, tomorrow));
    }

    private LocalDate today() {
        return clock.instant().atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
