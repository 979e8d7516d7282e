package io.levqor.console.growth;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.Flash;
import io.levqor.growth.PartnerDashboard;
import io.levqor.growth.Partners;
import io.levqor.shared.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A signed-in user's partnership in the current workspace: the application form until they apply, then the status,
 * link, figures, customers (masked), payouts and monthly statements, through growth's {@link Partners} as behind
 * {@code /api/v1/partners}.
 */
@Controller
class PartnerPages {

    private static final String PATH = "/console/partner";

    private final Partners partners;
    private final Clock clock;

    PartnerPages(Partners partners, Clock clock) {
        this.partners = partners;
        this.clock = clock;
    }

    @GetMapping(PATH)
    String show(Signed signed, Model model) {
        PartnerDashboard dashboard = null;
        try {
            dashboard = partners.dashboard(signed.caller());
        } catch (ProblemException problem) {
            if (problem.status() != HttpStatus.NOT_FOUND) {
                throw problem;
            }
        }
        model.addAttribute("dashboard", dashboard);
        if (dashboard != null) {
            model.addAttribute("customers", partners.customers(signed.caller()));
            YearMonth month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
            model.addAttribute(
                    "months",
                    java.util.List.of(month.toString(), month.minusMonths(1).toString()));
        }
        return "console/growth/partner";
    }

    @PostMapping(PATH + "/apply")
    String apply(Signed signed, @RequestParam(required = false) @Nullable String website, RedirectAttributes redirect) {
        try {
            partners.apply(signed.caller(), website);
            Flash.ok(redirect, "Application sent. The operator reviews it; your link works once it is approved.");
        } catch (ProblemException problem) {
            if (problem.status() != HttpStatus.BAD_REQUEST && problem.status() != HttpStatus.CONFLICT) {
                throw problem;
            }
            Flash.error(redirect, "Not sent: " + problem.detail());
        }
        return "redirect:" + PATH;
    }

    @GetMapping(PATH + "/statements/{month}.csv")
    ResponseEntity<String> statement(Signed signed, @PathVariable String month) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"levqor-partner-" + month + ".csv\"")
                .body(partners.statement(signed.caller(), month));
    }
}
