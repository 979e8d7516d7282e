/**
 * Referrals, partners and commissions, lifecycle e-mail, campaigns and unsubscribes; reacts to the events of identity
 * and billing. Referrals so far: every user has a code per workspace ({@link io.levqor.growth.Referrals}); a signup
 * that names it is recorded, and when the new account verifies its address
 * ({@link io.levqor.identity.EmailVerified}) the referrer's workspace is credited through
 * {@link io.levqor.billing.Credits} once per referred person, unless a fraud rule holds the referral for the
 * operator. Others react to {@link io.levqor.growth.ReferralRewarded} and {@link io.levqor.growth.ReferralFlagged}.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "billing"})
@NullMarked
package io.levqor.growth;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
