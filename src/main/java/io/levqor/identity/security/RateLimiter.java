package io.levqor.identity.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.levqor.identity.RateLimitTiers;
import io.levqor.identity.internal.IdentitySettings;
import io.levqor.shared.WorkspaceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j), one per API key, user or IP, held in this node's memory: with N nodes behind a balancer
 * a client may get up to N times its limit (docs/security.md). A bucket's size comes from the workspace's tier,
 * asked of the {@link RateLimitTiers} implementations and cached briefly.
 */
@Component
class RateLimiter {

    /** The outcome of taking one token. */
    record Decision(boolean allowed, String policy, int limit, long remaining, long resetSeconds, long retryAfter) {}

    private final IdentitySettings.RateLimits settings;
    private final ListableBeanFactory beans;
    private volatile @Nullable List<RateLimitTiers> tiers;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(5))
            .maximumSize(200_000)
            .build();
    private final Cache<WorkspaceId, String> tierCache;

    RateLimiter(IdentitySettings settings, ListableBeanFactory beans) {
        this.settings = settings.rateLimits();
        this.beans = beans;
        this.tierCache = Caffeine.newBuilder()
                .expireAfterWrite(this.settings.tierCacheTtl())
                .maximumSize(100_000)
                .build();
    }

    boolean enabled() {
        return settings.enabled();
    }

    Decision forAuth(String ip) {
        return take("auth:" + ip, "auth", settings.auth());
    }

    Decision forAnonymous(String ip) {
        return take("ip:" + ip, "anonymous", settings.anonymous());
    }

    Decision forCaller(String key, WorkspaceId workspace) {
        String tier = tierCache.get(workspace, this::lookUpTier);
        return take(key, tier, settings.perMinute(tier));
    }

    private String lookUpTier(WorkspaceId workspace) {
        return tiers().stream()
                .map(spi -> spi.tierOf(workspace))
                .flatMap(Optional::stream)
                .findFirst()
                .orElse("free");
    }

    // Every implementation, in @Order/Ordered order, including those registered as no autowiring candidate.
    private List<RateLimitTiers> tiers() {
        List<RateLimitTiers> known = tiers;
        if (known == null) {
            List<RateLimitTiers> found =
                    new ArrayList<>(beans.getBeansOfType(RateLimitTiers.class).values());
            AnnotationAwareOrderComparator.sort(found);
            known = List.copyOf(found);
            tiers = known;
        }
        return known;
    }

    private Decision take(String key, String policy, int limit) {
        // The limit is part of the key: when a workspace changes tier, its callers start a bucket of the new size.
        Bucket bucket = buckets.get(
                key + "#" + limit,
                k -> Bucket.builder()
                        .addLimit(l -> l.capacity(limit).refillGreedy(limit, Duration.ofMinutes(1)))
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long reset = seconds(probe.getNanosToWaitForReset());
        return new Decision(
                probe.isConsumed(),
                policy,
                limit,
                probe.getRemainingTokens(),
                reset,
                Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
