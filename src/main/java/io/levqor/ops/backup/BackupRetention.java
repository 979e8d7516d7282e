package io.levqor.ops.backup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which archives to keep: the newest of each of the {@code daily} most recent days that have one, and the newest of
 * each of the {@code weekly} most recent ISO weeks that have one (UTC). The newest archive is always kept.
 */
final class BackupRetention {

    private BackupRetention() {}

    /** The archives (by time) to delete. */
    static Set<Instant> toDelete(List<Instant> archives, int daily, int weekly) {
        List<Instant> newestFirst = new ArrayList<>(archives);
        newestFirst.sort(Comparator.reverseOrder());
        Set<Instant> keep = new HashSet<>();
        Set<LocalDate> days = new LinkedHashSet<>();
        Set<String> weeks = new LinkedHashSet<>();
        for (Instant archive : newestFirst) {
            LocalDate day = archive.atZone(ZoneOffset.UTC).toLocalDate();
            if (!days.contains(day) && days.size() < daily) {
                days.add(day);
                keep.add(archive);
            }
            String week = day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            if (!weeks.contains(week) && weeks.size() < weekly) {
                weeks.add(week);
                keep.add(archive);
            }
        }
        if (!newestFirst.isEmpty()) {
            keep.add(newestFirst.getFirst());
        }
        Set<Instant> delete = new LinkedHashSet<>(newestFirst);
        delete.removeAll(keep);
        return delete;
    }
}
