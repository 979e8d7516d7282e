package io.levqor.identity.security;

import io.levqor.identity.internal.IdentitySettings;
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
 * Security headers on every answer, errors included (they are set before anything else runs). The CSP allows
 * scripts only from this origin: the console uses no inline scripts. HSTS only when the request came over HTTPS,
 * directly or through a proxy that says so.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class SecurityHeadersFilter extends OncePerRequestFilter {

    static final String DEFAULT_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private final String csp;

    SecurityHeadersFilter(IdentitySettings settings) {
        String configured = settings.headers().contentSecurityPolicy();
        this.csp = configured == null || configured.isBlank() ? DEFAULT_CSP : configured;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        setHeaders(request, response);
        chain.doFilter(request, response);
    }

    /** The headers alone: also set by {@link ContainerErrorValve} on answers Tomcat gives before any filter runs. */
    void setHeaders(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", csp);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
        response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        if (request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"))) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        String uri = request.getRequestURI();
        if (uri != null && uri.startsWith("/api/")) {
            response.setHeader("Cache-Control", "no-store");
        }
    }
}
