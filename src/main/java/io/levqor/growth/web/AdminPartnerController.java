package io.levqor.growth.web;

import io.levqor.growth.PartnerTotals;
import io.levqor.growth.PartnerView;
import io.levqor.growth.Partners;
import io.levqor.growth.PayoutView;
import io.levqor.shared.Caller;
import io.levqor.shared.ProblemException;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's partner programme. Identity lets only the platform operator reach {@code /api/v1/admin/**}; the
 * role here is the least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminPartnerController {

    /** An approval, optionally with terms other than the programme's. */
    record Approval(@Nullable Integer rateBps, @Nullable Integer months) {}

    /** A Stripe connected account, or null for manual payouts. */
    record Connection(@Nullable String connectedAccount) {}

    private final Partners partners;

    AdminPartnerController(Partners partners) {
        this.partners = partners;
    }

    @GetMapping("/api/v1/admin/partners")
    @RequiresRole(Role.VIEWER)
    List<PartnerTotals> list(Caller caller, @RequestParam(required = false) @Nullable String status) {
        return partners.list(status);
    }

    @PostMapping("/api/v1/admin/partners/{id}/approve")
    @RequiresRole(Role.VIEWER)
    PartnerView approve(Caller caller, @PathVariable UUID id, @RequestBody(required = false) @Nullable Approval body) {
        return partners.approve(
                id, operator(caller), body == null ? null : body.rateBps(), body == null ? null : body.months());
    }

    @PostMapping("/api/v1/admin/partners/{id}/reject")
    @RequiresRole(Role.VIEWER)
    PartnerView reject(Caller caller, @PathVariable UUID id) {
        return partners.reject(id, operator(caller));
    }

    @PutMapping("/api/v1/admin/partners/{id}/connected-account")
    @RequiresRole(Role.VIEWER)
    PartnerView connect(Caller caller, @PathVariable UUID id, @RequestBody Connection body) {
        return partners.connect(id, body.connectedAccount());
    }

    @GetMapping("/api/v1/admin/partners/{id}/payouts")
    @RequiresRole(Role.VIEWER)
    List<PayoutView> payouts(Caller caller, @PathVariable UUID id) {
        return partners.payouts(id);
    }

    @PostMapping("/api/v1/admin/partners/payouts/{id}/paid")
    @RequiresRole(Role.VIEWER)
    PayoutView paid(Caller caller, @PathVariable UUID id) {
        return partners.markPaid(id);
    }

    @PostMapping("/api/v1/admin/partners/payouts/run")
    @RequiresRole(Role.VIEWER)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void run(Caller caller) {
        partners.runPayouts();
    }

    private static UserId operator(Caller caller) {
        if (caller.user() == null) {
            throw ProblemException.forbidden("A partner is decided by the operator signed in, not by an API key");
        }
        return caller.user();
    }
}
