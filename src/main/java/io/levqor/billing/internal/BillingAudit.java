package io.levqor.billing.internal;

import io.levqor.billing.PaymentFailed;
import io.levqor.billing.PaymentSucceeded;
import io.levqor.billing.SubscriptionChanged;
import io.levqor.identity.AuditTrail;
import io.levqor.shared.Money;
import org.jspecify.annotations.Nullable;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Puts billing's changes driven by the payment providers into the workspace's audit log, as {@code system}:
 * subscription state changes (the plan with them), payments and failed payments. Events arrive at least once, so
 * each entry is recorded once per target, and each target names its event (ids and times).
 */
@Component
class BillingAudit {

    private final AuditTrail audit;

    BillingAudit(AuditTrail audit) {
        this.audit = audit;
    }

    @ApplicationModuleListener
    void on(SubscriptionChanged changed) {
        audit.recordOnce(
                changed.workspace(),
                "system",
                "billing.subscription-changed",
                "subscription:" + changed.subscriptionId() + " provider=" + changed.provider() + " plan="
                        + changed.plan() + " from="
                        + (changed.from() == null ? "none" : changed.from().apiName())
                        + " to=" + changed.to().apiName() + " effectivePlan=" + changed.effectivePlan() + " at="
                        + changed.at());
    }

    @ApplicationModuleListener
    void on(PaymentSucceeded paid) {
        audit.recordOnce(
                paid.workspace(),
                "system",
                "billing.payment-succeeded",
                "payment:" + paid.paymentId() + " provider=" + paid.provider() + " plan=" + paid.plan() + " amount="
                        + money(paid.amount()) + " credits=" + paid.credits());
    }

    @ApplicationModuleListener
    void on(PaymentFailed failed) {
        audit.recordOnce(
                failed.workspace(),
                "system",
                "billing.payment-failed",
                "provider=" + failed.provider() + " plan=" + failed.plan() + " amount=" + money(failed.amount())
                        + " graceUntil=" + failed.graceUntil() + " at=" + failed.at() + " reason=" + failed.reason());
    }

    private static String money(@Nullable Money money) {
        return money == null
                ? "unknown"
                : money.amount() + " " + money.currency().getCurrencyCode();
    }
}
