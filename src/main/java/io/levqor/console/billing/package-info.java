/** The billing page: plan, balance, usage chart, ledger, upgrade buttons that go to the provider's checkout. */
@NullMarked
package io.levqor.console.billing;

import org.jspecify.annotations.NullMarked;
