package io.levqor.growth.internal;

import org.springframework.stereotype.Component;

/**
 * The partner settings in force: the bound ones at start. Tests swap in others with {@link #apply} (and restore
 * {@link #configured()}) so that holds, thresholds and the Stripe endpoint can be exercised in one Spring context.
 */
@Component
public class PartnerPolicy {

    private final PartnerSettings configured;
    private volatile PartnerSettings current;

    PartnerPolicy(PartnerSettings settings) {
        this.configured = settings;
        this.current = settings;
    }

    public PartnerSettings current() {
        return current;
    }

    /** The settings the application was started with. */
    public PartnerSettings configured() {
        return configured;
    }

    public void apply(PartnerSettings settings) {
        this.current = settings;
    }
}
