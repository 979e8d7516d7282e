package io.levqor.analytics.internal;

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
 * Limits the events a workspace sends with a Bucket4j token bucket per workspace, held in memory (per node) and
 * counted in events, not requests: a batch takes as many tokens as it holds. A refusal is {@code 429} with
 * {@code retryAfterSeconds}, and nothing of the batch is stored.
 */
@Component
public class EventRateLimit {

    /** Buckets kept before the map is emptied (idle buckets are full anyway, so forgetting them is harmless). */
    private static final int MAX_BUCKETS = 100_000;

    private volatile AnalyticsSettings.RateLimit limits;
    private final Map<WorkspaceId, Bucket> buckets = new ConcurrentHashMap<>();

    EventRateLimit(AnalyticsSettings settings) {
        this.limits = settings.events().rateLimit();
    }

    /** Changes the limits on this node (tests use small ones) and forgets every bucket; returns the previous ones. */
    public AnalyticsSettings.RateLimit limits(AnalyticsSettings.RateLimit next) {
        AnalyticsSettings.RateLimit previous = limits;
        limits = next;
        buckets.clear();
        return previous;
    }

    /** Takes {@code events} tokens from the workspace's bucket, or throws the 429 problem. */
    public void acquire(WorkspaceId workspace, int events) {
        AnalyticsSettings.RateLimit current = limits;
        if (!current.enabled() || events == 0) {
            return;
        }
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear();
        }
        long capacity = Math.max(current.burst(), current.perWorkspace());
        Bucket bucket = buckets.computeIfAbsent(
                workspace,
                k -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(capacity)
                                .refillGreedy(current.perWorkspace(), current.period())
                                .build())
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(events);
        if (!probe.isConsumed()) {
            long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new ProblemException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "rate-limited",
                    "Too many requests",
                    "This workspace may send " + current.perWorkspace() + " events per "
                            + current.period().toMillis() + " ms (bursts of " + capacity + "); retry in "
                            + retryAfter + " s.",
                    Map.of("limit", current.perWorkspace(), "retryAfterSeconds", retryAfter));
        }
    }
}
