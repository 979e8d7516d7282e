package io.levqor.ops.alerts;

import io.levqor.billing.PlatformSpendLimit;
import io.levqor.billing.PlatformSpendView;
import io.levqor.billing.SpendLimitReached;
import io.levqor.billing.SpendLimitWatch;
import io.levqor.ops.alerts.AlertRules.Firing;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Spend limits reached (billing): {@code SpendLimitReached} per workspace at its daily credit limit (its new runs are
 * refused) and {@code PlatformSpendLimitReached} while the platform's daily cost limit refuses LLM steps. Each
 * resolves at the first round after the limit lifts: the next day, or the limit raised.
 */
@Component
class SpendLimitAlerts implements AlertRule {

    static final String WORKSPACE = "SpendLimitReached";
    static final String PLATFORM = "PlatformSpendLimitReached";

    private final SpendLimitWatch watch;

    SpendLimitAlerts(SpendLimitWatch watch) {
        this.watch = watch;
    }

    @Override
    public List<String> names() {
        return List.of(WORKSPACE, PLATFORM);
    }

    @Override
    public List<Firing> evaluate() {
        List<Firing> firing = new ArrayList<>();
        for (var reached : watch.workspaces()) {
            firing.add(new Firing(
                    WORKSPACE,
                    "warning",
                    Map.of("workspace", reached.workspace().value().toString(), "limit", reached.limit()),
                    Map.of(
                            "summary",
                            summary(reached),
                            "resetsAt",
                            reached.resetsAt().toString())));
        }
        PlatformSpendView platform = watch.platform();
        if (platform.reached() && platform.dailyCostLimit() != null) {
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(
                    "summary",
                    "The platform spent " + platform.spentToday().toPlainString() + " " + platform.currency()
                            + " today (limit " + platform.dailyCostLimit().toPlainString() + "): LLM steps are"
                            + " refused platform-wide until " + platform.resetsAt());
            annotations.put("spentToday", platform.spentToday().toPlainString());
            annotations.put("dailyCostLimit", platform.dailyCostLimit().toPlainString());
            annotations.put("resetsAt", platform.resetsAt().toString());
            firing.add(new Firing(PLATFORM, "critical", Map.of("limit", PlatformSpendLimit.LIMIT), annotations));
        }
        return firing;
    }

    private static String summary(SpendLimitWatch.WorkspaceAtLimit reached) {
        String spent = SpendLimitReached.DAILY_LLM_COST.equals(reached.limit())
                ? "LLM cost of " + micros(reached.spentToday()) + " of its daily " + micros(reached.dailyLimit())
                : reached.spentToday() + " of its " + reached.dailyLimit() + " credits a day";
        return "Workspace spent " + spent + ": new runs are refused until " + reached.resetsAt();
    }

    private static String micros(long micros) {
        return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
    }
}
