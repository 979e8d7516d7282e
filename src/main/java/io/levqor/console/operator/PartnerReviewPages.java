package io.levqor.console.operator;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.Flash;
import io.levqor.growth.PartnerTotals;
import io.levqor.growth.PartnerView;
import io.levqor.growth.Partners;
import io.levqor.growth.PayoutView;
import io.levqor.identity.OperatorDirectory;
import io.levqor.shared.ProblemException;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's page of all partners with their commission and payouts, and the approve / reject decisions. Lists
 * and decisions are growth's {@link Partners}, as behind {@code /api/v1/admin/partners}. Everyone but the operator
 * gets a 404.
 */
@Controller
class PartnerReviewPages {

    private static final String PATH = "/console/operator/partners";

    /** A partner's row: the totals and how many of its payouts are in each state. */
    record Row(PartnerTotals totals, long payouts, long payoutsPending) {}

    private final OperatorDirectory directory;
    private final Partners partners;

    PartnerReviewPages(OperatorDirectory directory, Partners partners) {
        this.directory = directory;
        this.partners = partners;
    }

    @GetMapping(PATH)
    String list(Signed signed, Model model) {
        requireOperator(signed);
        List<Row> rows = partners.list(null).stream()
                .map(t -> {
                    List<PayoutView> payouts = partners.payouts(t.partner().id());
                    return new Row(
                            t,
                            payouts.size(),
                            payouts.stream()
                                    .filter(p -> p.status().equals("pending"))
                                    .count());
                })
                .toList();
        model.addAttribute("rows", rows);
        return "console/operator/partners";
    }

    @PostMapping(PATH + "/{id}/approve")
    String approve(Signed signed, @PathVariable UUID id, RedirectAttributes redirect) {
        requireOperator(signed);
        return decide(
                redirect, "approved", () -> partners.approve(id, signed.user().user(), null, null));
    }

    @PostMapping(PATH + "/{id}/reject")
    String reject(Signed signed, @PathVariable UUID id, RedirectAttributes redirect) {
        requireOperator(signed);
        return decide(
                redirect, "rejected", () -> partners.reject(id, signed.user().user()));
    }

    // A second click (or another operator's decision in between) is growth's 409: said on the page, not an error page.
    private static String decide(RedirectAttributes redirect, String verb, Supplier<PartnerView> call) {
        try {
            PartnerView decided = call.get();
            Flash.ok(redirect, "Partner " + decided.code() + " " + verb + ".");
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
