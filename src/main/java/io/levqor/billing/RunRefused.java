package io.levqor.billing;

import io.levqor.shared.WorkspaceId;
import java.time.Instant;
import java.util.UUID;

/**
 * A run was refused by its workspace's plan.
 *
 * @param limit {@code daily-run-cap}, {@code credits} or {@code spend-limit}
 * @param usage runs today for the cap, the credit balance for credits, credits spent today for the spend limit (for
 *     the LLM-cost limit, the day's LLM cost in millionths of the price table's currency)
 */
public record RunRefused(WorkspaceId workspace, UUID runId, String trigger, String limit, long usage, Instant at) {}
