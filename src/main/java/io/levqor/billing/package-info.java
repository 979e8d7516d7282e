/**
 * Plans, the credit ledger, quotas, subscriptions, payment webhooks and refunds. The engine asks
 * {@link io.levqor.billing.RunAdmission} to admit each run in the transaction that creates it; other modules grant
 * credits through {@link io.levqor.billing.Credits} and react to {@link io.levqor.billing.PaymentSucceeded},
 * {@link io.levqor.billing.PaymentRefunded}, {@link io.levqor.billing.PaymentDisputed} (chargebacks),
 * {@link io.levqor.billing.PaymentFailed}, {@link io.levqor.billing.SubscriptionChanged},
 * {@link io.levqor.billing.CreditsGranted} and {@link io.levqor.billing.RunRefused}.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "mail"})
@NullMarked
package io.levqor.billing;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
