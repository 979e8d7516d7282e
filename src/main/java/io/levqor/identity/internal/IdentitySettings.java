package io.levqor.identity.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity's settings, bound to {@code levqor.identity.*}; docs/configuration.md lists them.
 *
 * @param adminEmail the platform operator's address ({@code LEVQOR_ADMIN_EMAIL}); empty means no operator
 * @param accessTokenTtl how long an access token is valid
 * @param refreshTokenTtl the absolute lifetime of a session (refresh-token family); rotation never extends it
 * @param clockSkew the tolerance when checking a token's times (at most 30 s)
 * @param keyRotation how old the signing key may grow before a new one takes over
 * @param passwordMinLength the shortest password accepted
 * @param operatorSetupTtl how long the one-time operator setup link logged at start stays valid
 * @param trustedProxies CIDRs of the reverse proxies whose forwarded-for headers are believed ({@code
 *     LEVQOR_TRUSTED_PROXIES}); empty (the default) believes none
 * @param metricsToken the bearer token that opens {@code /metrics} and health details to non-loopback callers
 *     ({@code LEVQOR_METRICS_TOKEN}); empty means loopback only
 * @param firstAccountOperator whether, with no {@code adminEmail}, the first account that signs up on a fresh
 *     install becomes the platform operator ({@code LEVQOR_FIRST_ACCOUNT_OPERATOR}); off for a public sign-up page
 *     that is open before the operator has signed up
 */
@ConfigurationProperties("levqor.identity")
public record IdentitySettings(
        @DefaultValue("") String adminEmail,
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("7d") Duration refreshTokenTtl,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue("30d") Duration keyRotation,
        @DefaultValue("7d") Duration invitationTtl,
        @DefaultValue("1h") Duration passwordResetTtl,
        @DefaultValue("48h") Duration emailVerificationTtl,
        @DefaultValue("10") int passwordMinLength,
        @DefaultValue LoginThrottle loginThrottle,
        @DefaultValue RateLimits rateLimits,
        @DefaultValue Cors cors,
        @DefaultValue Headers headers,
        @DefaultValue("24h") Duration operatorSetupTtl,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("") String metricsToken,
        @DefaultValue("true") boolean firstAccountOperator) {

    public IdentitySettings {
        if (clockSkew.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("levqor.identity.clock-skew must be at most 30s");
        }
    }

    /**
     * Failed logins: after {@code accountThreshold} failures for one address (or {@code ipThreshold} from one IP)
     * within {@code window}, further tries are refused for {@code firstLock}, doubling with each failure up to
     * {@code maxLock}.
     */
    public record LoginThrottle(
            @DefaultValue("5") int accountThreshold,
            @DefaultValue("50") int ipThreshold,
            @DefaultValue("15m") Duration window,
            @DefaultValue("30s") Duration firstLock,
            @DefaultValue("15m") Duration maxLock) {}

    /**
     * Requests per minute: per API key or user by the workspace's tier, per IP for anonymous calls, and per IP on
     * {@code /api/v1/auth/**}.
     */
    public record RateLimits(
            @DefaultValue("true") boolean enabled,
            @Nullable Map<String, Integer> tiers,
            @DefaultValue("60") int anonymous,
            @DefaultValue("20") int auth,
            @DefaultValue("1m") Duration tierCacheTtl) {

        public RateLimits {
            if (tiers == null || tiers.isEmpty()) {
                tiers = Map.of("free", 60, "starter", 300, "pro", 1200, "business", 6000);
            }
        }

        public int perMinute(String tier) {
            Map<String, Integer> known = tiers == null ? Map.of() : tiers;
            Integer limit = known.get(tier);
            return limit != null ? limit : known.getOrDefault("free", 60);
        }
    }

    /** Browser origins allowed to call the API cross-origin; empty (the default) means none. */
    public record Cors(@DefaultValue List<String> allowedOrigins) {}

    /** The Content-Security-Policy sent with every answer. */
    public record Headers(@Nullable String contentSecurityPolicy) {}
}
