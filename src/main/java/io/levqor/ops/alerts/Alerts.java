package io.levqor.ops.alerts;

import io.levqor.ops.alerts.jdbc.AlertRepository;
import io.levqor.shared.Caller;
import io.levqor.shared.FieldError;
import io.levqor.shared.Ids;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** The operator's view of alerts: the history, and silences (create, list, read, expire). */
@Service
public class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    private static final int MAX_MATCHERS = 20;

    /** A matcher as the API receives it; every field is checked before it becomes a {@link Silence.Matcher}. */
    public record MatcherInput(
            @Nullable String name,
            @Nullable String value,
            @Nullable Boolean regex) {}

    private final AlertRepository repository;
    private final Clock clock;

    Alerts(AlertRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** The newest alerts, newest first; {@code state} {@code firing}, {@code resolved} or null for both. */
    public List<Alert> history(@Nullable String state, int limit) {
        if (state != null && !state.equals("firing") && !state.equals("resolved")) {
            throw new ValidationFailed(List.of(new FieldError("state", "must be firing or resolved")));
        }
        if (limit < 1 || limit > 1000) {
            throw new ValidationFailed(List.of(new FieldError("limit", "must be 1 to 1000")));
        }
        return repository.history(state, limit);
    }

    /** Silences, newest first; only those still in force or to come unless {@code all}. */
    public List<Silence> silences(boolean all) {
        return repository.silences(all ? null : clock.instant(), 500);
    }

    public Silence silence(UUID id) {
        return repository.silence(id).orElseThrow(() -> ProblemException.notFound("silence", id.toString()));
    }

    /** Creates a silence; {@code startsAt} defaults to now. */
    public Silence createSilence(
            Caller caller,
            @Nullable List<MatcherInput> matchers,
            @Nullable Instant startsAt,
            @Nullable Instant endsAt,
            @Nullable String comment) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<FieldError> errors = new ArrayList<>();
        List<Silence.Matcher> checked = new ArrayList<>();
        if (matchers == null || matchers.isEmpty()) {
            errors.add(new FieldError("matchers", "at least one matcher is required"));
        } else if (matchers.size() > MAX_MATCHERS) {
            errors.add(new FieldError("matchers", "at most " + MAX_MATCHERS + " matchers"));
        } else {
            for (int i = 0; i < matchers.size(); i++) {
                MatcherInput input = matchers.get(i);
                String field = "matchers[" + i + "]";
                if (input == null || input.name() == null || input.name().isBlank()) {
                    errors.add(new FieldError(field + ".name", "is required"));
                    continue;
                }
                if (input.value() == null) {
                    errors.add(new FieldError(field + ".value", "is required"));
                    continue;
                }
                boolean regex = Boolean.TRUE.equals(input.regex());
                if (regex) {
                    try {
                        Pattern.compile(input.value());
                    } catch (PatternSyntaxException e) {
                        errors.add(new FieldError(field + ".value", "is not a valid regular expression"));
                        continue;
                    }
                }
                checked.add(new Silence.Matcher(input.name(), input.value(), regex));
            }
        }
        Instant start = startsAt == null ? now : startsAt.truncatedTo(ChronoUnit.MICROS);
        if (endsAt == null) {
            errors.add(new FieldError("endsAt", "is required"));
        } else if (!endsAt.isAfter(now) || !endsAt.isAfter(start)) {
            errors.add(new FieldError("endsAt", "must be after now and after startsAt"));
        }
        if (comment == null || comment.isBlank()) {
            errors.add(new FieldError("comment", "is required (say why the alerts are silenced)"));
        } else if (comment.length() > 1000) {
            errors.add(new FieldError("comment", "must be at most 1000 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        String by = caller.user() != null ? "user " + caller.user() : "api key " + caller.apiKeyId();
        Silence silence =
                new Silence(Ids.newId(), checked, start, endsAt.truncatedTo(ChronoUnit.MICROS), by, comment, now);
        repository.insertSilence(silence);
        log.info("Alert silence {} created by {} until {}", silence.id(), by, silence.endsAt());
        return silence;
    }

    /** Ends a silence now; it stays in the list as expired. */
    public Silence expireSilence(UUID id) {
        Silence silence = silence(id);
        repository.expire(id, clock.instant().truncatedTo(ChronoUnit.MICROS));
        return silence(silence.id());
    }
}
