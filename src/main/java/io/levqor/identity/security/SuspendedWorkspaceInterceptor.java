package io.levqor.identity.security;

import io.levqor.identity.WorkspaceSuspensions;
import io.levqor.shared.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses the API's writes (every method but GET, HEAD, OPTIONS) in a suspended workspace with {@code 403
 * …/problems/workspace-suspended}. Reads stay open, and so do signing in and out ({@code /api/v1/auth/**}), the
 * caller's own account ({@code /api/v1/me}) and the operator's endpoints ({@code /api/v1/admin/**}). Only writes
 * pay the look-up: one primary-key read.
 */
final class SuspendedWorkspaceInterceptor implements HandlerInterceptor {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final WorkspaceSuspensions suspensions;

    SuspendedWorkspaceInterceptor(WorkspaceSuspensions suspensions) {
        this.suspensions = suspensions;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod) || READS.contains(request.getMethod())) {
            return true;
        }
        Caller caller = CurrentCaller.get();
        if (caller == null || exempt(request.getRequestURI())) {
            return true;
        }
        suspensions.check(caller.workspace());
        return true;
    }

    private static boolean exempt(String path) {
        return path.startsWith("/api/v1/auth/")
                || path.startsWith("/api/v1/admin/")
                || path.equals("/api/v1/me")
                || path.startsWith("/api/v1/me/");
    }
}
