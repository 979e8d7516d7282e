package io.levqor.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupRetentionTests {

    // A Monday, so ISO weeks start on the days below that are multiples of 7.
    private static final Instant MONDAY = Instant.parse("2026-11-02T02:00:00Z");

    @Test
    void keepsTheNewestOfEachRecentDayAndWeekAndDeletesTheRest() {
        List<Instant> archives = new ArrayList<>();
        for (int day = 0; day < 35; day++) {
            archives.add(MONDAY.plus(Duration.ofDays(day)));
        }
        Instant lastDay = MONDAY.plus(Duration.ofDays(34));
        Instant sameDayLater = lastDay.plus(Duration.ofHours(10));
        archives.add(sameDayLater);

        var deleted = BackupRetention.toDelete(archives, 7, 4);

        List<Instant> kept = new ArrayList<>(archives);
        kept.removeAll(deleted);
        // Days 28..34 (the newest of day 34 is the later one); weeks: 35 days = 5 ISO weeks, the newest of the four
        // most recent (days 34, 27, 20, 13).
        List<Instant> expected = new ArrayList<>();
        expected.add(sameDayLater);
        for (int day = 28; day <= 33; day++) {
            expected.add(MONDAY.plus(Duration.ofDays(day)));
        }
        expected.add(MONDAY.plus(Duration.ofDays(27)));
        expected.add(MONDAY.plus(Duration.ofDays(20)));
        expected.add(MONDAY.plus(Duration.ofDays(13)));
        assertThat(kept).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(deleted).hasSize(archives.size() - expected.size()).contains(lastDay, MONDAY);
    }

    @Test
    void alwaysKeepsTheNewestArchive() {
        assertThat(BackupRetention.toDelete(List.of(MONDAY), 0, 1)).isEmpty();
        assertThat(BackupRetention.toDelete(List.of(MONDAY, MONDAY.plusSeconds(60)), 1, 0))
                .containsExactly(MONDAY);
    }
}
