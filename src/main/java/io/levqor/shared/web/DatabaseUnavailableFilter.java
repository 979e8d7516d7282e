package io.levqor.shared.web;

import io.levqor.shared.DatabaseAvailability;
import io.levqor.shared.DatabaseUnavailable;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * While the database is unavailable, answers {@code /hooks/**}, {@code /api/**} and {@code /billing/**} at once
 * with {@code 503} and {@code Retry-After} rather than letting each request wait for a connection that will not
 * come. Costs one volatile read per request; runs before authentication, which may need the database itself.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class DatabaseUnavailableFilter extends OncePerRequestFilter {

    private final DatabaseAvailability database;
    private final JsonMapper json;

    DatabaseUnavailableFilter(DatabaseAvailability database, JsonMapper json) {
        this.database = database;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (database.available()) {
            return true;
        }
        String uri = request.getRequestURI();
        return !(uri.startsWith("/hooks/") || uri.startsWith("/api/") || uri.startsWith("/billing/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        write(response, json);
    }

    /** Writes the 503 problem with its {@code Retry-After}. */
    static void write(HttpServletResponse response, JsonMapper json) throws IOException {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new DatabaseUnavailable().toProblemDetail());
    }
}
