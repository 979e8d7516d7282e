package io.levqor.engine.web;

import io.levqor.shared.OpenApiProblems;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.UUIDSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Adds {@code POST /hooks/{token}} to the OpenAPI document ({@link HookServlet} is a plain servlet, which springdoc
 * cannot see), and the {@code 402} of a run refused for its plan to the operations that start runs. Ordered
 * first, so that the shared error responses and the security section are added to the webhook too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class HookOpenApiCustomizer implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            openApi.setPaths(new Paths());
        }
        Schema<?> started = new ObjectSchema()
                .addProperty("runId", new UUIDSchema())
                .addProperty("status", new StringSchema())
                .addProperty("statusUrl", new StringSchema().format("uri"));
        started.setRequired(List.of("runId"));
        ApiResponses responses = new ApiResponses()
                .addApiResponse(
                        "200",
                        new ApiResponse()
                                .description("A workflow that responds sync: the run's output, when it ended in time")
                                .addHeaderObject("Idempotent-Replayed", replayed())
                                .content(json(new Schema<>())))
                .addApiResponse(
                        "202",
                        new ApiResponse()
                                .description("The run is queued; a sync workflow past its timeout adds status and"
                                        + " statusUrl")
                                .addHeaderObject("Idempotent-Replayed", replayed())
                                .content(json(started)));
        OpenApiProblems.add(
                responses, "400", "Idempotency-Key or the definition's dedupe key is blank or over 255 characters");
        OpenApiProblems.add(responses, "401", "The workflow has a secret and X-Levqor-Signature does not match");
        OpenApiProblems.add(responses, "404", "No active webhook has this address");
        Operation receive = new Operation()
                .operationId("receiveWebhook")
                .summary("Starts a run of the workflow whose webhook address this is")
                .description("Public: the unguessable token is the credential, with an optional HMAC signature"
                        + " (X-Levqor-Signature: sha256=<hex>). Any body: JSON is passed to the run as JSON, anything"
                        + " else as text. A NUL character is refused with 400.")
                .addTagsItem("webhooks")
                .addParametersItem(
                        new Parameter().name("token").in("path").required(true).schema(new StringSchema()))
                .addParametersItem(new Parameter()
                        .name("Idempotency-Key")
                        .in("header")
                        .required(false)
                        .description("1-255 characters: the same key within the retention window (24h) answers the"
                                + " run the first delivery started and starts nothing new (Idempotent-Replayed:"
                                + " true); a definition's dedupe expression, when it yields a key, wins")
                        .schema(new StringSchema().maxLength(255)))
                .requestBody(new RequestBody()
                        .required(false)
                        .content(new Content()
                                .addMediaType(
                                        org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                                        new MediaType().schema(new Schema<>()))
                                .addMediaType(
                                        org.springframework.http.MediaType.TEXT_PLAIN_VALUE,
                                        new MediaType().schema(new StringSchema()))))
                .responses(responses);
        openApi.getPaths().addPathItem("/hooks/{token}", new PathItem().post(receive));
        // A signed resume link: a forged or expired one is not found, a run not waiting at its step a conflict.
        PathItem resume = openApi.getPaths().get("/resume/{token}");
        if (resume != null) {
            for (Operation operation : resume.readOperations()) {
                if (operation.getResponses() != null) {
                    OpenApiProblems.add(operation.getResponses(), "404", "The link is forged or expired");
                    OpenApiProblems.add(
                            operation.getResponses(), "409", "The run is not waiting at the link's wait step");
                }
            }
        }
        // Every way of starting a run is refused with 402 when the workspace's plan allows no more runs today.
        for (String path : List.of("/hooks/{token}", "/api/v1/workflows/{id}/runs", "/api/v1/runs/{id}/retry")) {
            PathItem item = openApi.getPaths().get(path);
            if (item != null && item.getPost() != null && item.getPost().getResponses() != null) {
                OpenApiProblems.add(
                        item.getPost().getResponses(), "402", "Quota exceeded: the plan allows no more runs today");
            }
        }
    }

    private static Header replayed() {
        return new Header()
                .description("true when an earlier delivery with the same key started the run")
                .schema(new StringSchema()._enum(List.of("true")));
    }

    private static Content json(Schema<?> schema) {
        return new Content()
                .addMediaType(
                        org.springframework.http.MediaType.APPLICATION_JSON_VALUE, new MediaType().schema(schema));
    }
}
