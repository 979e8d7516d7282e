package io.levqor.billing;

import io.levqor.shared.ProblemException;
import io.levqor.shared.WorkspaceId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * {@code 402 …/problems/spend-limit}: the workspace reached a daily limit, on credits ({@code limit}
 * {@value #DAILY_CREDITS}) or on LLM cost ({@value #DAILY_LLM_COST}); names the limit, the spending and when it
 * resets (the next midnight in the workspace's time zone).
 */
public class SpendLimitReached extends ProblemException {

    public static final String TYPE = "spend-limit";

    /** The {@code limit} member: the daily credit limit. */
    public static final String DAILY_CREDITS = "daily-credits";

    /** The {@code limit} member: the daily limit on LLM cost. */
    public static final String DAILY_LLM_COST = "daily-llm-cost";

    private final long spentToday;
    private final String limit;

    public SpendLimitReached(WorkspaceId workspace, SpendGuardView guard) {
        super(
                HttpStatus.PAYMENT_REQUIRED,
                TYPE,
                "Daily spend limit reached",
                "The workspace may spend " + guard.dailyCredits() + " credit(s) a day and spent " + guard.spentToday()
                        + " today; a run costs " + guard.runCost() + ". New runs start again at " + guard.resetsAt()
                        + " (midnight, " + guard.timeZone() + "), or sooner if the limit is raised.",
                credits(workspace, guard));
        this.spentToday = guard.spentToday();
        this.limit = DAILY_CREDITS;
    }

    private SpendLimitReached(WorkspaceId workspace, SpendGuardView guard, SpendGuardView.LlmCost llm) {
        super(
                HttpStatus.PAYMENT_REQUIRED,
                TYPE,
                "Daily LLM cost limit reached",
                "The workspace's LLM steps may cost " + money(llm.dailyMicros(), llm.currency()) + " a day and cost "
                        + money(llm.spentTodayMicros(), llm.currency()) + " today. New runs start again at "
                        + guard.resetsAt() + " (midnight, " + guard.timeZone() + "), or sooner if the limit is raised.",
                llmCost(workspace, guard, llm));
        this.spentToday = llm.spentTodayMicros();
        this.limit = DAILY_LLM_COST;
    }

    /** The day's LLM cost reached its limit. */
    public static SpendLimitReached llmCost(WorkspaceId workspace, SpendGuardView guard) {
        return new SpendLimitReached(workspace, guard, guard.llmCost());
    }

    private static Map<String, Object> credits(WorkspaceId workspace, SpendGuardView guard) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("limit", DAILY_CREDITS);
        props.put("workspaceId", workspace.value().toString());
        props.put("dailyCredits", guard.dailyCredits());
        props.put("spentToday", guard.spentToday());
        props.put("runCost", guard.runCost());
        props.put("resetsAt", guard.resetsAt().toString());
        props.put("timeZone", guard.timeZone());
        props.put("setBy", setBy(guard.ownerLimit(), guard.cap(), guard.capSource()));
        return props;
    }

    private static Map<String, Object> llmCost(
            WorkspaceId workspace, SpendGuardView guard, SpendGuardView.LlmCost llm) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("limit", DAILY_LLM_COST);
        props.put("workspaceId", workspace.value().toString());
        props.put("dailyLlmCostMicros", llm.dailyMicros());
        props.put("spentTodayMicros", llm.spentTodayMicros());
        props.put("currency", llm.currency());
        props.put("resetsAt", guard.resetsAt().toString());
        props.put("timeZone", guard.timeZone());
        props.put("setBy", setBy(llm.ownerLimitMicros(), llm.capMicros(), llm.capSource()));
        return props;
    }

    private static @Nullable String setBy(@Nullable Long owner, @Nullable Long cap, @Nullable String capSource) {
        return owner != null && (cap == null || owner <= cap) ? "owner" : capSource;
    }

    private static String money(@Nullable Long micros, String currency) {
        return micros == null
                ? "(no limit)"
                : java.math.BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString() + " " + currency;
    }

    /** What was spent today when the run was refused: credits, or millionths of the currency for LLM cost. */
    public long spentToday() {
        return spentToday;
    }

    /** Which limit: {@value #DAILY_CREDITS} or {@value #DAILY_LLM_COST}. */
    public String limit() {
        return limit;
    }
}
