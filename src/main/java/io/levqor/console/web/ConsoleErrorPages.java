package io.levqor.console.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Spring's own refusals under {@code /console} (no such page, an id that is not one, a missing form field) as a
 * console page instead of the API's problem+json. They arise before any console controller is chosen, or in
 * argument binding, so {@link ConsoleErrors} (limited to console controllers) never sees the first kind. Runs
 * before Spring's resolvers and answers only for console paths; everything else falls through to them.
 */
@Component
class ConsoleErrorPages implements HandlerExceptionResolver, Ordered {

    private final ConsoleFrames frames;

    ConsoleErrorPages(ConsoleFrames frames) {
        this.frames = frames;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public @Nullable ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, @Nullable Object handler, Exception ex) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!(path.equals("/console") || path.startsWith("/console/"))) {
            return null;
        }
        return switch (ex) {
            // A malformed id names no page, as an unknown one does.
            case NoResourceFoundException e -> page(request, HttpStatus.NOT_FOUND, "There is no such page.");
            case MethodArgumentTypeMismatchException e -> page(request, HttpStatus.NOT_FOUND, "There is no such page.");
            case MissingServletRequestParameterException e ->
                page(request, HttpStatus.BAD_REQUEST, "The form is missing its field " + e.getParameterName() + ".");
            case HttpRequestMethodNotSupportedException e ->
                page(request, HttpStatus.METHOD_NOT_ALLOWED, "This page cannot be used that way.");
            default -> null;
        };
    }

    private ModelAndView page(HttpServletRequest request, HttpStatus status, String detail) {
        return new ModelAndView(
                "console/error",
                Map.of(
                        "console", frames.forRequest(request),
                        "status", status.value(),
                        "problemTitle", status.getReasonPhrase(),
                        "detail", detail),
                status);
    }
}
