package io.levqor.connectors;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Masks secrets with {@value #MASK} before anything is stored or logged. The engine makes one per step attempt,
 * hands the step {@link #watch(CredentialResolver) a watched resolver}, and applies {@link #redact(StepOutcome)} (and
 * {@link #redact(Object)} for anything else it keeps) to what comes back.
 */
public final class Redactor {

    public static final String MASK = "***";
    // Shorter values (a port, "true") would mask ordinary words all over an output.
    private static final int SHORTEST_SECRET = 4;

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    /** A resolver that remembers the secret values of every credential resolved through it. */
    public CredentialResolver watch(CredentialResolver resolver) {
        return new CredentialResolver() {
            @Override
            public Map<String, Object> resolve(String name) {
                Map<String, Object> data = resolver.resolve(name);
                data.forEach((field, value) -> {
                    if (value instanceof String text && CredentialTypes.isSecret(field)) {
                        add(text);
                    }
                });
                return data;
            }

            @Override
            public void derivedSecret(String value) {
                add(value);
                resolver.derivedSecret(value);
            }
        };
    }

    /** Masks this value (and its URL-encoded form) from now on. */
    public void add(String secret) {
        if (secret.length() >= SHORTEST_SECRET) {
            secrets.add(secret);
            String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
            if (!encoded.equals(secret)) {
                secrets.add(encoded);
            }
        }
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    public String redact(String text) {
        if (secrets.isEmpty()) {
            return text;
        }
        String result = text;
        // Longest first, so a secret that contains another is masked whole.
        List<String> ordered = new ArrayList<>(secrets);
        ordered.sort(Comparator.comparingInt(String::length).reversed());
        for (String secret : ordered) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }

    /** A copy of a JSON-like value (maps, lists, strings…) with every secret masked, in keys and values. */
    public @Nullable Object redact(@Nullable Object value) {
        if (secrets.isEmpty() || value == null) {
            return value;
        }
        return switch (value) {
            case String text -> redact(text);
            case Map<?, ?> map -> {
                Map<String, @Nullable Object> copy = new LinkedHashMap<>();
                map.forEach((key, item) -> copy.put(redact(String.valueOf(key)), redact(item)));
                yield copy;
            }
            case List<?> list -> {
                List<@Nullable Object> copy = new ArrayList<>(list.size());
                list.forEach(item -> copy.add(redact(item)));
                yield copy;
            }
            default -> value;
        };
    }

    public StepOutcome redact(StepOutcome outcome) {
        if (secrets.isEmpty()) {
            return outcome;
        }
        return switch (outcome) {
            case StepOutcome.Succeeded succeeded ->
                new StepOutcome.Succeeded(redact(succeeded.output()), succeeded.usage());
            case StepOutcome.Failed failed ->
                new StepOutcome.Failed(
                        redact(failed.error()), failed.retryable(), failed.retryAfter(), redact(failed.output()));
            case StepOutcome.Sleep sleep -> new StepOutcome.Sleep(sleep.until(), redact(sleep.output()));
        };
    }
}
