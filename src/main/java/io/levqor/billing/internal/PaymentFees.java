package io.levqor.billing.internal;

import io.levqor.billing.PaymentProvider;
import io.levqor.billing.jdbc.CostRepository;
import io.levqor.billing.jdbc.PaymentRepository.PaymentRow;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The fee a payment cost: the provider's own figure when its event carries one, else the configured rate
 * ({@code levqor.billing.fees.<provider>}); stored on the payment with where it came from.
 */
@Component
public class PaymentFees {

    static final String PROVIDER = "provider";
    static final String RATE = "rate";

    private final FeeSettings settings;
    private final CostRepository costs;

    PaymentFees(FeeSettings settings, CostRepository costs) {
        this.settings = settings;
        this.costs = costs;
    }

    /** Stores the fee of a payment recorded in this transaction; {@code providerFee} in its minor units. */
    public void record(PaymentRow payment, @Nullable Long providerFee) {
        if (providerFee != null && providerFee >= 0) {
            costs.setFee(payment.tenant(), payment.id(), providerFee, PROVIDER);
        } else {
            costs.setFee(
                    payment.tenant(), payment.id(), rate(payment.provider()).feeOn(payment.amount()), RATE);
        }
    }

    private FeeSettings.Rate rate(PaymentProvider provider) {
        return provider == PaymentProvider.RAZORPAY ? settings.razorpay() : settings.stripe();
    }
}
