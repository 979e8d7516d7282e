package io.levqor.console.web;

import io.levqor.console.security.ConsoleSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Refuses a console handler to a member below its {@link ConsoleRole}: hidden buttons cannot be forged around. */
final class ConsoleRoleInterceptor implements HandlerInterceptor {

    private final ConsoleSession session;

    ConsoleRoleInterceptor(ConsoleSession session) {
        this.session = session;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        ConsoleRole required = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), ConsoleRole.class);
        if (required == null) {
            required = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), ConsoleRole.class);
        }
        if (required == null) {
            return true;
        }
        var signed = session.signed().orElseThrow(() -> new ConsoleForbidden("Log in first."));
        if (!signed.may(required.value())) {
            throw new ConsoleForbidden("This needs the role " + required.value().apiName() + " or higher; you are "
                    + signed.role().apiName() + ".");
        }
        return true;
    }
}
