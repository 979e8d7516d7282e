package io.levqor.billing.web;

import io.levqor.billing.OperatorAdjustments;
import io.levqor.billing.OperatorAdjustments.CreditAdjustment;
import io.levqor.billing.OperatorAdjustments.PlanChange;
import io.levqor.billing.SpendGuard;
import io.levqor.billing.SpendGuardView;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import io.swagger.v3.oas.annotations.Operation;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's controls over a workspace's billing: its plan, its credits and its daily spend cap. Identity lets
 * only the platform operator reach {@code /api/v1/admin/**}; the role here is the least any caller needs, the operator
 * check is that path rule. Every change is audited in the workspace's and the operator's log.
 */
@RestController
class AdminWorkspacesController {

    private final OperatorAdjustments adjustments;
    private final SpendGuard spendGuard;

    AdminWorkspacesController(OperatorAdjustments adjustments, SpendGuard spendGuard) {
        this.adjustments = adjustments;
        this.spendGuard = spendGuard;
    }

    /**
     * @param plan a configured plan id
     * @param reason why (required; audited)
     * @param keepProviderSubscription must be true when the workspace has a live provider subscription: it is not
     *     cancelled, keeps billing, and its next event sets its own plan again
     * @param grantCredits grant the plan's monthly credits now (once per Idempotency-Key)
     */
    record PlanRequest(
            @Nullable String plan,
            @Nullable String reason,
            @Nullable Boolean keepProviderSubscription,
            @Nullable Boolean grantCredits) {}

    @Operation(
            summary = "Assign a plan to a workspace without a payment",
            description = "Complimentary plans, partners, corrections. A live Stripe/Razorpay subscription is not"
                    + " cancelled at the provider: the request is refused (409) unless keepProviderSubscription is"
                    + " true, and then the subscription's next event sets its plan again. grantCredits adds the"
                    + " plan's monthly credits once per Idempotency-Key.")
    @PutMapping("/api/v1/admin/workspaces/{workspaceId}/plan")
    @RequiresRole(Role.VIEWER)
    PlanChange assignPlan(
            Caller caller,
            @PathVariable UUID workspaceId,
            @RequestBody PlanRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        return adjustments.assignPlan(
                caller,
                new WorkspaceId(workspaceId),
                request.plan(),
                request.reason(),
                Boolean.TRUE.equals(request.keepProviderSubscription()),
                Boolean.TRUE.equals(request.grantCredits()),
                idempotencyKey);
    }

    /**
     * @param credits positive grants, negative removes
     * @param reason why (required; audited)
     */
    record CreditsRequest(@Nullable Long credits, @Nullable String reason) {}

    @Operation(
            summary = "Grant or remove a workspace's credits",
            description = "Appends an adjustment line to the workspace's credit ledger. A removal never takes the"
                    + " balance below zero: what it could not take is the line's shortfall. With an Idempotency-Key"
                    + " a repeat answers the first outcome (Idempotent-Replayed: true) and moves nothing; the same"
                    + " key with another amount is a 422.")
    @PostMapping("/api/v1/admin/workspaces/{workspaceId}/credits")
    @RequiresRole(Role.VIEWER)
    ResponseEntity<CreditAdjustment> adjustCredits(
            Caller caller,
            @PathVariable UUID workspaceId,
            @RequestBody CreditsRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
        CreditAdjustment done = adjustments.adjustCredits(
                caller, new WorkspaceId(workspaceId), request.credits(), request.reason(), idempotencyKey);
        var response = ResponseEntity.ok();
        if (done.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(done);
    }

    /**
     * What the operator's spend-limit request holds; a member left out stays as it is.
     *
     * @param dailyCredits the cap on credits spent per day; null returns to the configured default
     * @param dailyLlmCostMicros the cap on the day's LLM cost in millionths of the LLM price table's currency; null
     *     returns to the configured default
     */
    record SpendCapRequest(
            @Nullable Long dailyCredits, @Nullable Long dailyLlmCostMicros) {}

    @Operation(
            summary = "Cap a workspace's daily credit spending and LLM cost",
            description = "Once the day's credits reach the credit cap, or its LLM cost the LLM-cost cap, new runs are"
                    + " refused with 402 spend-limit (naming the limit and resetsAt) until the next midnight in the"
                    + " workspace's time zone; runs in flight finish. Raising a cap lets the next run in at once."
                    + " A member left out of the request stays as it is. The owner may set lower limits within"
                    + " these caps. Audited.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @io.swagger.v3.oas.annotations.media.Content(
                                            schema =
                                                    @io.swagger.v3.oas.annotations.media.Schema(
                                                            implementation = SpendCapRequest.class))))
    @PutMapping("/api/v1/admin/workspaces/{workspaceId}/spend-limit")
    @RequiresRole(Role.VIEWER)
    @Nullable
    SpendGuardView setSpendCap(
            Caller caller, @PathVariable UUID workspaceId, @RequestBody tools.jackson.databind.JsonNode request) {
        var body = new SpendLimitBody(request);
        body.requireOneOf("dailyCredits", "dailyLlmCostMicros");
        return spendGuard.setCaps(
                caller, new WorkspaceId(workspaceId), body.limit("dailyCredits"), body.limit("dailyLlmCostMicros"));
    }

    @Operation(summary = "A workspace's daily spend guard and today's spending")
    @GetMapping("/api/v1/admin/workspaces/{workspaceId}/spend-limit")
    @RequiresRole(Role.VIEWER)
    @Nullable
    SpendGuardView spendCap(Caller caller, @PathVariable UUID workspaceId) {
        return spendGuard.view(new WorkspaceId(workspaceId));
    }
}
