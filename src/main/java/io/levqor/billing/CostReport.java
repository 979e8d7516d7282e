package io.levqor.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The operator's cost dashboard for a range of UTC days or months. Money is a decimal of its currency: revenue and
 * fees in each payment's currency (minor-unit precision), costs and margin in the platform currency (six decimals,
 * the LLM price table's precision).
 *
 * @param period {@code day} or {@code month}
 * @param from the first day covered (a month's first day for {@code month})
 * @param to the last day covered, inclusive
 * @param currency the platform currency
 * @param rows one per day or month, oldest first, empty ones included
 * @param topWorkspaces the workspaces with the highest LLM cost over the whole range, highest first (at most 10)
 */
public record CostReport(
        String period,
        LocalDate from,
        LocalDate to,
        String currency,
        List<Row> rows,
        List<TopWorkspace> topWorkspaces) {

    /**
     * One day or month.
     *
     * @param revenue per payment currency
     * @param llmCost per model
     * @param margin net revenue in the platform currency, minus its payment fees, LLM cost and fixed costs (payments
     *     in other currencies are listed in {@code revenue} but not converted)
     */
    public record Row(
            LocalDate start,
            List<Revenue> revenue,
            List<ModelCost> llmCost,
            BigDecimal llmCostTotal,
            List<FixedCost> fixedCosts,
            BigDecimal fixedCostTotal,
            BigDecimal margin) {}

    /**
     * Revenue in one currency: payments made in the period, refunds recorded in it, and the providers' fees.
     *
     * @param net payments minus refunds
     */
    public record Revenue(
            String currency,
            long paymentCount,
            BigDecimal payments,
            BigDecimal refunds,
            BigDecimal net,
            BigDecimal fees) {}

    /** LLM cost of one model. */
    public record ModelCost(String model, BigDecimal cost, long promptTokens, long completionTokens) {}

    /** One configured fixed cost's share of the period. */
    public record FixedCost(String name, BigDecimal amount) {}

    /** A workspace's LLM cost over the range. */
    public record TopWorkspace(
            UUID workspaceId, BigDecimal llmCost, long promptTokens, long completionTokens, long runs) {}
}
