package io.levqor.billing.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The payment providers' fee rates, bound to {@code levqor.billing.fees.<provider>}: used for a payment whose event
 * does not carry the fee the provider took (Stripe's events name a balance transaction; only an expanded one says
 * the fee). The cost dashboard subtracts the fees from revenue.
 */
@ConfigurationProperties("levqor.billing.fees")
public record FeeSettings(
        @DefaultValue Rate stripe, @DefaultValue Rate razorpay) {

    /**
     * A rate: {@code percent} of the amount, rounded half up to the minor unit, plus {@code fixed}.
     *
     * @param percent e.g. 2.9 for 2.9 %
     * @param fixed in the payment currency's minor units (30 for 0.30 USD)
     */
    public record Rate(
            @DefaultValue("0") BigDecimal percent,
            @DefaultValue("0") long fixed) {

        public Rate {
            if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0 || fixed < 0) {
                throw new IllegalArgumentException(
                        "levqor.billing.fees.<provider>: percent must be within 0..100 and fixed >= 0");
            }
        }

        /** The fee on {@code amount} minor units, never more than the amount. */
        public long feeOn(long amount) {
            long share = BigDecimal.valueOf(amount)
                    .multiply(percent)
                    .movePointLeft(2)
                    .setScale(0, RoundingMode.HALF_UP)
                    .longValueExact();
            return Math.min(amount, Math.addExact(share, fixed));
        }
    }
}
