package io.levqor.identity.internal;

import io.levqor.identity.jdbc.IdempotencyRepository;
import io.levqor.identity.jdbc.IdempotencyRepository.Used;
import io.levqor.shared.Caller;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} for identity's creating POSTs. Per workspace, caller (user or API key) and operation, the
 * first request with a key runs and its answer is remembered in the same transaction; a repeat with the same body
 * gets that answer back (replayed), with another body 422 {@code idempotency-key-reused}. Keys are kept as long as
 * the workspace.
 */
@Component
public class IdempotentRequests {

    /** A header value may be up to this long (Stripe allows 255). */
    public static final int MAX_KEY_LENGTH = 255;

    /** What a request produced: the fresh result, or the remembered answer of the first request with its key. */
    public record Outcome<T, R>(@Nullable T fresh, @Nullable R replayed) {}

    private final IdempotencyRepository keys;
    private final JsonMapper json;
    private final Clock clock;

    IdempotentRequests(IdempotencyRepository keys, JsonMapper json, Clock clock) {
        this.keys = keys;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Runs {@code action} once per key: {@code remember} turns its result into the answer kept for repeats (drop
     * secrets there), read back as {@code rememberedType}. Without a key the action simply runs.
     */
    @Transactional
    public <T, R> Outcome<T, R> once(
            Caller caller,
            String operation,
            @Nullable String key,
            Object request,
            Supplier<T> action,
            Function<T, R> remember,
            Class<R> rememberedType) {
        if (key == null) {
            return new Outcome<>(action.get(), null);
        }
        String checked = check(key);
        String who = caller.apiKeyId() != null
                ? "key:" + caller.apiKeyId()
                : "user:" + Workspaces.requireUser(caller).value();
        String hash = hex(Secrets.sha256(json.writeValueAsString(request)));
        Optional<Used> earlier = keys.find(caller.workspace(), who, operation, checked);
        if (earlier.isEmpty() && !keys.claim(caller.workspace(), who, operation, checked, hash, clock.instant())) {
            earlier = keys.find(caller.workspace(), who, operation, checked);
        }
        if (earlier.isPresent()) {
            if (!earlier.get().requestHash().equals(hash) || earlier.get().response() == null) {
                throw new ProblemException(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "idempotency-key-reused",
                        "Idempotency key reused",
                        "This Idempotency-Key was used for a different request.");
            }
            return new Outcome<>(null, json.readValue(earlier.get().response(), rememberedType));
        }
        T result = action.get();
        keys.answer(caller.workspace(), who, operation, checked, json.writeValueAsString(remember.apply(result)));
        return new Outcome<>(result, null);
    }

    private static String check(String key) {
        String stripped = key.strip();
        if (stripped.isEmpty()
                || stripped.length() > MAX_KEY_LENGTH
                || !stripped.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ValidationFailed.of(
                    "Idempotency-Key", "must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters");
        }
        return stripped;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
