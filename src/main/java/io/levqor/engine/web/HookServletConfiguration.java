package io.levqor.engine.web;

import io.levqor.engine.internal.Hooks;
import io.levqor.shared.DatabaseAvailability;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Mounts {@link HookServlet} at {@code /hooks/*}, beside Spring MVC's dispatcher. */
@Configuration(proxyBeanMethods = false)
class HookServletConfiguration {

    @Bean
    ServletRegistrationBean<HookServlet> hookServlet(Hooks hooks, JsonMapper json, DatabaseAvailability database) {
        var registration = new ServletRegistrationBean<>(new HookServlet(hooks, json, database), "/hooks/*");
        registration.setName("levqorHooks");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
