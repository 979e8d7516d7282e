package io.levqor.mail.web;

import io.levqor.mail.DevMailbox;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While the development mailbox is off, its paths answer 404 to everyone, before any authentication: an anonymous
 * caller would otherwise get a 401 or a login redirect, which says the path means something here.
 */
@Component
@Conditional(DevMailbox.Off.class)
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class DevMailboxGate extends OncePerRequestFilter {

    static final Set<String> PATHS = Set.of("/api/v1/dev/mailbox", "/console/mailbox");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !PATHS.contains(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }
}
