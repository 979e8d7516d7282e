package io.levqor.billing.web;

import io.levqor.billing.Payments;
import io.levqor.billing.RefundResult;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's refunds. Identity lets only the platform operator reach {@code /api/v1/admin/**}; the role here
 * is the least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminPaymentsController {

    private static final Logger log = LoggerFactory.getLogger(AdminPaymentsController.class);

    private final Payments payments;

    AdminPaymentsController(Payments payments) {
        this.payments = payments;
    }

    /** @param amount minor units; absent → the rest of the payment */
    record RefundRequest(@Nullable Long amount) {}

    @PostMapping("/api/v1/admin/payments/{id}/refund")
    @RequiresRole(Role.VIEWER)
    RefundResult refund(
            Caller caller, @PathVariable UUID id, @RequestBody(required = false) @Nullable RefundRequest request) {
        log.info("Operator {} refunds payment {}", caller.user(), id);
        return payments.refund(id, request == null ? null : request.amount());
    }
}
