package io.levqor.engine.internal;

import io.levqor.engine.RunStatus;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.shared.Ids;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.ProblemException;
import io.levqor.workflow.WebhookTarget;
import io.levqor.workflow.Workflows;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Inbound webhooks: checks the signature, stores the run durably (group commit) and, for a workflow that
 * responds synchronously, waits for its output up to {@code levqor.engine.sync-timeout}.
 */
@Component
public class Hooks {

    /** {@code X-Levqor-Signature: sha256=<hex HMAC-SHA256 of the raw body with the trigger's secret>}. */
    public static final String SIGNATURE_HEADER = "X-Levqor-Signature";

    private static final Duration POLL = Duration.ofMillis(100);

    private final Workflows workflows;
    private final RunIngest ingest;
    private final RunWaiters waiters;
    private final RunRepository runs;
    private final Json json;
    private final EngineSettings settings;
    private final PlatformSettings platform;
    private final HookRateLimit rateLimit;
    private volatile Duration syncTimeout;

    Hooks(
            Workflows workflows,
            RunIngest ingest,
            RunWaiters waiters,
            RunRepository runs,
            Json json,
            EngineSettings settings,
            PlatformSettings platform,
            HookRateLimit rateLimit) {
        this.rateLimit = rateLimit;
        this.workflows = workflows;
        this.ingest = ingest;
        this.waiters = waiters;
        this.runs = runs;
        this.json = json;
        this.settings = settings;
        this.platform = platform;
        this.syncTimeout = settings.syncTimeout();
    }

    /** Changes how long sync webhooks wait on this node (tests use a short one); returns the previous value. */
    public Duration syncTimeout(Duration timeout) {
        Duration previous = syncTimeout;
        syncTimeout = timeout;
        return previous;
    }

    /** What to answer: {@code 202 {runId}}, {@code 200} with the output, or {@code 202 {runId, statusUrl}}. */
    public sealed interface Answer {
        record Queued(UUID runId) implements Answer {}

        record Output(UUID runId, @Nullable Object output) implements Answer {}

        record Pending(UUID runId, String status, String statusUrl) implements Answer {}
    }

    /** An inbound request as received: the raw body and its headers (names lower-cased) and query parameters. */
    public record Inbound(
            byte[] body, @Nullable String contentType, Map<String, String> headers, Map<String, String> query) {}

    public Answer receive(String token, Inbound inbound) {
        WebhookTarget target = workflows
                .findByWebhookToken(token)
                .filter(WebhookTarget::active)
                .orElseThrow(() -> new ProblemException(
                        HttpStatus.NOT_FOUND, "not-found", "Not found", "no active webhook has this address"));
        // Limited once the token is known to be real, so random tokens cannot fill the limiter's memory.
        rateLimit.acquire(token, target.workspace());
        String secret = target.trigger().secret();
        if (secret != null
                && !signatureMatches(secret, inbound.body(), inbound.headers().get("x-levqor-signature"))) {
            throw new ProblemException(
                    HttpStatus.UNAUTHORIZED,
                    "bad-signature",
                    "Bad signature",
                    "the " + SIGNATURE_HEADER + " header is missing or does not match the body");
        }
        Map<String, @Nullable Object> trigger = new LinkedHashMap<>();
        trigger.put("body", body(inbound));
        trigger.put("headers", inbound.headers());
        trigger.put("query", inbound.query());
        UUID runId = Ids.newId();
        boolean sync = target.trigger().respondSync();
        CompletableFuture<RunRepository.StatusAndOutput> ended = sync ? waiters.register(runId) : null;
        try {
            var start = new RunIngest.Start(
                    workflows.version(target.workspace(), target.workflow(), target.version()),
                    runId,
                    "webhook",
                    trigger,
                    null);
            join(ingest.submit(start));
            if (!sync) {
                return new Answer.Queued(runId);
            }
            return awaitOutput(target, runId, ended);
        } finally {
            if (ended != null) {
                waiters.forget(runId);
            }
        }
    }

    private Answer awaitOutput(
            WebhookTarget target, UUID runId, CompletableFuture<RunRepository.StatusAndOutput> ended) {
        long deadline = System.nanoTime() + syncTimeout.toNanos();
        RunRepository.StatusAndOutput current = null;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                // Woken at once when this node finishes the run; the poll covers runs finished by another node.
                current = ended.get(Math.min(left, POLL.toNanos()), TimeUnit.NANOSECONDS);
                break;
            } catch (TimeoutException e) {
                // poll below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                break;
            }
            current = runs.status(target.workspace(), runId).orElse(null);
            if (current != null && current.status().isFinal()) {
                break;
            }
        }
        if (current != null && current.status() == RunStatus.SUCCEEDED) {
            return new Answer.Output(runId, json.read(current.output()));
        }
        String status =
                current == null ? RunStatus.QUEUED.apiName() : current.status().apiName();
        return new Answer.Pending(runId, status, platform.url("/api/v1/runs/" + runId));
    }

    private @Nullable Object body(Inbound inbound) {
        if (inbound.body().length == 0) {
            return null;
        }
        String text = new String(inbound.body(), StandardCharsets.UTF_8);
        if (inbound.contentType() != null && inbound.contentType().toLowerCase().contains("json")) {
            try {
                return json.read(text);
            } catch (JacksonException e) {
                return text;
            }
        }
        return text;
    }

    static boolean signatureMatches(String secret, byte[] body, @Nullable String header) {
        if (header == null || !header.startsWith("sha256=")) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring("sha256=".length()).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, body), given);
    }

    /** HMAC-SHA256 of {@code body} keyed with the secret's UTF-8 bytes. */
    public static byte[] sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
