package io.levqor.identity.security;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
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
                // Spring Boot's own customizer may have added an HTML ErrorReportValve already (it does when stack
                // traces are never shown, the default): it goes, whichever order the customizers ran in.
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ContainerErrorValve)) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                // The host adds a valve of this class at start only when its pipeline has none yet: ours, with its
                // collaborators, is that one, so Tomcat's default HTML valve is never added either.
                host.setErrorReportValveClass(ContainerErrorValve.class.getName());
                host.getPipeline().addValve(new ContainerErrorValve(headers, json));
            }
        });
    }
}
