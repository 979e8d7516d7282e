package io.levqor.billing.web;

import io.levqor.billing.Checkout;
import io.levqor.billing.Credits;
import io.levqor.billing.LedgerEntry;
import io.levqor.billing.LimitsView;
import io.levqor.billing.LlmMetering;
import io.levqor.billing.LlmUsageReport;
import io.levqor.billing.PaymentView;
import io.levqor.billing.Payments;
import io.levqor.billing.Plan;
import io.levqor.billing.Plans;
import io.levqor.billing.Quotas;
import io.levqor.billing.RateLimit;
import io.levqor.billing.SpendGuard;
import io.levqor.billing.SpendGuardView;
import io.levqor.billing.Subscriptions;
import io.levqor.billing.UsageView;
import io.levqor.shared.Caller;
import io.levqor.shared.Money;
import io.levqor.shared.ProblemException;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.ValidationFailed;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The billing API of the calling workspace: plans, usage, limits, the ledger, payments and checkout. */
@RestController
@RequestMapping("/api/v1/billing")
class BillingController {

    private final Plans plans;
    private final Quotas quotas;
    private final Credits credits;
    private final Checkout checkout;
    private final Payments payments;
    private final Subscriptions subscriptions;
    private final SpendGuard spendGuard;
    private final LlmMetering llmMetering;

    BillingController(
            SpendGuard spendGuard,
            LlmMetering llmMetering,
            Plans plans,
            Quotas quotas,
            Credits credits,
            Checkout checkout,
            Payments payments,
            Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
        this.spendGuard = spendGuard;
        this.llmMetering = llmMetering;
        this.plans = plans;
        this.quotas = quotas;
        this.credits = credits;
        this.checkout = checkout;
        this.payments = payments;
    }

    record PriceResponse(long amount, String currency) {
        static PriceResponse of(Money money) {
            return new PriceResponse(money.amount(), money.currency().getCurrencyCode());
        }
    }

    record RateLimitResponse(int requests, String per) {
        static @Nullable RateLimitResponse of(@Nullable RateLimit limit) {
            return limit == null
                    ? null
                    : new RateLimitResponse(limit.requests(), limit.per().toString());
        }
    }

    record PlanResponse(
            String id,
            String name,
            long signupCredits,
            long monthlyCredits,
            @Nullable Integer dailyRunCap,
            @Nullable PriceResponse price,
            List<PriceResponse> prices,
            RateLimitResponse rateLimit,
            String tier) {
        static PlanResponse of(Plan plan) {
            var price = plan.price("USD").or(() -> plan.prices().stream().findFirst());
            return new PlanResponse(
                    plan.id(),
                    plan.name(),
                    plan.signupCredits(),
                    plan.monthlyCredits(),
                    plan.dailyRunCap(),
                    price.map(PriceResponse::of).orElse(null),
                    plan.prices().stream().map(PriceResponse::of).toList(),
                    RateLimitResponse.of(plan.rateLimit()),
                    plan.tier());
        }
    }

    /** The plans on offer; empty when billing is off. */
    @GetMapping("/plans")
    @RequiresRole(Role.VIEWER)
    List<PlanResponse> plans(Caller caller) {
        if (!quotas.billingEnabled()) {
            return List.of();
        }
        return plans.all().stream().map(PlanResponse::of).toList();
    }

    @GetMapping("/usage")
    @RequiresRole(Role.VIEWER)
    UsageView usage(Caller caller) {
        return quotas.usage(caller.workspace());
    }

    @Operation(
            summary = "LLM usage: tokens, credits and cost per day and per run",
            description = "Per day in the workspace's time zone (the last `days`, today included) and the latest"
                    + " `runs` runs whose llm steps used tokens in that span. Costs are in millionths of `currency`.")
    @GetMapping("/llm-usage")
    @RequiresRole(Role.VIEWER)
    LlmUsageReport llmUsage(
            Caller caller, @RequestParam(defaultValue = "30") int days, @RequestParam(defaultValue = "20") int runs) {
        if (days < 1 || days > LlmMetering.MAX_REPORT) {
            throw ValidationFailed.of("days", "must be between 1 and " + LlmMetering.MAX_REPORT);
        }
        if (runs < 1 || runs > LlmMetering.MAX_REPORT) {
            throw ValidationFailed.of("runs", "must be between 1 and " + LlmMetering.MAX_REPORT);
        }
        return llmMetering.report(caller.workspace(), days, runs);
    }

    /**
     * What the owner's spend-limit request holds; a member left out stays as it is.
     *
     * @param dailyCredits the workspace's own limit on credits spent per day; null removes it
     * @param dailyLlmCostMicros its own limit on the day's LLM cost in millionths of the LLM price table's currency;
     *     null removes it
     * @param timeZone the IANA time zone whose midnight starts the workspace's day (Europe/Berlin); UTC by default
     */
    record SpendLimitRequest(
            @Nullable Long dailyCredits,
            @Nullable Long dailyLlmCostMicros,
            @Nullable String timeZone) {}

