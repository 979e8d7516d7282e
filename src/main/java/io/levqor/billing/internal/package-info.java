/** Billing's machinery: settings, ledger postings, admission, provider clients, webhook handling, the grace job. */
@NullMarked
package io.levqor.billing.internal;

import org.jspecify.annotations.NullMarked;
