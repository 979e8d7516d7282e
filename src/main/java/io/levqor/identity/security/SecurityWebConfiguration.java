package io.levqor.identity.security;

import io.levqor.identity.WorkspaceSuspensions;
import io.levqor.shared.Caller;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers Caller resolution and role enforcement with Spring MVC. */
@Configuration(proxyBeanMethods = false)
class SecurityWebConfiguration implements WebMvcConfigurer {

    private final WorkspaceSuspensions suspensions;

    SecurityWebConfiguration(WorkspaceSuspensions suspensions) {
        this.suspensions = suspensions;
    }

    static {
        // A Caller comes from the credentials, not from the request's parameters: keep it out of the OpenAPI document.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RequiredRoleInterceptor());
        // After the role check: a caller who may not write at all learns that first.
        registry.addInterceptor(new SuspendedWorkspaceInterceptor(suspensions));
    }
}
