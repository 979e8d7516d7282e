package io.levqor.identity.security;

import io.levqor.identity.security.RateLimiter.Decision;
import io.levqor.shared.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rate-limits {@code /api/**}: per API key or user (by the workspace's tier) once authenticated, per IP otherwise,
 * and per IP with the stricter {@code auth} limit on {@code /api/v1/auth/**}. Every answer carries the
 * {@code X-RateLimit-*} headers and the IETF {@code RateLimit-Policy}/{@code RateLimit} fields; a refusal is 429
 * with {@code Retry-After}.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final ProblemWriter problems;

    RateLimitFilter(RateLimiter limiter, ProblemWriter problems) {
        this.limiter = limiter;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !limiter.enabled() || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Decision decision = decide(request);
        response.setHeader("X-RateLimit-Limit", Integer.toString(decision.limit()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(decision.resetSeconds()));
        response.setHeader("RateLimit-Policy", "\"%s\";q=%d;w=60".formatted(decision.policy(), decision.limit()));
        response.setHeader(
                "RateLimit",
                "\"%s\";r=%d;t=%d".formatted(decision.policy(), decision.remaining(), decision.resetSeconds()));
        if (!decision.allowed()) {
            response.setHeader("Retry-After", Long.toString(decision.retryAfter()));
            problems.write(
                    response,
                    HttpStatus.TOO_MANY_REQUESTS,
                    "rate-limited",
                    "Too many requests",
                    "The rate limit of " + decision.limit() + " requests per minute (" + decision.policy()
                            + ") is used up; retry in " + decision.retryAfter() + " s.",
                    Map.of("limit", decision.limit(), "retryAfterSeconds", decision.retryAfter()));
            return;
        }
        chain.doFilter(request, response);
    }

    private Decision decide(HttpServletRequest request) {
        String ip = request.getRemoteAddr();
        if (request.getRequestURI().startsWith("/api/v1/auth/")) {
            return limiter.forAuth(ip);
        }
        Caller caller = CurrentCaller.get();
        if (caller == null) {
            return limiter.forAnonymous(ip);
        }
        String key = caller.apiKeyId() != null
                ? "key:" + caller.apiKeyId()
                : "user:" + caller.user().value();
        return limiter.forCaller(key, caller.workspace());
    }
}
