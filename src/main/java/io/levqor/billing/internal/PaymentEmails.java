package io.levqor.billing.internal;

import io.levqor.billing.PaymentFailed;
import io.levqor.billing.PaymentSucceeded;
import io.levqor.billing.Plans;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.billing.jdbc.NoticeLog;
import io.levqor.mail.Mailer;
import io.levqor.mail.Message;
import io.levqor.shared.Money;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * The receipt and the failed-payment (dunning) mail, through the mail outbox. Each is claimed in
 * {@code billing_notice} in the transaction that queues it, so a redelivered event mails nothing twice.
 */
@Component
class PaymentEmails {

    private static final Logger log = LoggerFactory.getLogger(PaymentEmails.class);
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneOffset.UTC);

    private final Mailer mailer;
    private final AccountRepository accounts;
    private final NoticeLog notices;
    private final Plans plans;
    private final PlatformSettings platform;
    private final BillingSettings settings;
    private final Clock clock;

    PaymentEmails(
            Mailer mailer,
            AccountRepository accounts,
            NoticeLog notices,
            Plans plans,
            PlatformSettings platform,
            BillingSettings settings,
            Clock clock) {
        this.mailer = mailer;
        this.accounts = accounts;
        this.notices = notices;
        this.plans = plans;
        this.platform = platform;
        this.settings = settings;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(PaymentSucceeded paid) {
        String to = addressOf(paid.workspace());
        if (to == null || !notices.claim(paid.workspace(), "receipt:" + paid.paymentId(), clock.instant())) {
            return;
        }
        String plan = plans.orFree(paid.plan()).name();
        String text = """
                Thank you: we received your payment of %s for the Levqor %s plan on %s.
                %s credits were added to your workspace.

                Payment reference: %s
                Billing: %s
                """.formatted(
                        format(paid.amount()),
                        plan,
                        DAY.format(paid.at()),
                        paid.credits(),
                        paid.paymentId(),
                        platform.url(settings.checkoutSuccessPath()));
        mailer.send(Message.of(to, "Your Levqor receipt: " + format(paid.amount()), text)
                .withCategory("billing-receipt"));
    }

    @ApplicationModuleListener
    void on(PaymentFailed failed) {
        String to = addressOf(failed.workspace());
        String reference = "dunning:" + failed.provider() + ":" + failed.at().getEpochSecond();
        if (to == null || !notices.claim(failed.workspace(), reference, clock.instant())) {
            return;
        }
        String plan = plans.orFree(failed.plan()).name();
        String until = failed.graceUntil() == null ? "the grace period ends" : DAY.format(failed.graceUntil());
        String text = """
                We could not collect %s for your Levqor %s plan (%s).

                Your plan stays active until %s while the payment is retried. Please update your payment method;
                otherwise the workspace moves to the free plan then.

                Billing: %s
                """.formatted(
                        failed.amount() == null ? "your payment" : format(failed.amount()),
                        plan,
                        failed.reason(),
                        until,
                        platform.url(settings.checkoutSuccessPath()));
        mailer.send(Message.of(to, "Action needed: your Levqor payment failed", text)
                .withCategory("billing-dunning"));
    }

    private @Nullable String addressOf(WorkspaceId workspace) {
        String email = accounts.find(workspace)
                .map(AccountRepository.AccountRow::billingEmail)
                .orElse(null);
        if (email == null) {
            log.warn("No billing address for workspace {}; its payment mail is not sent", workspace);
        }
        return email;
    }

    // Minor units shown with the currency's own number of decimals (cents, paise; none for yen).
    static String format(Money money) {
        int digits = Math.max(0, money.currency().getDefaultFractionDigits());
        long unit = 1;
        for (int i = 0; i < digits; i++) {
            unit *= 10;
        }
        long whole = money.amount() / unit;
        long fraction = Math.abs(money.amount() % unit);
        String number = digits == 0 ? Long.toString(whole) : whole + "." + String.format("%0" + digits + "d", fraction);
        return money.currency().getCurrencyCode() + " " + number;
    }
}
