package io.levqor.billing;

import io.levqor.shared.ProblemException;
import io.levqor.shared.WorkspaceId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A run refused by the workspace's plan: {@code 402}, naming the limit, the usage and the plans that lift it. */
public class QuotaExceeded extends ProblemException {

    /** Where a plan is bought; the body names the plan and the provider. */
    public static final String CHECKOUT_PATH = "/api/v1/billing/checkout";

    public static final String DAILY_RUN_CAP = "daily-run-cap";
    public static final String CREDITS = "credits";

    private final WorkspaceId workspace;
    private final String limit;
    private final long usage;

    private QuotaExceeded(WorkspaceId workspace, String limit, long usage, String detail, Map<String, Object> props) {
        super(HttpStatus.PAYMENT_REQUIRED, "quota-exceeded", "Quota exceeded", detail, props);
        this.workspace = workspace;
        this.limit = limit;
        this.usage = usage;
    }

    public static QuotaExceeded dailyCap(WorkspaceId workspace, Plan plan, int runsToday, List<Plan> lifting) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("runsToday", runsToday);
        usage.put("dailyRunCap", plan.dailyRunCap());
        return new QuotaExceeded(
                workspace,
                DAILY_RUN_CAP,
                runsToday,
                "The " + plan.name() + " plan allows " + plan.dailyRunCap() + " run(s) a day and " + runsToday
                        + " ran today; a bigger plan lifts the cap.",
                properties(DAILY_RUN_CAP, plan, usage, lifting));
    }

    public static QuotaExceeded credits(WorkspaceId workspace, Plan plan, long balance, long cost, List<Plan> lifting) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("creditsBalance", balance);
        usage.put("runCost", cost);
        return new QuotaExceeded(
                workspace,
                CREDITS,
                balance,
                "A run costs " + cost + " credit(s) and the workspace has " + balance + "; a paid plan adds credits.",
                properties(CREDITS, plan, usage, lifting));
    }

    private static Map<String, Object> properties(
            String limit, Plan plan, Map<String, Object> usage, List<Plan> lifting) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("limit", limit);
        props.put("plan", plan.id());
        props.put("usage", usage);
        props.put("plans", lifting.stream().map(QuotaExceeded::offer).toList());
        return props;
    }

    private static Map<String, Object> offer(Plan plan) {
        Map<String, Object> offer = new LinkedHashMap<>();
        offer.put("id", plan.id());
        offer.put("name", plan.name());
        offer.put("monthlyCredits", plan.monthlyCredits());
        if (plan.dailyRunCap() != null) {
            offer.put("dailyRunCap", plan.dailyRunCap());
        }
        offer.put(
                "prices",
                plan.prices().stream()
                        .map(p -> Map.of(
                                "amount", p.amount(), "currency", p.currency().getCurrencyCode()))
                        .toList());
        offer.put("checkout", Map.of("method", "POST", "path", CHECKOUT_PATH, "body", Map.of("plan", plan.id())));
        return offer;
    }

    public WorkspaceId workspace() {
        return workspace;
    }

    /** {@code daily-run-cap} or {@code credits}. */
    public String limit() {
        return limit;
    }

    /** Runs today for the cap; the balance for credits. */
    public long usage() {
        return usage;
    }
}
