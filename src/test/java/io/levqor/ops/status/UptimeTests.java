package io.levqor.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.ops.status.jdbc.ProbeRepository.DayRow;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class UptimeTests {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    @Test
    void aMinuteDownInADayIsNeverRoundedUpTo100Percent() {
        assertThat(Uptime.percent(1440, 1)).isEqualTo(99.93);
        assertThat(Uptime.percent(1440, 0)).isEqualTo(100.0);
        assertThat(Uptime.percent(100_000, 1)).isEqualTo(99.99);
        assertThat(Uptime.percent(3, 3)).isEqualTo(0.0);
        assertThat(Uptime.percent(0, 0)).isNull();
    }

    @Test
    void barsCoverNinetyDaysOldestFirstAndDegradedCountsAsUp() {
        List<DayRow> rows = List.of(
                new DayRow(TODAY, "api", 1000, 430, 10),
                new DayRow(TODAY.minusDays(1), "api", 1440, 0, 0),
                new DayRow(TODAY.minusDays(89), "api", 720, 0, 720),
                new DayRow(TODAY.minusDays(90), "api", 0, 0, 1440), // outside the 90 days
                new DayRow(TODAY, "workers", 0, 0, 1440)); // another component

        Uptime.Bars bars = Uptime.of("api", TODAY, rows);

        assertThat(bars.days()).hasSize(90);
        assertThat(bars.days().getFirst().date()).isEqualTo(TODAY.minusDays(89));
        assertThat(bars.days().getLast().date()).isEqualTo(TODAY);
        assertThat(bars.days().getFirst().state()).isEqualTo("outage");
        assertThat(bars.days().getFirst().percent()).isEqualTo(50.0);
        assertThat(bars.days().get(88).state()).isEqualTo("operational");
        assertThat(bars.days().get(88).percent()).isEqualTo(100.0);
        Uptime.Day today = bars.days().getLast();
        assertThat(today.state()).isEqualTo("outage");
        assertThat(today.probes()).isEqualTo(1440);
        assertThat(today.percent()).isEqualTo(99.30); // 1430 of 1440 minutes up
        assertThat(bars.days().get(50).state()).isEqualTo("none");
        assertThat(bars.days().get(50).percent()).isNull();
        // (1440 + 1430 + 720) up of 4320 probed = 83.101… %
        assertThat(bars.percent()).isEqualTo(83.10);
    }

    @Test
    void aComponentNeverProbedHasNoUptime() {
        Uptime.Bars bars = Uptime.of("scheduler", TODAY, List.of());
        assertThat(bars.percent()).isNull();
        assertThat(bars.days()).allSatisfy(d -> assertThat(d.state()).isEqualTo("none"));
    }

    @Test
    void anIncidentMakesItsComponentsWorseNeverBetter() {
        var measured = new java.util.LinkedHashMap<String, ComponentState>();
        measured.put("api", ComponentState.OUTAGE);
        measured.put("workers", ComponentState.OPERATIONAL);
        measured.put("database", ComponentState.OPERATIONAL);
        var minor = new io.levqor.ops.Incident(
                java.util.UUID.randomUUID(),
                "t",
                "minor",
                "investigating",
                List.of("api", "workers"),
                java.time.Instant.EPOCH,
                java.time.Instant.EPOCH,
                null,
                List.of());

        var states = StatusBoard.effective(measured, List.of(minor));

        assertThat(states)
                .containsEntry("api", ComponentState.OUTAGE)
                .containsEntry("workers", ComponentState.DEGRADED)
                .containsEntry("database", ComponentState.OPERATIONAL);
    }
}
