package io.levqor.growth;

import java.util.List;

/** One partner in the operator's list, with their figures. */
public record PartnerTotals(
        PartnerView partner, long clicks, long signups, long payingCustomers, List<CommissionBalance> balances) {}
