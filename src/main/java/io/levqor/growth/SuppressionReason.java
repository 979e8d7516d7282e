package io.levqor.growth;

import java.util.Locale;

/** Why an address is on the suppression list. */
public enum SuppressionReason {
    UNSUBSCRIBED,
    HARD_BOUNCE,
    COMPLAINT,
    /** An SMS or WhatsApp reply of STOP (or one of its synonyms). */
    STOP,
    /** A push token the provider reports as no longer registered. */
    UNREGISTERED,
    MANUAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SuppressionReason fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
