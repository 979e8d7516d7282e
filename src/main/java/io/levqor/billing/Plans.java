package io.levqor.billing;

import io.levqor.billing.internal.BillingSettings;
import io.levqor.shared.Money;
import io.levqor.shared.ValidationFailed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** The plan catalogue, read from configuration once at start-up. */
@Service
public class Plans {

    private final List<Plan> plans;
    private final Plan free;

    public Plans(BillingSettings settings) {
        List<Plan> all = new ArrayList<>();
        for (BillingSettings.PlanSettings p : settings.plans()) {
            List<Money> prices = new ArrayList<>();
            for (Map.Entry<String, Long> price : p.prices().entrySet()) {
                prices.add(Money.of(price.getValue(), price.getKey().toUpperCase(Locale.ROOT)));
            }
            prices.sort((a, b) ->
                    a.currency().getCurrencyCode().compareTo(b.currency().getCurrencyCode()));
            all.add(new Plan(
                    p.id(),
                    p.name() == null ? p.id() : p.name(),
                    p.signupCredits(),
                    p.monthlyCredits(),
                    p.dailyRunCap(),
                    new RateLimit(p.rateLimit().requests(), p.rateLimit().per()),
                    p.tier() == null ? p.id() : p.tier(),
                    prices));
        }
        this.plans = List.copyOf(all);
        this.free = plans.stream()
                .filter(p -> p.id().equals(settings.freePlan()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "levqor.billing.free-plan '" + settings.freePlan() + "' is not among levqor.billing.plans"));
    }

    public List<Plan> all() {
        return plans;
    }

    public Plan free() {
        return free;
    }

    public Optional<Plan> find(String id) {
        return plans.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The plan a workspace's account row names; an unknown id (a plan removed from configuration) is free. */
    public Plan orFree(String id) {
        return find(id).orElse(free);
    }

    /** A plan that can be bought, or a 400 naming {@code field}. */
    public Plan requirePaid(String field, String id) {
        return find(id).filter(Plan::isPaid)
                .orElseThrow(() -> ValidationFailed.of(
                        field,
                        "must be one of "
                                + plans.stream()
                                        .filter(Plan::isPaid)
                                        .map(Plan::id)
                                        .toList()));
    }
}
