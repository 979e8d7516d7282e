package io.levqor.billing.web;

import io.levqor.billing.PaymentView;
import io.levqor.billing.Payments;
import io.levqor.billing.RefundResult;
import io.levqor.identity.AuditTrail;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's refunds. Identity lets only the platform operator reach {@code /api/v1/admin/**}; the role here
 * is the least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminPaymentsController {

    private static final Logger log = LoggerFactory.getLogger(AdminPaymentsController.class);

    private final Payments payments;
    private final AuditTrail audit;

    AdminPaymentsController(Payments payments, AuditTrail audit) {
        this.payments = payments;
        this.audit = audit;
    }

    record PaymentsResponse(List<PaymentView> items) {}

    /** A workspace's payments, for the operator to find the one to refund. */
    @GetMapping("/api/v1/admin/payments")
    @RequiresRole(Role.VIEWER)
    PaymentsResponse list(Caller caller, @RequestParam UUID workspaceId) {
        return new PaymentsResponse(payments.list(new WorkspaceId(workspaceId), 100));
    }

    /** @param amount minor units; absent → the rest of the payment */
    record RefundRequest(@Nullable Long amount) {}

    @PostMapping("/api/v1/admin/payments/{id}/refund")
    @RequiresRole(Role.VIEWER)
    RefundResult refund(
            Caller caller, @PathVariable UUID id, @RequestBody(required = false) @Nullable RefundRequest request) {
        log.info("Operator {} refunds payment {}", caller.user(), id);
        RefundResult result = payments.refund(id, request == null ? null : request.amount());
        // The workspace's own log got billing.refund-recorded with the refund; this is the operator's trail.
        audit.record(
                caller,
                "operator.payment-refunded",
                "payment:" + id + " amount=" + result.amount() + " refundedTotal=" + result.refundedTotal()
                        + " creditsClawedBack=" + result.creditsClawedBack());
        return result;
    }
}
