package io.levqor.console.web;

import io.levqor.console.security.ConsoleSession;
import io.levqor.identity.WorkspaceSuspensions;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Console handlers take a {@link ConsoleSession.Signed} parameter, and their {@link ConsoleRole} is enforced. */
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration implements WebMvcConfigurer {

    private final ConsoleSession session;
    private final WorkspaceSuspensions suspensions;

    ConsoleWebConfiguration(ConsoleSession session, WorkspaceSuspensions suspensions) {
        this.session = session;
        this.suspensions = suspensions;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ConsoleRoleInterceptor(session)).addPathPatterns("/console/**");
        registry.addInterceptor(new ConsoleSuspensionInterceptor(session, suspensions))
                .addPathPatterns("/console/**");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == ConsoleSession.Signed.class;
            }

            @Override
            public Object resolveArgument(
                    MethodParameter parameter,
                    ModelAndViewContainer container,
                    NativeWebRequest request,
                    WebDataBinderFactory binders) {
                return session.signed().orElseThrow(() -> new ConsoleForbidden("Log in first."));
            }
        });
    }
}
