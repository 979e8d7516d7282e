package io.levqor.identity.security;

import io.levqor.identity.internal.IdentityProblem;
import io.levqor.shared.Caller;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves a controller parameter of type {@link Caller}; no authenticated caller answers 401. */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest request,
            WebDataBinderFactory binders) {
        Caller caller = CurrentCaller.get();
        if (caller == null) {
            throw IdentityProblem.unauthenticated(
                    "Authentication is required: send Authorization: Bearer <access token or API key>.");
        }
        return caller;
    }
}
