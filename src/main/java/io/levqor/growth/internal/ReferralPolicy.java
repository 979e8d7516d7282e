package io.levqor.growth.internal;

import org.springframework.stereotype.Component;

/**
 * The fraud rules in force: built from the bound settings at start. Tests swap in other settings with {@link
 * #apply} (and restore {@link #configured()}) so that every rule can be exercised without a second Spring context.
 */
@Component
public class ReferralPolicy {

    private final ReferralSettings configured;
    private volatile FraudGuard guard;

    ReferralPolicy(ReferralSettings settings) {
        this.configured = settings;
        this.guard = build(settings);
    }

    public FraudGuard guard() {
        return guard;
    }

    /** The settings the application was started with. */
    public ReferralSettings configured() {
        return configured;
    }

    public void apply(ReferralSettings settings) {
        this.guard = build(settings);
    }

    private static FraudGuard build(ReferralSettings settings) {
        return new FraudGuard(settings, DisposableDomains.shippedPlus(settings.disposableDomains()));
    }
}
