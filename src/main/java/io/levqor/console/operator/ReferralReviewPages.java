package io.levqor.console.operator;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.Flash;
import io.levqor.growth.ReferralView;
import io.levqor.growth.Referrals;
import io.levqor.identity.OperatorDirectory;
import io.levqor.shared.ProblemException;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's review of referrals the fraud rules held: approve (the reward is granted, once) or reject. The list
 * and the decisions are growth's {@link Referrals}, as behind {@code /api/v1/admin/referrals}. Everyone but the
 * operator gets a 404.
 */
@Controller
class ReferralReviewPages {

    static final int PAGE = 50;
    static final List<String> STATUSES = List.of("flagged", "pending", "rewarded", "rejected");
    private static final String PATH = "/console/operator/referrals";

    private final OperatorDirectory directory;
    private final Referrals referrals;

    ReferralReviewPages(OperatorDirectory directory, Referrals referrals) {
        this.directory = directory;
        this.referrals = referrals;
    }

    @GetMapping(PATH)
    String list(
            Signed signed,
            @RequestParam(defaultValue = "flagged") String status,
            @RequestParam(required = false) @Nullable String cursor,
            Model model) {
        requireOperator(signed);
        var page = referrals.list(status, cursor, PAGE);
        model.addAttribute("status", status);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("referrals", page.items());
        model.addAttribute("nextCursor", page.nextCursor());
        return "console/operator/referrals";
    }

    @PostMapping(PATH + "/{id}/approve")
    String approve(Signed signed, @PathVariable UUID id, RedirectAttributes redirect) {
        requireOperator(signed);
        return decide(
                redirect, "approved", () -> referrals.approve(id, signed.user().user()));
    }

    @PostMapping(PATH + "/{id}/reject")
    String reject(Signed signed, @PathVariable UUID id, RedirectAttributes redirect) {
        requireOperator(signed);
        return decide(
                redirect, "rejected", () -> referrals.reject(id, signed.user().user()));
    }

    // A second click (or another operator's decision in between) is growth's 409: said on the page, not an error page.
    private static String decide(
            RedirectAttributes redirect, String verb, java.util.function.Supplier<ReferralView> call) {
        try {
            ReferralView decided = call.get();
            Flash.ok(
                    redirect,
                    "Referral " + decided.id() + " " + verb + "."
                            + (decided.status().equals("rewarded")
                                    ? " The referrer's workspace got its credits."
                                    : ""));
        } catch (ProblemException problem) {
            if (problem.status() != HttpStatus.CONFLICT && problem.status() != HttpStatus.NOT_FOUND) {
                throw problem;
            }
            Flash.error(redirect, "Not " + verb + ": " + problem.detail());
        }
        return "redirect:" + PATH;
    }

    private void requireOperator(Signed signed) {
        if (!directory.isOperator(signed.user().user())) {
            throw new ProblemException(
                    HttpStatus.NOT_FOUND, "not-found", "Not found", "There is no page at " + PATH + ".");
        }
    }
}