    @Operation(
            summary = "The daily spend guard: the limits on credits and LLM cost per day, today's spending and the"
                    + " workspace's time zone")
    @GetMapping("/spend-limit")
    @RequiresRole(Role.VIEWER)
    @Nullable
    SpendGuardView spendLimit(Caller caller) {
        return spendGuard.view(caller.workspace());
    }

    @Operation(
            summary = "Set the workspace's own daily spend limits and its time zone",
            description = "Each limit at most the operator's cap (or the configured default cap). Once the day's"
                    + " credits or LLM cost reach a limit, new runs are refused with 402 spend-limit until the next"
                    + " midnight in the workspace's time zone; runs already started finish. A member left out stays"
                    + " as it is; an unknown time zone is a 400 naming timeZone. Audited.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @io.swagger.v3.oas.annotations.media.Content(
                                            schema =
                                                    @io.swagger.v3.oas.annotations.media.Schema(
                                                            implementation = SpendLimitRequest.class))))
    @PutMapping("/spend-limit")
    @RequiresRole(Role.OWNER)
    @Nullable
    SpendGuardView setSpendLimit(Caller caller, @RequestBody tools.jackson.databind.JsonNode request) {
        var body = new SpendLimitBody(request);
        body.requireOneOf("dailyCredits", "dailyLlmCostMicros", "timeZone");
        return spendGuard.setOwnerLimits(
                caller, body.limit("dailyCredits"), body.limit("dailyLlmCostMicros"), body.text("timeZone"));
    }

    record LimitsResponse(
            boolean billingEnabled,
            @Nullable String plan,
            @Nullable Integer dailyRunCap,
            int runsToday,
            @Nullable Long creditsBalance,
            @Nullable RateLimitResponse rateLimit) {}

    @GetMapping("/limits")
    @RequiresRole(Role.VIEWER)
    LimitsResponse limits(Caller caller) {
        LimitsView limits = quotas.limits(caller.workspace());
        return new LimitsResponse(
                limits.billingEnabled(),
                limits.plan(),
                limits.dailyRunCap(),
                limits.runsToday(),
                limits.creditsBalance(),
                RateLimitResponse.of(limits.rateLimit()));
    }

    record LedgerLine(Instant at, String kind, long amount, long balanceAfter, long shortfall, String reference) {
        static LedgerLine of(LedgerEntry entry) {
            return new LedgerLine(
                    entry.at(),
                    entry.kind().dbName(),
                    entry.amount(),
                    entry.balanceAfter(),
                    entry.shortfall(),
                    entry.reference());
        }
    }

    record LedgerResponse(List<LedgerLine> items, @Nullable String nextCursor) {}

    @GetMapping("/ledger")
    @RequiresRole(Role.VIEWER)
    LedgerResponse ledger(
            Caller caller,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        var page = credits.ledger(caller.workspace(), cursor, limit);
        return new LedgerResponse(page.items().stream().map(LedgerLine::of).toList(), page.nextCursor());
    }

    record SubscriptionResponse(
            String id,
            String provider,
            String plan,
            String state,
            @Nullable Instant periodStart,
            @Nullable Instant periodEnd,
            @Nullable Instant graceUntil) {}

    /** The workspace's subscription; 404 when it never subscribed. */
    @GetMapping("/subscription")
    @RequiresRole(Role.VIEWER)
    SubscriptionResponse subscription(Caller caller) {
        var view = subscriptions
                .current(caller.workspace())
                .orElseThrow(() -> ProblemException.notFound("subscription of workspace", caller.workspace()));
        return new SubscriptionResponse(
                view.id().toString(),
                view.provider(),
                view.plan(),
                view.state().apiName(),
                view.periodStart(),
                view.periodEnd(),
                view.graceUntil());
    }

    record PaymentsResponse(List<PaymentView> items) {}

    @GetMapping("/payments")
    @RequiresRole(Role.VIEWER)
    PaymentsResponse payments(Caller caller) {
        return new PaymentsResponse(payments.list(caller.workspace(), 100));
    }

    record CheckoutRequest(
            @NotBlank String plan,
            @NotBlank String provider,
            @Nullable String currency) {}

    record UrlResponse(String url) {}

    @PostMapping("/checkout")
    @RequiresRole(Role.ADMIN)
    UrlResponse checkout(Caller caller, @Valid @RequestBody CheckoutRequest request) {
        return new UrlResponse(
                checkout.start(caller.workspace(), request.plan(), request.provider(), request.currency()));
    }

    @PostMapping("/portal")
    @RequiresRole(Role.ADMIN)
    UrlResponse portal(Caller caller) {
        return new UrlResponse(checkout.portal(caller.workspace()));
    }
}
