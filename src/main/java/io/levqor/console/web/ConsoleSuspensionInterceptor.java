package io.levqor.console.web;

import io.levqor.console.security.ConsoleSession;
import io.levqor.identity.AuditTrail;
import io.levqor.identity.WorkspaceSuspensions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * On every console form post: names the signed-in user as the request's audit actor (services deep down record who
 * changed what), and makes the console read-only in a suspended workspace: the post is refused with identity's
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
                || "HEAD".equals(request.getMethod())) {
            return true;
        }
        var signed = session.signed();
        if (signed.isEmpty()) {
            return true;
        }
        request.setAttribute(
                AuditTrail.ACTOR_ATTRIBUTE, AuditTrail.actorOf(signed.get().caller()));
        if (!request.getRequestURI().equals("/console/workspace")
                && !request.getRequestURI().startsWith("/console/operator/")) {
            suspensions.check(signed.get().caller().workspace());
        }
        return true;
    }
}
