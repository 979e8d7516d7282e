package io.levqor.engine.internal;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.levqor.shared.ProblemException;
import io.levqor.shared.WorkspaceId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Limits {@code POST /hooks/{token}} per webhook token and per workspace with Bucket4j token buckets held in
 * memory (per node). A refusal is {@code 429} with {@code Retry-After}. On the hot path: two map lookups and two
 * lock-free bucket updates.
 */
@Component
public class HookRateLimit {

    /** Buckets kept before the maps are emptied (idle buckets are full anyway, so forgetting them is harmless). */
    private static final int MAX_BUCKETS = 100_000;

    private volatile HookRateLimitSettings settings;
    private final Map<String, Bucket> perToken = new ConcurrentHashMap<>();
    private final Map<WorkspaceId, Bucket> perWorkspace = new ConcurrentHashMap<>();

    HookRateLimit(HookRateLimitSettings settings) {
        this.settings = settings;
    }

    /** Changes the limits on this node (tests use small ones) and forgets every bucket; returns the previous ones. */
    public HookRateLimitSettings limits(HookRateLimitSettings next) {
        HookRateLimitSettings previous = settings;
        settings = next;
        perToken.clear();
        perWorkspace.clear();
        return previous;
    }

    /** Takes one request from the token's and the workspace's buckets, or throws the 429 problem. */
    void acquire(String token, WorkspaceId workspace) {
        HookRateLimitSettings limits = settings;
        if (!limits.enabled()) {
            return;
        }
        take(perToken, token, limits.perToken(), limits.perTokenBurst(), limits, "this webhook");
        take(
                perWorkspace,
                workspace,
                limits.perWorkspace(),
                limits.perWorkspaceBurst(),
                limits,
                "this workspace's webhooks");
    }

    private static <K> void take(
            Map<K, Bucket> buckets, K key, long rate, long burst, HookRateLimitSettings limits, String whose) {
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(
                key,
                k -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(Math.max(burst, rate))
                                .refillGreedy(rate, limits.period())
                                .build())
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new ProblemException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "rate-limited",
                    "Too many requests",
                    "The rate limit of " + whose + " (" + rate + " per "
                            + limits.period().toMillis()
                            + " ms, bursts of " + Math.max(burst, rate) + ") is used up; retry in " + retryAfter
                            + " s.",
                    Map.of("limit", rate, "retryAfterSeconds", retryAfter));
        }
    }
}
