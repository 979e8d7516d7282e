package io.levqor.workflow;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/**
 * A five-field UNIX cron expression ({@code minute hour day-of-month month day-of-week}, e.g.
 * {@code 0 9 * * MON-FRI}) read on the wall clock of a time zone.
 *
 * <p>Daylight saving follows cron's custom: a time the clocks skip fires once, at the moment they jump; when the
 * clocks go back, a schedule at fixed hours fires once (in the first pass), while one whose hour field is a
 * wildcard ({@code *}, {@code * /15}) keeps firing by the wall clock through both passes.
 */
public record CronSchedule(String expression, ZoneId zone) {

    private static final Set<String> MACROS =
            Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");

    /** Parses the expression; the message of the exception says what is wrong. */
    public static CronSchedule parse(String expression, ZoneId zone) {
        compile(expression);
        return new CronSchedule(expression.strip(), zone);
    }

    /** The first fire time strictly after {@code after}. */
    public Instant nextAfter(Instant after) {
        CronExpression cron = compile(expression);
        ZoneRules rules = zone.getRules();
        LocalDateTime local = LocalDateTime.ofInstant(after, zone);
        Instant best = null;
        if (hourIsWildcard()) {
            best = secondPassCandidate(cron, rules, after);
        }
        LocalDateTime candidate = local;
        for (int guard = 0; guard < 10_000; guard++) {
            candidate = cron.next(candidate);
            if (candidate == null) {
                break;
            }
            Instant fire = toInstant(candidate, rules, after);
            if (fire != null) {
                return best == null || fire.isBefore(best) ? fire : best;
            }
        }
        if (best != null) {
            return best;
        }
        throw new IllegalStateException("cron '" + expression + "' never fires again");
    }

    /**
     * While {@code after} is in the first pass of an hour the clocks repeat, a wildcard-hour schedule's next fire may
     * be in the second pass, which lies earlier on the wall clock than {@code after}.
     */
    private @Nullable Instant secondPassCandidate(CronExpression cron, ZoneRules rules, Instant after) {
        ZoneOffsetTransition transition = rules.nextTransition(after);
        if (transition == null || !transition.isOverlap()) {
            return null;
        }
        LocalDateTime overlapStart = transition.getDateTimeAfter();
        LocalDateTime overlapEnd = transition.getDateTimeBefore();
        // Only relevant when we are already inside the first pass of the overlap.
        LocalDateTime now = LocalDateTime.ofInstant(after, rules.getOffset(after));
        if (now.isBefore(overlapStart)) {
            return null;
        }
        LocalDateTime first = cron.next(overlapStart.minusNanos(1));
        if (first == null || !first.isBefore(overlapEnd)) {
            return null;
        }
        Instant fire = first.toInstant(transition.getOffsetAfter());
        return fire.isAfter(after) ? fire : null;
    }

    private @Nullable Instant toInstant(LocalDateTime local, ZoneRules rules, Instant after) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            // The clocks skip this time: fire when they jump.
            Instant jump = rules.getTransition(local).getInstant();
            return jump.isAfter(after) ? jump : null;
        }
        if (offsets.size() == 1) {
            return local.toInstant(offsets.getFirst());
        }
        ZoneOffsetTransition transition = rules.getTransition(local);
        Instant firstPass = local.toInstant(transition.getOffsetBefore());
        if (firstPass.isAfter(after)) {
            return firstPass;
        }
        Instant secondPass = local.toInstant(transition.getOffsetAfter());
        return hourIsWildcard() && secondPass.isAfter(after) ? secondPass : null;
    }

    private boolean hourIsWildcard() {
        String[] fields = expression.strip().split("\\s+");
        return fields.length == 5 ? fields[1].startsWith("*") : "@hourly".equals(fields[0]);
    }

    private static CronExpression compile(String expression) {
        String trimmed = expression.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("must be a cron expression like '0 9 * * MON-FRI'");
        }
        if (trimmed.startsWith("@")) {
            if (!MACROS.contains(trimmed.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("unknown cron macro '" + trimmed + "'; use one of " + MACROS);
            }
            return CronExpression.parse(trimmed.toLowerCase(Locale.ROOT));
        }
        String[] fields = trimmed.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException(
                    "must have 5 fields (minute hour day-of-month month day-of-week), not " + fields.length);
        }
        try {
            return CronExpression.parse("0 " + String.join(" ", fields));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a valid cron expression: " + e.getMessage(), e);
        }
    }
}
