/** All of billing's SQL: accounts, the credit ledger, run counters, subscriptions, payments and provider events. */
@NullMarked
package io.levqor.billing.jdbc;

import org.jspecify.annotations.NullMarked;
