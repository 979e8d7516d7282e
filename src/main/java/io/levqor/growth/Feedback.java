package io.levqor.growth;

import io.levqor.growth.jdbc.SupportRepository;
import io.levqor.shared.FieldError;
import io.levqor.shared.Ids;
import io.levqor.shared.UserId;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Feedback from signed-in users (a rating from 1 to 5, a text, the page it was given on), for the operator to read. */
@Service
public class Feedback {

    public static final int MAX_TEXT = 2_000;
    public static final int MAX_PAGE = 500;

    /** One piece of feedback. */
    public record Entry(
            UUID id,
            @Nullable UUID userId,
            @Nullable UUID workspaceId,
            int rating,
            String text,
            String page,
            Instant createdAt) {}

    private final SupportRepository repository;
    private final Clock clock;

    Feedback(SupportRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Stores it; bad input is a 400 naming the fields. */
    @Transactional
    public Entry submit(
            @Nullable Integer rating,
            @Nullable String text,
            @Nullable String page,
            @Nullable UserId user,
            @Nullable WorkspaceId workspace) {
        List<FieldError> errors = new ArrayList<>();
        if (rating == null || rating < 1 || rating > 5) {
            errors.add(new FieldError("rating", "must be a whole number from 1 to 5"));
        }
        String body = text == null ? "" : text.strip();
        if (body.length() > MAX_TEXT) {
            errors.add(new FieldError("text", "must be at most " + MAX_TEXT + " characters"));
        }
        String where = page == null ? "" : page.strip();
        if (where.length() > MAX_PAGE) {
            errors.add(new FieldError("page", "must be at most " + MAX_PAGE + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        UUID id = Ids.newId();
        Instant now = clock.instant();
        repository.insertFeedback(
                id,
                user == null ? null : user.value(),
                workspace == null ? null : workspace.value(),
                rating,
                body,
                where,
                now);
        return new Entry(
                id,
                user == null ? null : user.value(),
                workspace == null ? null : workspace.value(),
                rating,
                body,
                where,
                now);
    }

    public List<Entry> latest(int limit) {
        return repository.feedback(Math.max(1, Math.min(limit, 500))).stream()
                .map(r -> new Entry(r.id(), r.userId(), r.workspaceId(), r.rating(), r.body(), r.page(), r.createdAt()))
                .toList();
    }
}
