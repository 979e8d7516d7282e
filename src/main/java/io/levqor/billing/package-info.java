/**
 * Plans, the credit ledger, quotas, subscriptions, payment webhooks and refunds. The engine asks it to admit each run in the transaction that creates the run.
 */
@ApplicationModule(allowedDependencies = {"shared", "identity"})
@NullMarked
package io.levqor.billing;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
