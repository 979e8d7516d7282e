package io.levqor.identity.security;

import io.levqor.shared.OpenApiProblems;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.stereotype.Component;

/**
 * Says in the OpenAPI document which operations need a credential, and how to send one ({@code bearerAuth}: an
 * access token or an API key). Whether an operation is public is asked of the security filter chains themselves
 * (may an anonymous caller reach this path?), so the document can never disagree with {@link SecurityConfiguration}.
 * Operations that need a credential also answer 401 (none, or a bad one) and 403 (a role too low).
 */
@Component
class ApiSecurityCustomizer implements OpenApiCustomizer {

    static final String SCHEME = "bearerAuth";

    private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken(
            "openapi", "anonymous", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

    // Looked up when the document is built: the evaluator is made from the filter chains, after this bean.
    private final ObjectProvider<WebInvocationPrivilegeEvaluator> evaluator;

    ApiSecurityCustomizer(ObjectProvider<WebInvocationPrivilegeEvaluator> evaluator) {
        this.evaluator = evaluator;
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents()
                .addSecuritySchemes(
                        SCHEME,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description("An access token (JWT, from /api/v1/auth/login) or an API key (lvq_…)"));
        if (openApi.getPaths() == null) {
            return;
        }
        WebInvocationPrivilegeEvaluator privileges = evaluator.getObject();
        openApi.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    if (privileges.isAllowed(null, concrete(path), method.name(), ANONYMOUS)) {
                        operation.setSecurity(List.of()); // public: overrides any document-wide requirement
                        if (path.startsWith("/api/v1/auth/") && operation.getResponses() != null) {
                            // Public, but checking a password or a token of its own (log-in, refresh).
                            OpenApiProblems.add(operation.getResponses(), "401", "The password or token is wrong");
                        }
                        return;
                    }
                    operation.setSecurity(List.of(new SecurityRequirement().addList(SCHEME)));
                    ApiResponses responses =
                            operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
                    operation.setResponses(responses);
                    OpenApiProblems.add(responses, "401", "No credential, or one that is invalid or expired");
                    OpenApiProblems.add(responses, "403", "The credential's role is too low for this");
                }));
    }

    /** The template with each {@code {variable}} filled, so the chains' matchers see a path they could receive. */
    static String concrete(String template) {
        return template.replaceAll("\\{[^}/]+}", "00000000-0000-0000-0000-000000000000");
    }
}
