/** Billing's HTTP adapters: the billing API, the provider webhooks and the operator's refund endpoint. */
@NullMarked
package io.levqor.billing.web;

import org.jspecify.annotations.NullMarked;
