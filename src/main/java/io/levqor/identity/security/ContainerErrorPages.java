package io.levqor.identity.security;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Puts {@link ContainerErrorValve} in place of Tomcat's HTML error report valve on the embedded server's host. */
@Component
class ContainerErrorPages implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final SecurityHeadersFilter headers;
    private final JsonMapper json;

    ContainerErrorPages(SecurityHeadersFilter headers, JsonMapper json) {
        this.headers = headers;
        this.json = json;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                // The host adds a valve of this class only when its pipeline has none yet: ours, with its
                // collaborators, is that one, so Tomcat's HTML valve is never added.
                host.setErrorReportValveClass(ContainerErrorValve.class.getName());
                host.getPipeline().addValve(new ContainerErrorValve(headers, json));
            }
        });
    }
}
