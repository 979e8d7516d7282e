package io.levqor.billing;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The life of a subscription, with its transition table in plain sight. A move that is not in the table is
 * refused: that is how a late or replayed provider event is kept from moving a subscription backwards.
 */
public enum SubscriptionState {
    TRIALING,
    ACTIVE,
    PAST_DUE,
    CANCELED,
    EXPIRED;

    private static final Map<SubscriptionState, Set<SubscriptionState>> ALLOWED = Map.of(
            TRIALING, EnumSet.of(ACTIVE, PAST_DUE, CANCELED, EXPIRED),
            ACTIVE, EnumSet.of(PAST_DUE, CANCELED),
            // a payment retried within the grace period brings it back; the end of grace expires it
            PAST_DUE, EnumSet.of(ACTIVE, CANCELED, EXPIRED),
            // canceled at period end: it runs out
            CANCELED, EnumSet.of(EXPIRED),
            EXPIRED, EnumSet.noneOf(SubscriptionState.class));

    /** Whether the table allows moving from this state to {@code next}; staying put is not a move. */
    public boolean canMoveTo(SubscriptionState next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Whether a workspace keeps the subscription's plan in this state (past due keeps it through the grace period). */
    public boolean grantsPlan() {
        return this == TRIALING || this == ACTIVE || this == PAST_DUE;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SubscriptionState fromApiName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
