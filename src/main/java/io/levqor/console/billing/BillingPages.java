package io.levqor.console.billing;

import io.levqor.billing.Checkout;
import io.levqor.billing.CreditKind;
import io.levqor.billing.Credits;
import io.levqor.billing.LedgerEntry;
import io.levqor.billing.Plan;
import io.levqor.billing.Plans;
import io.levqor.billing.Quotas;
import io.levqor.billing.Subscriptions;
import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.ConsoleRole;
import io.levqor.console.web.Flash;
import io.levqor.shared.ProblemException;
import io.levqor.shared.Role;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    private static final int CHART_DAYS = 14;

    private final Quotas quotas;
    private final Plans plans;
    private final Credits credits;
    private final Subscriptions subscriptions;
    private final Checkout checkout;
    private final Clock clock;

    BillingPages(
            Quotas quotas, Plans plans, Credits credits, Subscriptions subscriptions, Checkout checkout, Clock clock) {
        this.quotas = quotas;
        this.plans = plans;
        this.credits = credits;
        this.subscriptions = subscriptions;
        this.checkout = checkout;
        this.clock = clock;
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
        model.addAttribute("chart", JSON.writeValueAsString(chart(cursor == null ? ledger.items() : List.of())));
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

    // Runs and credits used per UTC day over the last two weeks, from the newest ledger page (debits of kind run).
    private Map<String, Object> chart(List<LedgerEntry> entries) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Map<LocalDate, long[]> days = new LinkedHashMap<>();
        for (int i = CHART_DAYS - 1; i >= 0; i--) {
            days.put(today.minusDays(i), new long[2]);
        }
        for (LedgerEntry entry : entries) {
            long[] day = days.get(LocalDate.ofInstant(entry.at(), ZoneOffset.UTC));
            if (day == null || entry.amount() >= 0) {
                continue;
            }
            if (entry.kind() == CreditKind.RUN) {
                day[0]++;
            }
            day[1] += -entry.amount();
        }
        List<String> labels = new ArrayList<>();
        List<Long> runs = new ArrayList<>();
        List<Long> used = new ArrayList<>();
        days.forEach((day, figures) -> {
            labels.add(day.toString().substring(5));
            runs.add(figures[0]);
            used.add(figures[1]);
        });
        return Map.of("labels", labels, "runs", runs, "credits", used);
    }
}
