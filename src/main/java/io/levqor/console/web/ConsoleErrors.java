package io.levqor.console.web;

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

    ConsoleErrors(ConsoleFrames frames) {
        this.frames = frames;
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
        model.addAttribute("title", problem.title());
        model.addAttribute("detail", problem.detail());
        return "console/error";
    }
}
