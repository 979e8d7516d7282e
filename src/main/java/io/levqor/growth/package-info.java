/**
 * Referrals, partners and commissions, lifecycle e-mail, campaigns and unsubscribes; reacts to the events of identity
 * and billing. Referrals so far: every user has a code per workspace ({@link io.levqor.growth.Referrals}); a signup
 * that names it is recorded, and when the new account verifies its address
 * ({@link io.levqor.identity.EmailVerified}) the referrer's workspace is credited through
 * {@link io.levqor.billing.Credits} once per referred person, unless a fraud rule holds the referral for the
 * operator. Partners ({@link io.levqor.growth.Partners}): workspaces that sign up through a partner's link or code
 * are attributed to it, and billing's {@link io.levqor.billing.PaymentSucceeded},
 * {@link io.levqor.billing.PaymentRefunded} and {@link io.levqor.billing.PaymentDisputed} write an append-only commission ledger (held, clawed back) that is paid
 * out through Stripe Connect transfers or by hand. Others react to {@link io.levqor.growth.ReferralRewarded},
 * {@link io.levqor.growth.ReferralFlagged}, {@link io.levqor.growth.CommissionEarned},
 * {@link io.levqor.growth.PayoutSent} and {@link io.levqor.growth.PayoutFailed}. Messaging (docs/messaging.md):
 * non-transactional mail only through {@code internal.MarketingMail} (suppression list, {@link
 * io.levqor.growth.MailPreferences}, RFC 8058 one-click unsubscribe), the lifecycle sequence and nudges
 * ({@link io.levqor.growth.LifecycleSequences}), {@link io.levqor.growth.Support} tickets and
 * {@link io.levqor.growth.Feedback}; opens and clicks are published as {@link io.levqor.growth.MailEngagement}.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "billing", "mail", "privacy", "workflow", "engine"})
@NullMarked
package io.levqor.growth;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
