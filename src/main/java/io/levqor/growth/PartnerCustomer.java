package io.levqor.growth;

import java.time.Instant;
import java.util.List;

/**
 * A workspace a partner brought, as the partner sees it: a masked id (stable per partner, not the workspace's id),
 * dates and amounts, nothing that names the customer.
 *
 * @param amounts what the customer paid net of refunds and what it earned, per currency
 */
public record PartnerCustomer(String customer, String source, Instant attributedAt, List<CurrencyAmounts> amounts) {

    /** Net payments and commission in one currency, minor units. */
    public record CurrencyAmounts(String currency, long paid, long commission) {}
}
