package io.levqor.billing.internal;

import io.levqor.billing.PaymentProvider;
import io.levqor.billing.jdbc.CostRepository;
import io.levqor.billing.jdbc.PaymentRepository;
import io.levqor.billing.jdbc.PaymentRepository.PaymentRow;
import io.levqor.shared.WorkspaceId;
import java.util.Optional;
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
    private final PaymentRepository payments;

    PaymentFees(FeeSettings settings, CostRepository costs, PaymentRepository payments) {
        this.settings = settings;
        this.costs = costs;
        this.payments = payments;
    }

    /**
     * A provider's event reports the fee of a payment that may be recorded already (Razorpay's
     * {@code payment.captured} after {@code subscription.charged}): the provider's figure replaces the rate's. Empty
     * when the payment is not recorded (yet): the event that records it carries the fee too.
     */
    public Optional<WorkspaceId> reported(PaymentProvider provider, String externalId, long fee) {
        return payments.lockByExternalId(provider, externalId, null).map(row -> {
            costs.setFee(row.tenant(), row.id(), fee, PROVIDER);
            return row.tenant();
        });
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
