package io.levqor.console.growth;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.growth.Referrals;
import io.levqor.identity.RequestInfo;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * A signed-in user's referral code and link in the current workspace, with their counts and what a referral pays.
 * Any member may open it: the code is the user's own, like {@code GET /api/v1/referrals}.
 */
@Controller
class ReferralPages {

    private final Referrals referrals;

    ReferralPages(Referrals referrals) {
        this.referrals = referrals;
    }

    @GetMapping("/console/referrals")
    String show(Signed signed, HttpServletRequest request, Model model) {
        // The client address is remembered for the same-address rule, as when the API hands out the link.
        model.addAttribute(
                "referral",
                referrals.summary(signed.caller(), RequestInfo.of(request).ip()));
        model.addAttribute("terms", referrals.terms());
        return "console/growth/referrals";
    }
}
