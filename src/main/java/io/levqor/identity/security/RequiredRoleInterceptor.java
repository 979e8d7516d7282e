package io.levqor.identity.security;

import io.levqor.identity.internal.IdentityProblem;
import io.levqor.shared.Caller;
import io.levqor.shared.ProblemException;
import io.levqor.shared.RequiresRole;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The one place where {@link RequiresRole} is enforced: before a handler runs, its method's annotation (or else its
 * class's) names the least role; a caller below it gets 403, no caller 401. What it throws reaches the problem
 * handler like a controller's exception.
 */
final class RequiredRoleInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        RequiresRole required = requiredRole(method);
        if (required == null) {
            return true;
        }
        Caller caller = CurrentCaller.get();
        if (caller == null) {
            throw IdentityProblem.unauthenticated(
                    "Authentication is required: send Authorization: Bearer <access token or API key>.");
        }
        if (!caller.may(required.value())) {
            throw ProblemException.forbidden(
                    "This needs the role " + required.value().apiName() + " or higher; " + "you are "
                            + caller.role().apiName() + ".");
        }
        return true;
    }

    static RequiresRole requiredRole(HandlerMethod method) {
        RequiresRole onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequiresRole.class);
        return onMethod != null
                ? onMethod
                : AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresRole.class);
    }
}
