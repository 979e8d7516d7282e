package io.levqor.ops.series.jdbc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code ops_minute_series} table: one row per series and minute, its value a count. */
@Repository
public class MinuteSeriesRepository {

    /** A count for one series in one minute. */
    public record Row(String series, Instant minute, long value) {}

    private final JdbcClient jdbc;

    public MinuteSeriesRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds each row's value to what the store holds (several nodes add to the same minute). */
    public void add(List<Row> rows) {
        upsert(rows, "ops_minute_series.value + EXCLUDED.value");
    }

    /** Sets each row's value, for series copied from a table that is itself the truth (idempotent). */
    public void set(List<Row> rows) {
        upsert(rows, "EXCLUDED.value");
    }

    private void upsert(List<Row> rows, String update) {
        if (rows.isEmpty()) {
            return;
        }
        // One statement for the batch, rows in key order: two nodes flushing the same minutes lock them in the
        // same order and cannot deadlock.
        List<Row> sorted = rows.stream()
                .sorted(Comparator.comparing(Row::series).thenComparing(Row::minute))
                .toList();
        StringBuilder sql = new StringBuilder("INSERT INTO ops_minute_series (series, minute, value) VALUES ");
        for (int i = 0; i < sorted.size(); i++) {
            sql.append(i == 0 ? "" : ", ")
                    .append("(:s")
                    .append(i)
                    .append(", :m")
                    .append(i)
                    .append(", :v")
                    .append(i)
                    .append(')');
        }
        sql.append(" ON CONFLICT (series, minute) DO UPDATE SET value = ").append(update);
        var statement = jdbc.sql(sql.toString());
        for (int i = 0; i < sorted.size(); i++) {
            Row row = sorted.get(i);
            statement = statement
                    .param("s" + i, row.series())
                    .param("m" + i, row.minute().atOffset(ZoneOffset.UTC))
                    .param("v" + i, row.value());
        }
        statement.update();
    }

    /**
     * For each series, its sum over {@code [starts[i], end)} for every start: one query for all windows. Series
     * without a value have zeros.
     */
    public Map<String, long[]> sums(Collection<String> series, List<Instant> starts, Instant end) {
        Instant earliest = starts.stream().min(Comparator.naturalOrder()).orElse(end);
        StringBuilder sql = new StringBuilder("SELECT series");
        for (int i = 0; i < starts.size(); i++) {
            sql.append(", coalesce(sum(value) FILTER (WHERE minute >= :w")
                    .append(i)
                    .append("), 0) AS w")
                    .append(i);
        }
        sql.append(" FROM ops_minute_series WHERE series IN (:series) AND minute >= :earliest AND minute < :end")
                .append(" GROUP BY series");
        var statement = jdbc.sql(sql.toString())
                .param("series", series)
                .param("earliest", earliest.atOffset(ZoneOffset.UTC))
                .param("end", end.atOffset(ZoneOffset.UTC));
        for (int i = 0; i < starts.size(); i++) {
            statement = statement.param("w" + i, starts.get(i).atOffset(ZoneOffset.UTC));
        }
        Map<String, long[]> result = new HashMap<>();
        series.forEach(s -> result.put(s, new long[starts.size()]));
        statement.query(rs -> {
            long[] values = result.get(rs.getString("series"));
            for (int i = 0; i < starts.size(); i++) {
                values[i] = rs.getLong("w" + i);
            }
        });
        return result;
    }

    /** Each series' values per minute in {@code [from, to)}; minutes without a row are absent. */
    public Map<String, Map<Instant, Long>> minutes(Collection<String> series, Instant from, Instant to) {
        return buckets(series, from, to, "minute");
    }

    /** Each series' sums per clock hour in {@code [from, to)}; hours without a row are absent. */
    public Map<String, Map<Instant, Long>> hours(Collection<String> series, Instant from, Instant to) {
        // Hours in UTC: date_trunc on a timestamptz would cut at the session time zone's hours (e.g. :15 in Nepal).
        return buckets(series, from, to, "date_trunc('hour', minute AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'");
    }

    private Map<String, Map<Instant, Long>> buckets(
            Collection<String> series, Instant from, Instant to, String bucket) {
        Map<String, Map<Instant, Long>> result = new HashMap<>();
        series.forEach(s -> result.put(s, new TreeMap<>()));
        jdbc.sql("SELECT series, " + bucket + " AS at, sum(value) AS value FROM ops_minute_series"
                        + " WHERE series IN (:series) AND minute >= :from AND minute < :to GROUP BY series, at")
                .param("series", series)
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .query(rs -> {
                    result.get(rs.getString("series"))
                            .put(rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getLong("value"));
                });
        return result;
    }

    /** The oldest minute the store holds in any series: how far back history goes. */
    public @Nullable Instant first() {
        return jdbc.sql("SELECT min(minute) FROM ops_minute_series")
                .query(OffsetDateTime.class)
                .optional()
                .map(OffsetDateTime::toInstant)
                .orElse(null);
    }

    /** Deletes the minutes before {@code cutoff}; answers how many rows went. */
    public int deleteBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM ops_minute_series WHERE minute < :cutoff")
                .param("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                .update();
    }
}
