package io.levqor.identity.security;

import io.levqor.identity.internal.IdentitySettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /metrics} and health details are for the operator: a caller either sends {@code Authorization: Bearer
 * <LEVQOR_METRICS_TOKEN>} or connects from the loopback without any forwarding header (a reverse proxy on the same
 * machine relays everyone from the loopback, and says so with one). Anyone else gets 401 on {@code /metrics}, and
 * only the overall status from {@code /health}, {@code /health/liveness} and {@code /health/readiness}, which probes
 * need. An authorized request is marked with the role {@value #ROLE}, which health's {@code show-details:
 * when-authorized} asks for. Registered after Spring Security's filters, so its request is the one MVC sees.
 */
@Component
class ManagementAccessFilter extends OncePerRequestFilter {

    static final String ROLE = "LEVQOR_METRICS";

    private final byte[] token;
    private final ProblemWriter problems;

    ManagementAccessFilter(IdentitySettings settings, ProblemWriter problems) {
        this.token = settings.metricsToken().trim().getBytes(StandardCharsets.UTF_8);
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/metrics")
                || path.startsWith("/metrics/")
                || path.equals("/health")
                || path.startsWith("/health/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (authorized(request)) {
            chain.doFilter(new Operator(request), response);
            return;
        }
        if (request.getRequestURI().startsWith("/metrics")) {
            response.setHeader("WWW-Authenticate", "Bearer");
            problems.write(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "unauthorized",
                    "Unauthorized",
                    "Metrics need Authorization: Bearer <LEVQOR_METRICS_TOKEN>, or a request from the loopback.",
                    Map.of());
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean authorized(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (token.length > 0 && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            byte[] offered = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(offered, token)) {
                return true;
            }
        }
        InetAddress client = ClientAddressFilter.literal(request.getRemoteAddr());
        return client != null && client.isLoopbackAddress() && !ClientAddressFilter.forwarded(request);
    }

    private static final class Operator extends HttpServletRequestWrapper {

        Operator(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Principal getUserPrincipal() {
            Principal principal = super.getUserPrincipal();
            return principal != null ? principal : () -> "metrics";
        }

        @Override
        public boolean isUserInRole(String role) {
            return ROLE.equals(role) || super.isUserInRole(role);
        }
    }
}
