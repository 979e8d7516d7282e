package io.levqor.shared.web;

import io.levqor.shared.OpenApiProblems;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Puts the errors every operation can answer into the OpenAPI document, as {@code application/problem+json}
 * {@code ProblemDetail}s: 400 everywhere (a malformed query string is refused on any path), 404 where the path
 * or the body names something (anything under /api), 409 on writes, 413 with a body, 422 with an
 * {@code Idempotency-Key}, 429 where the rate limit applies. Identity adds 401/403 to the operations that need a credential; modules add their own (402, 502, 503).
 * It runs late, after the customizers that add operations of their own ({@code /hooks/{token}}).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemResponsesCustomizer implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        openApi.schema(OpenApiProblems.SCHEMA, problemSchema());
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    ApiResponses responses =
                            operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
                    operation.setResponses(responses);
                    OpenApiProblems.add(
                            responses, "400", "The request is invalid: the problem's errors name each field");
                    if (path.contains("{") || path.startsWith("/api/")) {
                        // Named in the path or the body, or the caller's workspace itself: gone, or another's.
                        OpenApiProblems.add(responses, "404", "Nothing with this id in the caller's workspace");
                    }
                    boolean writes = method != PathItem.HttpMethod.GET;
                    if (writes && path.startsWith("/api/")) {
                        OpenApiProblems.add(responses, "409", "The change conflicts with the current state");
                    }
                    if (operation.getRequestBody() != null) {
                        OpenApiProblems.add(responses, "413", "The body is larger than levqor.max-body-size");
                    }
                    if (hasHeader(operation, "Idempotency-Key")) {
                        OpenApiProblems.add(
                                responses, "422", "The Idempotency-Key was used before with another request");
                    }
                    if (path.startsWith("/api/") || path.startsWith("/hooks/")) {
                        OpenApiProblems.add(responses, "429", "Too many requests: retry after Retry-After seconds");
                    }
                }));
    }

    private static boolean hasHeader(Operation operation, String name) {
        if (operation.getParameters() == null) {
            return false;
        }
        for (Parameter parameter : operation.getParameters()) {
            if ("header".equals(parameter.getIn()) && name.equalsIgnoreCase(parameter.getName())) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemSchema() {
        Schema<?> error =
                new ObjectSchema().addProperty("field", new StringSchema()).addProperty("message", new StringSchema());
        error.setRequired(List.of("field", "message"));
        Schema problem = new ObjectSchema()
                .description("RFC 9457 problem details; type URIs under https://levqor.io/problems/ never change")
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema().minimum(BigDecimal.valueOf(400)))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().items(error));
        problem.setRequired(List.of("type", "title", "status"));
        // Problems may carry more members (limit, plans, provider, retryAfter): clients ignore what they don't know.
        problem.setAdditionalProperties(Boolean.TRUE);
        return problem;
    }
}
