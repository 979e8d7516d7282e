package io.levqor.billing;

import io.levqor.shared.ProblemException;
import io.levqor.shared.WorkspaceId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * {@code 402 …/problems/spend-limit}: the workspace spent its daily credit limit; names the limit, the spending and
 * when it resets (the next UTC midnight).
 */
public class SpendLimitReached extends ProblemException {

    public static final String TYPE = "spend-limit";

    /** The {@code limit} member: the daily credit limit (the LLM-cost limit is not built yet). */
    public static final String DAILY_CREDITS = "daily-credits";

    private final long spentToday;

    public SpendLimitReached(WorkspaceId workspace, SpendGuardView guard) {
        super(
                HttpStatus.PAYMENT_REQUIRED,
                TYPE,
                "Daily spend limit reached",
                "The workspace may spend " + guard.dailyCredits() + " credit(s) a day and spent " + guard.spentToday()
                        + " today; a run costs " + guard.runCost() + ". New runs start again at " + guard.resetsAt()
                        + " (UTC midnight), or sooner if the limit is raised.",
                properties(workspace, guard));
        this.spentToday = guard.spentToday();
    }

    private static Map<String, Object> properties(WorkspaceId workspace, SpendGuardView guard) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("limit", DAILY_CREDITS);
        props.put("workspaceId", workspace.value().toString());
        props.put("dailyCredits", guard.dailyCredits());
        props.put("spentToday", guard.spentToday());
        props.put("runCost", guard.runCost());
        props.put("resetsAt", guard.resetsAt().toString());
        props.put(
                "setBy",
                guard.ownerLimit() != null && (guard.cap() == null || guard.ownerLimit() <= guard.cap())
                        ? "owner"
                        : guard.capSource());
        return props;
    }

    /** Credits spent today when the run was refused. */
    public long spentToday() {
        return spentToday;
    }
}
