package io.levqor.growth;

import java.util.List;

/** A partner's figures: clicks on the link, attributed signups, paying customers, money per currency, payouts. */
public record PartnerDashboard(
        PartnerView partner,
        long clicks,
        long signups,
        long payingCustomers,
        List<CommissionBalance> balances,
        List<PayoutView> payouts) {}
