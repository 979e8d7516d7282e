package io.levqor.growth.internal;

import io.levqor.billing.PaymentDisputed;
import io.levqor.billing.PaymentRefunded;
import io.levqor.billing.PaymentSucceeded;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/** Billing's payment events, the only trigger of commission lines (delivered after commit, at least once). */
@Component
class CommissionReactions {

    private final Commissions commissions;

    CommissionReactions(Commissions commissions) {
        this.commissions = commissions;
    }

    @ApplicationModuleListener
    void on(PaymentSucceeded paid) {
        commissions.settle(paid.workspace(), paid.paymentId(), paid.amount(), paid.at(), 0);
    }

    @ApplicationModuleListener
    void on(PaymentRefunded refunded) {
        commissions.settle(
                refunded.workspace(),
                refunded.paymentId(),
                refunded.paid(),
                refunded.paidAt(),
                refunded.refundedTotal().amount());
    }

    // A chargeback is a refund for commissions: the lost total (refunds plus counted disputes) is the payment's
    // state, so a redelivery or a second event of the same dispute finds its claw-back line already there.
    @ApplicationModuleListener
    void on(PaymentDisputed disputed) {
        commissions.settle(
                disputed.workspace(),
                disputed.paymentId(),
                disputed.paid(),
                disputed.paidAt(),
                disputed.lostTotal().amount());
    }
}
