package io.levqor.ops.status.web;

import io.levqor.ops.status.RecentAnswers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts the answers of {@code /api/**} and {@code /hooks/**} by status for the status page. Outermost of Levqor's
 * filters (before the database-unavailable 503s, the rate limits and authentication) so it sees every answer.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AnswerCountingFilter extends OncePerRequestFilter {

    private final RecentAnswers answers;

    AnswerCountingFilter(RecentAnswers answers) {
        this.answers = answers;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return family(request.getRequestURI()) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RecentAnswers.Family family = family(request.getRequestURI());
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            // An exception that escapes every filter becomes the container's 500.
            if (family != null) {
                answers.record(family, failed ? 500 : response.getStatus());
            }
        }
    }

    private static RecentAnswers.@org.jspecify.annotations.Nullable Family family(String uri) {
        if (uri.startsWith("/api/")) {
            return RecentAnswers.Family.API;
        }
        if (uri.startsWith("/hooks/")) {
            return RecentAnswers.Family.WEBHOOKS;
        }
        return null;
    }
}
