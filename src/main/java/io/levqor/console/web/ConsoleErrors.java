package io.levqor.console.web;

import io.levqor.billing.Plan;
import io.levqor.billing.Plans;
import io.levqor.billing.QuotaExceeded;
import io.levqor.shared.ProblemException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Problems raised while serving a console page become a page, not problem+json. Ordered before the API's handler,
 * and limited to console controllers.
 */
@ControllerAdvice(basePackages = "io.levqor.console")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

    private final ConsoleFrames frames;
    private final Plans plans;

    ConsoleErrors(ConsoleFrames frames, Plans plans) {
        this.frames = frames;
        this.plans = plans;
    }

    /** A run refused for the plan: an upgrade prompt naming the limit and the plans that lift it. */
    @ExceptionHandler(QuotaExceeded.class)
    String quotaExceeded(
            QuotaExceeded refused,
            Model model,
            jakarta.servlet.http.HttpServletRequest request,
            HttpServletResponse response) {
        response.setStatus(refused.status().value());
        model.addAttribute("console", frames.forRequest(request));
        model.addAttribute("refused", refused);
        model.addAttribute("capReached", QuotaExceeded.DAILY_RUN_CAP.equals(refused.limit()));
        model.addAttribute("plans", plans.all().stream().filter(Plan::isPaid).toList());
        return "console/billing/upgrade";
    }

    @ExceptionHandler(ProblemException.class)
    String problem(
            ProblemException problem,
            Model model,
            jakarta.servlet.http.HttpServletRequest request,
            HttpServletResponse response) {
        response.setStatus(problem.status().value());
        model.addAttribute("console", frames.forRequest(request));
        model.addAttribute("status", problem.status().value());
        // Not "title": the layout's fragment parameter of that name would shadow it (raw markup in the heading).
        model.addAttribute("problemTitle", problem.title());
        model.addAttribute("detail", problem.detail());
        return "console/error";
    }
}
