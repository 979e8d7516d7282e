package io.levqor.growth.web;

import io.levqor.growth.ReferralSummary;
import io.levqor.growth.Referrals;
import io.levqor.identity.RequestInfo;
import io.levqor.shared.Caller;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A user's referral code, link and counts in the current workspace. */
@RestController
class ReferralController {

    private final Referrals referrals;

    ReferralController(Referrals referrals) {
        this.referrals = referrals;
    }

    @GetMapping("/api/v1/referrals")
    @RequiresRole(Role.VIEWER)
    ReferralSummary mine(Caller caller, HttpServletRequest request) {
        return referrals.summary(caller, RequestInfo.of(request).ip());
    }
}
