package io.levqor.console.billing;

import io.levqor.billing.Checkout;
import io.levqor.billing.Credits;
import io.levqor.billing.LlmMetering;
import io.levqor.billing.Plan;
import io.levqor.billing.Plans;
import io.levqor.billing.Quotas;
import io.levqor.billing.Subscriptions;
import io.levqor.billing.UsageHistory;
import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.ConsoleRole;
import io.levqor.console.web.Flash;
import io.levqor.shared.ProblemException;
import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/** Billing: what the workspace has and has used, and the way to a bigger plan. */
@Controller
class BillingPages {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CHART_DAYS = 30;

    private final Quotas quotas;
    private final Plans plans;
    private final Credits credits;
    private final Subscriptions subscriptions;
    private final Checkout checkout;
    private final UsageHistory usageHistory;
    private final LlmMetering llmMetering;

    BillingPages(
            Quotas quotas,
            Plans plans,
            Credits credits,
            Subscriptions subscriptions,
            Checkout checkout,
            UsageHistory usageHistory,
            LlmMetering llmMetering) {
        this.llmMetering = llmMetering;
        this.quotas = quotas;
        this.plans = plans;
        this.credits = credits;
        this.subscriptions = subscriptions;
        this.checkout = checkout;
        this.usageHistory = usageHistory;
    }

    @GetMapping("/console/billing")
    String page(Signed signed, @RequestParam(required = false) @Nullable String cursor, Model model) {
        var workspace = signed.caller().workspace();
        var usage = quotas.usage(workspace);
        model.addAttribute("usage", usage);
        if (!usage.billingEnabled()) {
            return "console/billing/page";
        }
        Plan current = quotas.planOf(workspace);
        var ledger = credits.ledger(workspace, cursor, 100);
        model.addAttribute("plan", current);
        model.addAttribute("plans", plans.all());
        model.addAttribute("ledger", ledger.items());
        model.addAttribute("nextCursor", ledger.nextCursor());
        model.addAttribute("subscription", subscriptions.current(workspace).orElse(null));
        model.addAttribute("chart", JSON.writeValueAsString(chart(workspace)));
        model.addAttribute("chartDays", CHART_DAYS);
        model.addAttribute("llmUsage", llmMetering.report(workspace, CHART_DAYS, 20));
        return "console/billing/page";
    }

    @PostMapping("/console/billing/checkout")
    @ConsoleRole(Role.ADMIN)
    String checkout(
            Signed signed,
            @RequestParam String plan,
            @RequestParam(defaultValue = "stripe") String provider,
            RedirectAttributes redirect) {
        try {
            return "redirect:" + checkout.start(signed.caller().workspace(), plan, provider, null);
        } catch (ProblemException problem) {
            Flash.error(redirect, "Checkout is not available: " + problem.detail());
            return "redirect:/console/billing";
        }
    }

    // Runs and credits used per UTC day, summed over the whole ledger by billing (one GROUP BY).
    private Map<String, Object> chart(WorkspaceId workspace) {
        List<String> labels = new ArrayList<>();
        List<Long> runs = new ArrayList<>();
        List<Long> used = new ArrayList<>();
        for (UsageHistory.UsageDay day : usageHistory.lastDays(workspace, CHART_DAYS)) {
            labels.add(day.day().toString().substring(5));
            runs.add(day.runs());
            used.add(day.credits());
        }
        return Map.of("labels", labels, "runs", runs, "credits", used);
    }
}
