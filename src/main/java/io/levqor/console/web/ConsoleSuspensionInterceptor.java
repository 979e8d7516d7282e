package io.levqor.console.web;

import io.levqor.console.security.ConsoleSession;
import io.levqor.identity.WorkspaceSuspensions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Makes the console read-only in a suspended workspace: every form post is refused with identity's
 * {@code workspace-suspended} problem (shown on the error page), except switching workspace and the operator's pages.
 */
final class ConsoleSuspensionInterceptor implements HandlerInterceptor {

    private final ConsoleSession session;
    private final WorkspaceSuspensions suspensions;

    ConsoleSuspensionInterceptor(ConsoleSession session, WorkspaceSuspensions suspensions) {
        this.session = session;
        this.suspensions = suspensions;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod)
                || "GET".equals(request.getMethod())
                || "HEAD".equals(request.getMethod())
                || request.getRequestURI().equals("/console/workspace")
                || request.getRequestURI().startsWith("/console/operator/")) {
            return true;
        }
        session.signed().ifPresent(signed -> suspensions.check(signed.caller().workspace()));
        return true;
    }
}
