package io.levqor.ops;

import io.levqor.identity.AuditTrail;
import io.levqor.ops.status.StatusBoard;
import io.levqor.ops.status.jdbc.IncidentRepository;
import io.levqor.shared.Caller;
import io.levqor.shared.FieldError;
import io.levqor.shared.Ids;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operator's incidents on the status page: open one, add updates to its timeline (each may move its status;
 * {@code resolved} closes it, any other status reopens it), list and read them. Each change is written with its entry
 * in the operator's workspace audit log in one transaction. Callers check that the caller is the operator.
 */
@Service
public class Incidents {

    static final int MAX_TITLE = 200;
    static final int MAX_MESSAGE = 5000;
    static final int MAX_LIMIT = 200;

    private final IncidentRepository repository;
    private final AuditTrail audit;
    private final StatusBoard board;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Incidents(
            IncidentRepository repository,
            AuditTrail audit,
            StatusBoard board,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.board = board;
        this.transactions = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Opens an incident with its first update; {@code status} defaults to {@code investigating}. */
    public Incident open(
            Caller caller,
            @Nullable String title,
            @Nullable String impact,
            @Nullable List<String> components,
            @Nullable String status,
            @Nullable String message) {
        List<FieldError> errors = new ArrayList<>();
        String cleanTitle = text("title", title, MAX_TITLE, errors);
        String cleanImpact = oneOf("impact", impact, Incident.IMPACTS, null, errors);
        List<String> cleanComponents = components(components, errors);
        String cleanStatus = oneOf("status", status, Incident.STATUSES, "investigating", errors);
        String cleanMessage = text("message", message, MAX_MESSAGE, errors);
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        UUID id = Ids.newId();
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            repository.insert(id, cleanTitle, cleanImpact, cleanStatus, cleanComponents, now);
            repository.addUpdate(Ids.newId(), id, cleanStatus, cleanMessage, now);
            audit.record(
                    caller,
                    "incident.opened",
                    "incident:" + id + " impact=" + cleanImpact + " status=" + cleanStatus + " components="
                            + cleanComponents);
        });
        board.forget();
        return get(id);
    }

    /** Adds an update to the timeline; {@code status} defaults to the incident's current one. */
    public Incident update(Caller caller, UUID id, @Nullable String status, @Nullable String message) {
        Incident current = get(id);
        List<FieldError> errors = new ArrayList<>();
        String cleanStatus = oneOf("status", status, Incident.STATUSES, current.status(), errors);
        String cleanMessage = text("message", message, MAX_MESSAGE, errors);
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            if (!repository.moveTo(id, cleanStatus, now)) {
                throw ProblemException.notFound("incident", id);
            }
            repository.addUpdate(Ids.newId(), id, cleanStatus, cleanMessage, now);
            audit.record(caller, "incident.updated", "incident:" + id + " status=" + cleanStatus);
        });
        board.forget();
        return get(id);
    }

    public Incident get(UUID id) {
        return repository.find(id).orElseThrow(() -> ProblemException.notFound("incident", id));
    }

    /**
     * Incidents newest first; {@code state} {@code open} or {@code resolved} narrows them (both when null).
     *
     * @param limit 1 to 200
     */
    public List<Incident> list(@Nullable String state, int limit) {
        List<FieldError> errors = new ArrayList<>();
        if (state != null && !state.equals("open") && !state.equals(Incident.RESOLVED)) {
            errors.add(new FieldError("state", "must be open or resolved"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            errors.add(new FieldError("limit", "must be between 1 and " + MAX_LIMIT));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        return repository.list(state == null ? null : state.equals("open"), limit);
    }

    private static String text(String field, @Nullable String value, int max, List<FieldError> errors) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
        } else if (trimmed.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
        }
        return trimmed;
    }

    private static String oneOf(
            String field,
            @Nullable String value,
            List<String> allowed,
            @Nullable String fallback,
            List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                errors.add(new FieldError(field, "is required: one of " + allowed));
                return "";
            }
            return fallback;
        }
        String lower = value.strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            errors.add(new FieldError(field, "must be one of " + allowed));
        }
        return lower;
    }

    private static List<String> components(@Nullable List<String> components, List<FieldError> errors) {
        if (components == null || components.isEmpty()) {
            errors.add(new FieldError("components", "name at least one of " + Incident.COMPONENTS));
            return List.of();
        }
        LinkedHashSet<String> chosen = new LinkedHashSet<>();
        for (int i = 0; i < components.size(); i++) {
            String component = components.get(i);
            String lower = component == null ? "" : component.strip().toLowerCase(Locale.ROOT);
            if (!Incident.COMPONENTS.contains(lower)) {
                errors.add(new FieldError("components[" + i + "]", "must be one of " + Incident.COMPONENTS));
            } else {
                chosen.add(lower);
            }
        }
        // Kept in the page's order whatever order the operator named them in.
        return Incident.COMPONENTS.stream().filter(chosen::contains).toList();
    }
}
