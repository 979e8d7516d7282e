package io.levqor.growth.web;

import io.levqor.growth.ReferralPage;
import io.levqor.growth.ReferralView;
import io.levqor.growth.Referrals;
import io.levqor.shared.Caller;
import io.levqor.shared.ProblemException;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's review of referrals. Identity lets only the platform operator reach {@code /api/v1/admin/**}; the
 * role here is the least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminReferralController {

    private final Referrals referrals;

    AdminReferralController(Referrals referrals) {
        this.referrals = referrals;
    }

    @GetMapping("/api/v1/admin/referrals")
    @RequiresRole(Role.VIEWER)
    ReferralPage list(
            Caller caller,
            @RequestParam(defaultValue = "flagged") String status,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        return referrals.list(status, cursor, limit);
    }

    @PostMapping("/api/v1/admin/referrals/{id}/approve")
    @RequiresRole(Role.VIEWER)
    ReferralView approve(Caller caller, @PathVariable UUID id) {
        return referrals.approve(id, operator(caller));
    }

    @PostMapping("/api/v1/admin/referrals/{id}/reject")
    @RequiresRole(Role.VIEWER)
    ReferralView reject(Caller caller, @PathVariable UUID id) {
        return referrals.reject(id, operator(caller));
    }

    private static UserId operator(Caller caller) {
        if (caller.user() == null) {
            throw ProblemException.forbidden("A referral is decided by the operator signed in, not by an API key");
        }
        return caller.user();
    }
}
