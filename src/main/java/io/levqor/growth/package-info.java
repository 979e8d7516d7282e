/**
 * Referrals, partners and commissions, lifecycle e-mail, campaigns and unsubscribes; reacts to the events of identity and billing.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity", "billing"})
@NullMarked
package io.levqor.growth;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
