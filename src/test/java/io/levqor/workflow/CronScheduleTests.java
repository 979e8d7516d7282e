package io.levqor.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronScheduleTests {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private static List<Instant> fires(CronSchedule schedule, Instant from, int count) {
        List<Instant> fires = new ArrayList<>();
        Instant at = from;
        for (int i = 0; i < count; i++) {
            at = schedule.nextAfter(at);
            fires.add(at);
        }
        return fires;
    }

    @Test
    void firesOnWeekdaysAtNineLocalTime() {
        CronSchedule schedule = CronSchedule.parse("0 9 * * MON-FRI", LONDON);
        // Friday 2026-07-03 10:00 BST → Monday 09:00 BST (08:00 UTC)
        assertThat(schedule.nextAfter(Instant.parse("2026-07-03T09:00:00Z")))
                .isEqualTo(Instant.parse("2026-07-06T08:00:00Z"));
        // In winter, 09:00 GMT is 09:00 UTC.
        assertThat(schedule.nextAfter(Instant.parse("2026-12-01T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-02T09:00:00Z"));
    }

    @Test
    void nextAfterIsStrictlyAfter() {
        CronSchedule schedule = CronSchedule.parse("*/15 * * * *", ZoneOffset.UTC);
        assertThat(schedule.nextAfter(Instant.parse("2026-01-01T00:15:00Z")))
                .isEqualTo(Instant.parse("2026-01-01T00:30:00Z"));
    }

    @Test
    void aTimeTheClocksSkipFiresOnceWhenTheyJump() {
        // 2026-03-29: at 01:00 GMT London jumps to 02:00 BST; 01:30 never happens.
        CronSchedule schedule = CronSchedule.parse("30 1 * * *", LONDON);
        assertThat(fires(schedule, Instant.parse("2026-03-28T12:00:00Z"), 2))
                .containsExactly(Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-30T00:30:00Z"));
    }

    @Test
    void aWildcardHourScheduleRunsOnThroughTheSpringForward() {
        CronSchedule schedule = CronSchedule.parse("*/30 * * * *", LONDON);
        assertThat(fires(schedule, Instant.parse("2026-03-29T00:00:00Z"), 3))
                .containsExactly(
                        Instant.parse("2026-03-29T00:30:00Z"), // 00:30 GMT
                        Instant.parse("2026-03-29T01:00:00Z"), // 02:00 BST, the jump
                        Instant.parse("2026-03-29T01:30:00Z")); // 02:30 BST
    }

    @Test
    void aFixedTimeInTheRepeatedHourFiresOnceWhenTheClocksGoBack() {
        // 2026-10-25: at 02:00 BST London goes back to 01:00 GMT; 01:30 happens twice.
        CronSchedule schedule = CronSchedule.parse("30 1 * * *", LONDON);
        assertThat(fires(schedule, Instant.parse("2026-10-24T12:00:00Z"), 2))
                .containsExactly(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void aWildcardHourScheduleFiresInBothPassesOfTheRepeatedHour() {
        CronSchedule schedule = CronSchedule.parse("*/30 * * * *", LONDON);
        assertThat(fires(schedule, Instant.parse("2026-10-24T23:45:00Z"), 5))
                .containsExactly(
                        Instant.parse("2026-10-25T00:00:00Z"), // 01:00 BST
                        Instant.parse("2026-10-25T00:30:00Z"), // 01:30 BST
                        Instant.parse("2026-10-25T01:00:00Z"), // 01:00 GMT
                        Instant.parse("2026-10-25T01:30:00Z"), // 01:30 GMT
                        Instant.parse("2026-10-25T02:00:00Z")); // 02:00 GMT
    }

    @Test
    void aDailyScheduleStaysOnItsLocalTimeAcrossBothChanges() {
        CronSchedule schedule = CronSchedule.parse("0 9 * * *", LONDON);
        assertThat(fires(schedule, Instant.parse("2026-03-28T10:00:00Z"), 2))
                .containsExactly(Instant.parse("2026-03-29T08:00:00Z"), Instant.parse("2026-03-30T08:00:00Z"));
        assertThat(fires(schedule, Instant.parse("2026-10-24T10:00:00Z"), 2))
                .containsExactly(Instant.parse("2026-10-25T09:00:00Z"), Instant.parse("2026-10-26T09:00:00Z"));
    }

    @Test
    void readsMacrosAndNamedFields() {
        assertThat(CronSchedule.parse("@daily", ZoneOffset.UTC).nextAfter(Instant.parse("2026-01-01T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(CronSchedule.parse("0 0 1 JAN *", ZoneOffset.UTC).nextAfter(Instant.parse("2026-01-01T10:00:00Z")))
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        // Sunday is 0 (and 7), as in UNIX cron.
        assertThat(CronSchedule.parse("0 12 * * 0", ZoneOffset.UTC).nextAfter(Instant.parse("2026-01-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-01-04T12:00:00Z"));
    }

    @Test
    void refusesWhatIsNotAFiveFieldCron() {
        assertThatThrownBy(() -> CronSchedule.parse("0 0 9 * * *", LONDON))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must have 5 fields");
        assertThatThrownBy(() -> CronSchedule.parse("0 25 * * *", LONDON))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a valid cron expression");
        assertThatThrownBy(() -> CronSchedule.parse("@sometimes", LONDON))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown cron macro");
        assertThatThrownBy(() -> CronSchedule.parse("", LONDON)).isInstanceOf(IllegalArgumentException.class);
    }
}
