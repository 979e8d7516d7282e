package io.levqor.billing;

import java.util.Locale;
import java.util.Optional;

/** The payment providers Levqor talks to. */
public enum PaymentProvider {
    STRIPE,
    RAZORPAY;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PaymentProvider> fromApiName(String value) {
        for (PaymentProvider p : values()) {
            if (p.apiName().equals(value)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
