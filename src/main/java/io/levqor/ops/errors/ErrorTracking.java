package io.levqor.ops.errors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.levqor.ops.errors.jdbc.ErrorRepository;
import io.levqor.shared.Caller;
import io.levqor.shared.DatabaseAvailability;
import io.levqor.shared.ErrorRecorder;
import io.levqor.shared.FieldError;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Error tracking: stores the 500 handlers' unexpected exceptions and the console's client reports grouped by
 * {@link ErrorFingerprint}, and lists the groups for the operator.
 */
@Service
public class ErrorTracking implements ErrorRecorder {

    private static final Logger log = LoggerFactory.getLogger(ErrorTracking.class);

    /** Limits on a client report's fields, in characters. */
    public static final int MAX_CLIENT_TYPE = 200;

    public static final int MAX_CLIENT_MESSAGE = 2_000;
    public static final int MAX_CLIENT_STACK = 16_000;
    public static final int MAX_CLIENT_URL = 2_000;

    private final ErrorRepository repository;
    private final DatabaseAvailability database;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final ErrorTrackingSettings settings;
    private final SentryForwarder sentry;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(5))
            .maximumSize(100_000)
            .build();

    ErrorTracking(
            ErrorRepository repository,
            DatabaseAvailability database,
            PlatformTransactionManager transactions,
            Clock clock,
            ErrorTrackingSettings settings,
            SentryForwarder sentry) {
        this.repository = repository;
        this.sentry = sentry;
        this.database = database;
        this.clock = clock;
        this.settings = settings;
        // Its own short transaction, whatever the failed request had open: the record commits on its own.
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.ownTransaction.setTimeout(5);
    }

    /** A client error the console's scripts report. */
    public record ClientReport(
            @Nullable String type,
            @Nullable String message,
            @Nullable String stack,
            @Nullable String url) {}

    @Override
    public void serverError(String errorId, Throwable error, String method, String path) {
        String redactedPath = ErrorRedaction.path(path);
        sentry.send(errorId, error, method, redactedPath);
        store(ErrorFingerprint.of(error), errorId, ErrorRedaction.message(error.getMessage()), method, redactedPath);
    }

    /** Validates, rate-limits (per user or API key) and stores a client error; returns its errorId. */
    public String reportClient(Caller caller, ClientReport report) {
        List<FieldError> errors = new ArrayList<>();
        String type = report.type() == null || report.type().isBlank()
                ? "Error"
                : report.type().strip();
        check(errors, "type", type, MAX_CLIENT_TYPE);
        if (report.message() == null || report.message().isBlank()) {
            errors.add(new FieldError("message", "must not be blank"));
        } else {
            check(errors, "message", report.message(), MAX_CLIENT_MESSAGE);
        }
        check(errors, "stack", report.stack(), MAX_CLIENT_STACK);
        check(errors, "url", report.url(), MAX_CLIENT_URL);
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        acquire(caller);
        String errorId = ErrorRecorder.newErrorId();
        String stack = report.stack() == null ? "" : report.stack();
        store(
                ErrorFingerprint.ofClient(type, stack),
                errorId,
                ErrorRedaction.message(report.message()),
                null,
                ErrorRedaction.path(report.url()));
        return errorId;
    }

    /** Groups last seen first, {@code limit} at a time; {@code kind} narrows to server or client errors. */
    public ErrorPage list(@Nullable String kind, @Nullable String cursor, int limit) {
        if (kind != null && !kind.equals("server") && !kind.equals("client")) {
            throw ValidationFailed.of("kind", "must be server or client");
        }
        if (limit < 1 || limit > 200) {
            throw ValidationFailed.of("limit", "must be between 1 and 200");
        }
        Instant afterSeen = null;
        String afterKey = null;
        if (cursor != null && !cursor.isEmpty()) {
            try {
                String[] parts =
                        new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
                afterSeen = Instant.parse(parts[0]);
                afterKey = parts[1];
            } catch (RuntimeException e) {
                throw ValidationFailed.of("cursor", "is not a cursor this API gave out");
            }
        }
        List<ErrorGroup> rows = repository.page(kind, afterSeen, afterKey, limit + 1);
        if (rows.size() <= limit) {
            return new ErrorPage(rows, null);
        }
        List<ErrorGroup> items = rows.subList(0, limit);
        ErrorGroup last = items.getLast();
        String next = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((last.lastSeen() + "|" + last.fingerprint()).getBytes(StandardCharsets.UTF_8));
        return new ErrorPage(List.copyOf(items), next);
    }

    private void store(
            ErrorFingerprint fingerprint,
            String errorId,
            @Nullable String message,
            @Nullable String method,
            @Nullable String path) {
        if (!settings.enabled()) {
            return;
        }
        if (!database.available()) {
            // Waiting for a connection would hold the failed request up and fail a second time: the log has it.
            log.warn("Error {} not stored: the database is unavailable", errorId);
            return;
        }
        try {
            ownTransaction.executeWithoutResult(
                    status -> repository.record(fingerprint, errorId, clock.instant(), message, method, path));
        } catch (RuntimeException e) {
            database.suspect();
            log.warn("Error {} not stored: {}", errorId, e.toString());
        }
    }

    private void acquire(Caller caller) {
        String key = caller.user() != null ? "user:" + caller.user().value() : "key:" + caller.apiKeyId();
        int perMinute = settings.clientReportsPerMinute();
        Bucket bucket = buckets.get(
                key,
                k -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(perMinute)
                                .refillIntervally(perMinute, Duration.ofMinutes(1))
                                .build())
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new ProblemException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "rate-limited",
                    "Too many requests",
                    "At most " + perMinute + " client error reports a minute; retry in " + retryAfter + " s.",
                    Map.of("limit", perMinute, "retryAfterSeconds", retryAfter));
        }
    }

    private static void check(List<FieldError> errors, String field, @Nullable String value, int max) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
    }
}
