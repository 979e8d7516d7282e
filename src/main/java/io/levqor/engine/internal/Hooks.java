package io.levqor.engine.internal;

import io.levqor.engine.RunStatus;
import io.levqor.engine.jdbc.RunRepository;
import io.levqor.shared.Ids;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import io.levqor.workflow.ExpressionFailed;
import io.levqor.workflow.SampleData;
import io.levqor.workflow.Templates;
import io.levqor.workflow.WebhookTarget;
import io.levqor.workflow.WorkflowVersion;
import io.levqor.workflow.Workflows;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** The longest delivery key, from the header or a definition's {@code dedupe}. */
    static final int MAX_KEY_LENGTH = 255;

    private static final Duration POLL = Duration.ofMillis(100);

    private final Workflows workflows;
    private final RunIngest ingest;
    private final RunWaiters waiters;
    private final RunRepository runs;
    private final Json json;
    private final EngineSettings settings;
    private final PlatformSettings platform;
    private final HookRateLimit rateLimit;
    private final Templates templates;
    private final HookIdempotencySettings idempotency;
    private final Clock clock;
    private final SampleData samples;
    private volatile Duration syncTimeout;

    Hooks(
            Workflows workflows,
            RunIngest ingest,
            RunWaiters waiters,
            RunRepository runs,
            Json json,
            EngineSettings settings,
            PlatformSettings platform,
            HookRateLimit rateLimit,
            Templates templates,
            HookIdempotencySettings idempotency,
            Clock clock,
            SampleData samples) {
        this.samples = samples;
        this.rateLimit = rateLimit;
        this.templates = templates;
        this.idempotency = idempotency;
        this.clock = clock;
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
        /** Whether an earlier delivery with the same key started the run: nothing new was started. */
        boolean replayed();

        record Queued(UUID runId, boolean replayed) implements Answer {}

        record Output(UUID runId, @Nullable Object output, boolean replayed) implements Answer {}

        record Pending(UUID runId, String status, String statusUrl, boolean replayed) implements Answer {}

        /** A test-webhook capture took the call as sample data: no run was started. */
        record Captured() implements Answer {
            @Override
            public boolean replayed() {
                return false;
            }
        }
    }

    /** An inbound request as received: the raw body and its headers (names lower-cased) and query parameters. */
    public record Inbound(
            byte[] body, @Nullable String contentType, Map<String, String> headers, Map<String, String> query) {}

    public Answer receive(String token, Inbound inbound) {
        // An armed test-webhook capture (docs/workflows.md) takes a call also while the workflow is inactive.
        WebhookTarget target = workflows
                .findByWebhookToken(token)
                .filter(found -> found.active() || found.listening(clock.instant()))
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
        // Only while a capture is armed (a flag loaded with the cached target) does a call cost a look at it.
        if (target.listening(clock.instant())) {
            if (samples.capture(target.workspace(), target.workflow(), trigger)) {
                return new Answer.Captured();
            }
            if (!target.active()) {
                throw new ProblemException(
                        HttpStatus.NOT_FOUND, "not-found", "Not found", "no active webhook has this address");
            }
        }
        WorkflowVersion version = workflows.version(target.workspace(), target.workflow(), target.version());
        String key = deliveryKey(version, trigger, inbound);
        if (key != null) {
            // A key older than the retention is forgotten here, not only by the sweep, so the window is exact.
            runs.forgetIdempotencyKey(target.workspace(), key, clock.instant().minus(idempotency.retention()));
        }
        UUID runId = Ids.newId();
        boolean sync = target.trigger().respondSync();
        CompletableFuture<RunRepository.StatusAndOutput> ended = sync ? waiters.register(runId) : null;
        try {
            RunIngest.Started started =
                    join(ingest.submit(new RunIngest.Start(version, runId, "webhook", trigger, key)));
            // An earlier delivery with the same key stored its run: answer that one, exactly as for a first delivery.
            boolean replayed = !started.created();
            if (!sync) {
                return new Answer.Queued(started.runId(), replayed);
            }
            return awaitOutput(target, started.runId(), replayed ? new CompletableFuture<>() : ended, replayed);
        } finally {
            if (ended != null) {
                waiters.forget(runId);
            }
        }
    }

    /**
     * The delivery's key, namespaced by workflow: the definition's {@code dedupe} when it yields a value (the
     * workflow's author chose the provider's own delivery id), otherwise the {@code Idempotency-Key} header; null
     * when neither gives one.
     */
    private @Nullable String deliveryKey(
            WorkflowVersion version, Map<String, @Nullable Object> trigger, Inbound inbound) {
        String key = null;
        String field = "Idempotency-Key";
        String dedupe = version.definition().dedupe();
        if (dedupe != null) {
            Object value;
            try {
                value = templates.render(dedupe, Map.of("trigger", trigger));
            } catch (ExpressionFailed e) {
                throw ValidationFailed.of("dedupe", "could not be evaluated for this delivery: " + e.getMessage());
            }
            if (value != null && !(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
                key = String.valueOf(value);
                field = "dedupe";
            }
        }
        if (key == null || key.isEmpty()) {
            key = inbound.headers().get("idempotency-key");
            field = "Idempotency-Key";
        }
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ValidationFailed.of(field, "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        return RunRepository.HOOK_KEY_PREFIX + version.workflow().value() + ":" + key;
    }

    private Answer awaitOutput(
            WebhookTarget target,
            UUID runId,
            CompletableFuture<RunRepository.StatusAndOutput> ended,
            boolean replayed) {
        long deadline = System.nanoTime() + syncTimeout.toNanos();
        // A replayed delivery's run may have ended long ago (no waiter will hear of it): read it first.
        RunRepository.StatusAndOutput current =
                replayed ? runs.status(target.workspace(), runId).orElse(null) : null;
        while (current == null || !current.status().isFinal()) {
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
            return new Answer.Output(runId, json.read(current.output()), replayed);
        }
        String status =
                current == null ? RunStatus.QUEUED.apiName() : current.status().apiName();
        return new Answer.Pending(runId, status, platform.url("/api/v1/runs/" + runId), replayed);
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
